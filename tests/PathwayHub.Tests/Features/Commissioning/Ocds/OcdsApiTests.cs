using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using PathwayHub.Tests.Infrastructure;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>The OCDS export over HTTP, validated against the OCDS 1.1 release-package and record-package schemas (TestData/ocds-1.1).</summary>
public sealed class OcdsApiTests : IAsyncLifetime
{
    private const string ReleaseSchemaUrl = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
    private readonly WebApp _app = new();
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _app.Browser();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Points the package schema's reference to the release schema at the local copy (no network here).</summary>
    internal static void Local(JsonNode schema)
    {
        schema.AsObject().Remove("id");
        JsonSchemas.RewriteRefs(schema, ReleaseSchemaUrl, Path.Combine(AppContext.BaseDirectory, "TestData", "ocds-1.1", "release-schema.json"));
        // The versioned release validation schema is not kept here: the record's versioned release is checked by replaying its releases (OcdsDataReviewTests).
        (schema["definitions"]?["record"]?["properties"] as JsonObject)?.Remove("versionedRelease");
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Release_package_has_one_valid_compiled_release_per_published_process()
    {
        var package = await JsonAsync(await _client.GetAsync("/api/ocds/releases"));
        await JsonSchemas.AssertValidAsync("ocds-1.1", "release-package-schema.json", package, Local);

        // The release schema is really applied through the package's reference: a status outside its codelist is caught.
        var broken = JsonNode.Parse(package.GetRawText())!;
        broken["releases"]![0]!["tender"]!["status"] = "awarded";
        Assert.NotEmpty(await JsonSchemas.ErrorsAsync("ocds-1.1", "release-package-schema.json", JsonDocument.Parse(broken.ToJsonString()).RootElement, Local));

        var releases = package.GetProperty("releases").EnumerateArray().ToList();
        // Seeded: three published tenders (the one being planned is not published) and four agreements made without a tender.
        Assert.Equal(7, releases.Count);
        Assert.All(releases, r =>
        {
            Assert.StartsWith("ocds-nerrop-", r.GetProperty("ocid").GetString(), StringComparison.Ordinal);
            Assert.Equal("compiled", Assert.Single(r.GetProperty("tag").EnumerateArray()).GetString());
        });
        Assert.Equal(releases.Count, releases.Select(r => r.GetProperty("ocid").GetString()).Distinct().Count());
        Assert.DoesNotContain(releases, r => r.GetProperty("tender").GetProperty("id").GetString() == "NE-ROM-2026-011");

        var awarded = releases.Single(r => r.GetProperty("tender").GetProperty("id").GetString() == "NE-ROM-2024-019");
        Assert.Equal("complete", awarded.GetProperty("tender").GetProperty("status").GetString());
        Assert.Equal("limited", awarded.GetProperty("tender").GetProperty("procurementMethod").GetString());
        var contract = Assert.Single(awarded.GetProperty("contracts").EnumerateArray());
        Assert.Equal("active", contract.GetProperty("status").GetString());
        Assert.Equal(85000m, contract.GetProperty("value").GetProperty("amount").GetDecimal());
        Assert.Equal("GBP", contract.GetProperty("value").GetProperty("currency").GetString());
        // Milestones are published only once a commissioner marks them (OcdsPublicationTests); the seeded ones are not marked.
        Assert.False(contract.TryGetProperty("milestones", out _));
        var award = Assert.Single(awarded.GetProperty("awards").EnumerateArray());
        Assert.Equal(contract.GetProperty("awardID").GetString(), award.GetProperty("id").GetString());
        Assert.Equal("One Plus One", Assert.Single(award.GetProperty("suppliers").EnumerateArray()).GetProperty("name").GetString());
        var supplierParty = awarded.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "One Plus One");
        Assert.Equal(["supplier", "tenderer"], supplierParty.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // Bids are not published, and bidders are named only once the tender is awarded: the evaluation tender names none.
        var evaluation = releases.Single(r => r.GetProperty("tender").GetProperty("id").GetString() == "NE-ROM-2026-004");
        Assert.False(evaluation.GetProperty("tender").TryGetProperty("numberOfTenderers", out _));
        Assert.False(evaluation.GetProperty("tender").TryGetProperty("tenderers", out _));
        Assert.False(evaluation.TryGetProperty("awards", out _));
        Assert.DoesNotContain("57500", evaluation.GetRawText(), StringComparison.Ordinal);

        var expired = releases.Single(r => r.GetProperty("tender").GetProperty("id").GetString() == "GR-NE-2023-07");
        Assert.Equal("direct", expired.GetProperty("tender").GetProperty("procurementMethod").GetString());
        Assert.Equal("terminated", expired.GetProperty("contracts")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Record_package_for_an_ocid_is_valid_and_an_unknown_ocid_is_404()
    {
        var package = await JsonAsync(await _client.GetAsync("/api/ocds/releases"));
        var ocid = package.GetProperty("releases").EnumerateArray()
            .Single(r => r.GetProperty("tender").GetProperty("id").GetString() == "NE-ROM-2024-019").GetProperty("ocid").GetString()!;

        var record = await JsonAsync(await _client.GetAsync($"/api/ocds/records/{ocid}"));
        await JsonSchemas.AssertValidAsync("ocds-1.1", "record-package-schema.json", record, Local);
        var r = Assert.Single(record.GetProperty("records").EnumerateArray());
        Assert.Equal(ocid, r.GetProperty("ocid").GetString());
        Assert.Equal(ocid, r.GetProperty("compiledRelease").GetProperty("ocid").GetString());
        // The record carries the process's individual releases; the same are in the release package asked for them.
        var embedded = r.GetProperty("releases").EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList();
        Assert.Equal([$"{ocid}-tender", $"{ocid}-award-{AgreementOf(r)}", $"{ocid}-contract-{AgreementOf(r)}"], embedded);
        var single = await JsonAsync(await _client.GetAsync($"/api/ocds/releases?ocid={ocid}&releases=individual"));
        await JsonSchemas.AssertValidAsync("ocds-1.1", "release-package-schema.json", single, Local);
        Assert.Equal(embedded, single.GetProperty("releases").EnumerateArray().Select(x => x.GetProperty("id").GetString()));

        var missing = await _client.GetAsync("/api/ocds/records/ocds-nerrop-tender-99999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no contracting process", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var planned = package.GetProperty("releases").EnumerateArray().Select(x => x.GetProperty("ocid").GetString()).ToHashSet();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/ocds/records/other-prefix-tender-1")).StatusCode);
        Assert.Equal(7, planned.Count);
    }

    /// <summary>The agreement number of a record's one contract, from its award id.</summary>
    private static string AgreementOf(JsonElement record) =>
        record.GetProperty("compiledRelease").GetProperty("awards")[0].GetProperty("id").GetString()!["award-".Length..];

    [Fact]
    public async Task Releases_are_paged_with_a_next_link_and_the_ocid_prefix_is_configurable()
    {
        var first = await JsonAsync(await _client.GetAsync("/api/ocds/releases?size=4"));
        Assert.Equal(4, first.GetProperty("releases").GetArrayLength());
        var next = first.GetProperty("links").GetProperty("next").GetString()!;
        var second = await JsonAsync(await _client.GetAsync(new Uri(next).PathAndQuery));
        Assert.Equal(3, second.GetProperty("releases").GetArrayLength());
        Assert.False(second.TryGetProperty("links", out _));
        Assert.Empty(first.GetProperty("releases").EnumerateArray().Select(r => r.GetProperty("ocid").GetString())
            .Intersect(second.GetProperty("releases").EnumerateArray().Select(r => r.GetProperty("ocid").GetString())));
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/ocds/releases?size=0")).StatusCode);

        await using var other = _app.WithWebHostBuilder(b => b.UseSetting("Ocds:Prefix", "ocds-abc123"));
        var package = await JsonAsync(await other.CreateClient().GetAsync("/api/ocds/releases"));
        Assert.All(package.GetProperty("releases").EnumerateArray(), r => Assert.StartsWith("ocds-abc123-", r.GetProperty("ocid").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_link_is_on_the_configured_public_address_whatever_host_the_request_names()
    {
        // AllowedHosts would refuse the forged host outright (SecurityHeaderTests); open it here to show the links do not depend on it.
        await using var configured = _app.WithWebHostBuilder(b => b.UseSetting("PublicUrl", TestApp.PublicUrl).UseSetting("AllowedHosts", "*"));
        var client = configured.CreateClient();

        async Task<JsonElement> ForgedAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "attacker.example";
            request.Headers.Add("X-Forwarded-Host", "attacker.example");
            return await JsonAsync(await client.SendAsync(request));
        }

        var page = await ForgedAsync("/api/ocds/releases?size=2");
        var record = await ForgedAsync($"/api/ocds/records/{page.GetProperty("releases")[0].GetProperty("ocid").GetString()}");
        string[] links =
        [
            page.GetProperty("uri").GetString()!, page.GetProperty("links").GetProperty("next").GetString()!,
            record.GetProperty("uri").GetString()!,
        ];
        Assert.All(links, link => Assert.StartsWith(TestApp.PublicUrl + "/api/ocds/", link, StringComparison.Ordinal));
        Assert.Equal(TestApp.PublicUrl + "/api/ocds/releases?page=2&size=2", links[1]);
        Assert.DoesNotContain("attacker", page.GetRawText() + record.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/ocds/releases?page=2147483647", "page")]
    [InlineData("/api/ocds/releases?page=2147483647&size=5000", "page")]
    [InlineData("/api/ocds/releases?page=0", "page")]
    [InlineData("/api/ocds/releases?page=-1", "page")]
    [InlineData("/api/ocds/releases?page=abc", "page")]
    [InlineData("/api/ocds/releases?page=99999999999", "page")]
    [InlineData("/api/ocds/releases?size=-1", "size")]
    [InlineData("/api/ocds/releases?size=0", "size")]
    [InlineData("/api/ocds/releases?size=5001", "size")]
    [InlineData("/api/ocds/releases?size=abc", "size")]
    [InlineData("/api/ocds/releases?releases=all", "releases")]
    [InlineData("/api/ocds/releases?releases=Individual", "releases")]
    [InlineData("/api/ocds/releases?ocid=ocds-nerrop-tender-abc", "ocid")]
    [InlineData("/api/ocds/releases?ocid=ocds-nerrop-tender-99999999999", "ocid")]
    [InlineData("/api/ocds/releases?ocid=ocds-nerrop-bid-1", "ocid")]
    [InlineData("/api/ocds/records/ocds-nerrop-agreement-x", "ocid")]
    [InlineData("/api/ocds/records/ocds-nerrop-tender--1", "ocid")]
    public async Task Absurd_parameter_is_a_400_with_a_json_message_naming_it(string path, string parameter)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith(parameter + " ", message, StringComparison.Ordinal);
    }
}
