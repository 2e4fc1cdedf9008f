using System.Net;
using System.Text.Json;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Commissioning;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>What the data-review tools check of every package: the ocid prefix's shape, the licence, the publication policy and the publisher.</summary>
public sealed class OcdsPackageMetadataTests : IAsyncLifetime
{
    private readonly WebApp _app = new(new Dictionary<string, string>
    {
        ["Ocds:Prefix"] = "ocds-ab12cd",
        ["Ocds:PublisherScheme"] = "GB-GOR",
        ["Ocds:PublisherUid"] = "EA1234",
        ["Ocds:PublisherUri"] = "https://pathways.example.org",
        ["PublicUrl"] = "https://pathways.example.org",
    });
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _app.Browser();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("ocds-pwhub")]    // five characters: fails ^ocds-[a-z0-9]{6}- on every ocid
    [InlineData("ocds-ABCDEF")]   // upper case
    [InlineData("ocds-abc1234")]  // seven
    [InlineData("pwhub1")]
    public void A_prefix_not_in_the_registered_shape_stops_the_start(string prefix)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new OcdsOptions { Prefix = prefix }.Validate());
        Assert.Contains("Ocds:Prefix", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_settings_are_valid() => new OcdsOptions().Validate();

    [Theory]
    [InlineData("/api/ocds/releases")]
    [InlineData("/api/ocds/releases?page=1&size=2")]
    public async Task Every_package_carries_the_licence_the_publication_policy_and_the_publisher(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var package = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = package.RootElement;

        Assert.Equal("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", root.GetProperty("license").GetString());
        Assert.Equal("https://pathways.example.org/open-data/publication-policy.html", root.GetProperty("publicationPolicy").GetString());
        var publisher = root.GetProperty("publisher");
        Assert.Equal(("GB-GOR", "EA1234", "https://pathways.example.org"),
            (publisher.GetProperty("scheme").GetString(), publisher.GetProperty("uid").GetString(), publisher.GetProperty("uri").GetString()));
        Assert.All(root.GetProperty("releases").EnumerateArray(), r =>
            Assert.Matches("^ocds-ab12cd-", r.GetProperty("ocid").GetString()!));
    }

    [Fact]
    public async Task The_publication_policy_the_packages_point_at_is_served_to_anyone()
    {
        using var response = await _client.GetAsync("/open-data/publication-policy.html", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<h1>Open data publication policy</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Never published", html, StringComparison.Ordinal);
    }
}
