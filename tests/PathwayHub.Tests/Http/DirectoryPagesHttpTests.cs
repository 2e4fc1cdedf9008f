using System.Net;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data.Seed;

namespace PathwayHub.Tests.Http;

public sealed class DirectoryPagesHttpTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Public_directory_needs_no_sign_in()
    {
        var response = await _app.Browser().GetAsync("/directory/public");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Services for prisoners and their families", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/directory")]
    [InlineData("/directory/coverage")]
    [InlineData("/directory/changes")]
    [InlineData("/directory/services.csv")]
    public async Task Signed_in_directory_pages_send_anonymous_visitors_to_sign_in(string path)
    {
        var response = await _app.Browser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_search_and_coverage_export_as_csv()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "commissioner@pathwayhub.example", Seeder.DemoPassword);

        var services = await client.GetStringAsync("/directory/services.csv?text=nepacs");
        var coverage = await client.GetStringAsync("/directory/coverage.csv?axis=service-types");

        var lines = services.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("Prison visitor centres", services, StringComparison.Ordinal);
        Assert.Contains("Visitor centre", coverage.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(10, coverage.Trim().Split('\n').Length);
    }
}
