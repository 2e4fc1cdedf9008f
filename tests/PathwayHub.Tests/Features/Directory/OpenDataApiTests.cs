using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.OpenData;

namespace PathwayHub.Tests.Features.Directory;

/// <summary>The open data API over HTTP, its answers validated against the HSDS 3.0 compiled schemas (TestData/hsds-3.0).</summary>
public abstract class OpenDataApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private WebApp _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await WebApp.OnAsync(provider);
        _client = _app.Browser();
        // As a web page on another site calls it: CORS answers only requests that name their origin.
        _client.DefaultRequestHeaders.Add("Origin", "https://example.org");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    // The stand-alone taxonomy and taxonomy_term schemas refer to metadata.json, which is not kept here; the compiled service
    // schema carries both in full, so they are read from inside it.
    private const string TaxonomyTermSchema = "service.json#/properties/attributes/items/properties/taxonomy_term";
    private const string TaxonomySchema = TaxonomyTermSchema + "/properties/taxonomy_detail";

    private static Task AssertValidAsync(string schemaFile, JsonElement json) => JsonSchemas.AssertValidAsync("hsds-3.0", schemaFile, json);

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await _client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>Seeded service-at-locations: 34 rows, less the one at HMP Acklington, which closed and whose listing moved to HMP Northumberland, where that service already was.</summary>
    private const int ServiceAtLocations = 33;

    private async Task<JsonElement> PageAsync(string path, string itemSchema, int expectedTotal)
    {
        var (status, json, _) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expectedTotal, json.GetProperty("total_items").GetInt32());
        foreach (var item in json.GetProperty("contents").EnumerateArray()) await AssertValidAsync(itemSchema, item);
        return json;
    }

    /// <summary>
    /// Seeded: sixteen approved organisations, five of them with published listings. The others (buyers such as NOMS North East,
    /// funders) are not in the public directory, so not in the open data either.
    /// </summary>
    private const int PublishedOrganisations = 5;

    [Fact]
    public async Task Root_names_the_hsds_version_and_anyone_may_call_from_any_origin()
    {
        var (status, json, response) = await GetAsync("/api/directory/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3.0", json.GetProperty("version").GetString());
        Assert.True(json.TryGetProperty("profile", out _));
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Services_are_paged_with_page_and_per_page()
    {
        var first = await PageAsync("/api/directory/services?per_page=3", "service_list.json", 7);
        Assert.Equal(3, first.GetProperty("total_pages").GetInt32());
        Assert.Equal(1, first.GetProperty("page_number").GetInt32());
        Assert.Equal(3, first.GetProperty("size").GetInt32());
        Assert.True(first.GetProperty("first_page").GetBoolean());
        Assert.False(first.GetProperty("last_page").GetBoolean());
        Assert.False(first.GetProperty("empty").GetBoolean());

        var last = await PageAsync("/api/directory/services?per_page=3&page=3", "service_list.json", 7);
        Assert.Equal(1, last.GetProperty("size").GetInt32());
        Assert.True(last.GetProperty("last_page").GetBoolean());
        Assert.False(last.GetProperty("first_page").GetBoolean());

        var beyond = await PageAsync("/api/directory/services?per_page=3&page=9", "service_list.json", 7);
        Assert.True(beyond.GetProperty("empty").GetBoolean());
    }

    [Fact]
    public async Task Services_filter_by_search_term_organization_and_modified_after()
    {
        var terms = await PageAsync("/api/directory/taxonomy_terms?per_page=200", TaxonomyTermSchema, 22);
        var visitorCentre = terms.GetProperty("contents").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Visitor centre").GetProperty("id").GetString();
        var orgs = await PageAsync("/api/directory/organizations?per_page=200", "organization_list.json", PublishedOrganisations);
        var nepacs = orgs.GetProperty("contents").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "NEPACS").GetProperty("id").GetString();

        var byTerm = await PageAsync($"/api/directory/services?taxonomy_term_id={visitorCentre}", "service_list.json", 1);
        Assert.Equal("Prison visitor centres", byTerm.GetProperty("contents")[0].GetProperty("name").GetString());
        await PageAsync($"/api/directory/services?organization_id={nepacs}", "service_list.json", 2);
        await PageAsync("/api/directory/services?search=LITERACY", "service_list.json", 1);
        await PageAsync("/api/directory/services?modified_after=2026-10-01T00:00:00Z", "service_list.json", 2);
        await PageAsync("/api/directory/services?modified_after=2030-01-01", "service_list.json", 0);

        // "On or after": a service changed at exactly the moment asked for is included.
        using (var scope = _app.Services.CreateScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
            await db.Services.Where(s => s.Name == "Family Literacy in Prison").ExecuteUpdateAsync(u => u.SetProperty(s => s.LastModifiedUtc, new DateTime(2029, 11, 1, 9, 0, 0, DateTimeKind.Utc)), TestContext.Current.CancellationToken);
        await PageAsync("/api/directory/services?modified_after=2029-11-01T09:00:00Z", "service_list.json", 1);
        await PageAsync("/api/directory/services?modified_after=2029-11-01T09:00:01Z", "service_list.json", 0);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/directory/servics")]
    [InlineData("/api/ocds/recrds")]
    public async Task An_unknown_path_under_api_answers_a_json_404_not_the_portals_page(string path)
    {
        var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(path, json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Full_service_has_organization_locations_and_taxonomy_terms_and_matches_the_schema()
    {
        var list = await PageAsync("/api/directory/services?search=Building%20Stronger", "service_list.json", 1);
        var id = list.GetProperty("contents")[0].GetProperty("id").GetString();

        var (status, service, _) = await GetAsync($"/api/directory/services/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        await AssertValidAsync("service.json", service);
        Assert.Equal("Pact", service.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("active", service.GetProperty("status").GetString());
        var locations = service.GetProperty("service_at_locations").EnumerateArray().Select(s => s.GetProperty("location")).ToList();
        Assert.Contains("HMP Holme House", locations.Select(l => l.GetProperty("name").GetString()));
        // Each prison names its PathwayHub prison record, so a consumer can tell prisons apart from other sites.
        var holmeHouse = locations.Single(l => l.GetProperty("name").GetString() == "HMP Holme House");
        Assert.Equal("pathwayhub-prison", holmeHouse.GetProperty("external_identifier_type").GetString());
        Assert.Equal("hmp-holme-house", holmeHouse.GetProperty("external_identifier").GetString());
        var terms = service.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("taxonomy_term").GetProperty("name").GetString()).ToList();
        Assert.Contains("Families and Social Support", terms);
        Assert.Contains("Relationship programme", terms);

        var (again, same, _) = await GetAsync($"/api/directory/services/{id}");
        Assert.Equal(service.GetRawText(), same.GetRawText());
        Assert.Equal(HttpStatusCode.OK, again);
    }

    [Fact]
    public async Task Other_collections_and_single_items_match_their_schemas()
    {
        var taxonomies = await PageAsync("/api/directory/taxonomies", TaxonomySchema, 2);
        var taxonomyId = taxonomies.GetProperty("contents")[0].GetProperty("id").GetString();
        var (s1, taxonomy, _) = await GetAsync($"/api/directory/taxonomies/{taxonomyId}");
        Assert.Equal(HttpStatusCode.OK, s1);
        await AssertValidAsync(TaxonomySchema, taxonomy);
        await PageAsync($"/api/directory/taxonomy_terms?taxonomy_id={taxonomyId}", TaxonomyTermSchema, 9);

        var orgs = await PageAsync("/api/directory/organizations?per_page=200", "organization_list.json", PublishedOrganisations);
        var pact = orgs.GetProperty("contents").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "Pact").GetProperty("id").GetString();
        var (s2, org, _) = await GetAsync($"/api/directory/organizations/{pact}");
        Assert.Equal(HttpStatusCode.OK, s2);
        await AssertValidAsync("organization.json", org);
        Assert.Equal(2, org.GetProperty("services").GetArrayLength());

        var sals = await PageAsync("/api/directory/service_at_locations?per_page=200", "service_at_location_list.json", ServiceAtLocations);
        var salId = sals.GetProperty("contents")[0].GetProperty("id").GetString();
        var (s3, sal, _) = await GetAsync($"/api/directory/service_at_locations/{salId}");
        Assert.Equal(HttpStatusCode.OK, s3);
        await AssertValidAsync("service_at_location.json", sal);
        Assert.True(sal.TryGetProperty("service", out _));
    }

    [Theory]
    [InlineData("/api/directory/services?page=0")]
    [InlineData("/api/directory/services?per_page=abc")]
    [InlineData("/api/directory/services?per_page=100000")]
    [InlineData("/api/directory/services?taxonomy_term_id=visitor-centre")]
    [InlineData("/api/directory/services?organization_id=42")]
    [InlineData("/api/directory/services?modified_after=yesterday")]
    [InlineData("/api/directory/services/not-a-guid")]
    [InlineData("/api/directory/organizations?page=-1")]
    [InlineData("/api/directory/organizations/not-a-guid")]
    [InlineData("/api/directory/taxonomies?per_page=0")]
    [InlineData("/api/directory/taxonomies/not-a-guid")]
    [InlineData("/api/directory/taxonomy_terms?taxonomy_id=pathways")]
    [InlineData("/api/directory/taxonomy_terms/not-a-guid")]
    [InlineData("/api/directory/service_at_locations?page=two")]
    [InlineData("/api/directory/service_at_locations/not-a-guid")]
    [InlineData("/api/directory/services?page=2147483647")]
    [InlineData("/api/directory/services?page=2147483647&per_page=200")]
    [InlineData("/api/directory/services?page=99999999999")]
    [InlineData("/api/directory/services?page=abc")]
    [InlineData("/api/directory/services?per_page=-1")]
    [InlineData("/api/directory/services?per_page=0")]
    [InlineData("/api/directory/organizations?page=2147483647")]
    [InlineData("/api/directory/taxonomies?page=2147483647")]
    [InlineData("/api/directory/taxonomy_terms?page=2147483647")]
    [InlineData("/api/directory/service_at_locations?page=2147483647")]
    public async Task Bad_parameter_is_a_400_with_a_message_naming_it_and_allowed_from_any_origin(string path)
    {
        var (status, json, response) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = json.GetProperty("message").GetString()!;
        var parameter = path.Contains('?', StringComparison.Ordinal) ? path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('=')[0] : "id";
        Assert.Contains(parameter, message, StringComparison.Ordinal);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_browser_preflight_from_another_origin_is_allowed_for_get()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/directory/services?per_page=5");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "accept, x-requested-with");
        var response = await _client.SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services")]
    [InlineData("organizations")]
    [InlineData("taxonomies")]
    [InlineData("taxonomy_terms")]
    [InlineData("service_at_locations")]
    public async Task Unknown_id_is_a_404_with_a_message(string collection)
    {
        var (status, json, response) = await GetAsync($"/api/directory/{collection}/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no published", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Unpublished_service_is_not_served()
    {
        var list = await PageAsync("/api/directory/services?search=Family%20Literacy", "service_list.json", 1);
        var id = Guid.Parse(list.GetProperty("contents")[0].GetProperty("id").GetString()!);
        var dbs = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            (await db.Services.SingleAsync(s => s.PublicId == id)).IsPublished = false;
            await db.SaveChangesAsync();
        }

        await PageAsync("/api/directory/services", "service_list.json", 6);
        var (status, _, _) = await GetAsync($"/api/directory/services/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task The_last_page_there_could_be_is_empty_never_an_earlier_page_again()
    {
        var last = await PageAsync($"/api/directory/services?per_page=1&page={int.MaxValue}", "service_list.json", 7);
        Assert.True(last.GetProperty("empty").GetBoolean());
        Assert.Equal(0, last.GetProperty("contents").GetArrayLength());
        Assert.Equal(int.MaxValue, last.GetProperty("page_number").GetInt32());
    }

    [Fact]
    public async Task Only_approved_organisations_with_a_published_listing_and_their_listings_are_served()
    {
        var dbs = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        Guid noms, pact;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            noms = await db.Organisations.Where(o => o.Name == "NOMS North East").Select(o => o.PublicId).SingleAsync();
            pact = await db.Organisations.Where(o => o.Name == "Pact").Select(o => o.PublicId).SingleAsync();
        }
        // Approved, but with no listing in the public directory: a buyer in commissioning, not a directory entry.
        var orgs = await PageAsync("/api/directory/organizations?per_page=200", "organization_list.json", PublishedOrganisations);
        Assert.DoesNotContain("NOMS North East", orgs.GetProperty("contents").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/directory/organizations/{noms}")).Status);

        var pactServices = (await PageAsync($"/api/directory/services?organization_id={pact}", "service_list.json", 2))
            .GetProperty("contents").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList();
        var sals = (await PageAsync("/api/directory/service_at_locations?per_page=200", "service_at_location_list.json", ServiceAtLocations))
            .GetProperty("contents").EnumerateArray().ToList();
        var pactSals = sals.Where(x => pactServices.Contains(x.GetProperty("service_id").GetString()!)).Select(x => x.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(pactSals);

        // An organisation that is not (or no longer) approved takes its listings out of the open data with it, even if they
        // are still marked published.
        await using (var db = await dbs.CreateDbContextAsync())
        {
            (await db.Organisations.SingleAsync(o => o.PublicId == pact)).Status = OrganisationStatus.Inactive;
            await db.SaveChangesAsync();
        }
        await PageAsync("/api/directory/services", "service_list.json", 5);
        await PageAsync($"/api/directory/services?organization_id={pact}", "service_list.json", 0);
        await PageAsync("/api/directory/organizations?per_page=200", "organization_list.json", PublishedOrganisations - 1);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/directory/organizations/{pact}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/directory/services/{pactServices[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/directory/service_at_locations/{pactSals[0]}")).Status);
        var remaining = await PageAsync("/api/directory/service_at_locations?per_page=200", "service_at_location_list.json", ServiceAtLocations - pactSals.Count);
        Assert.Empty(remaining.GetProperty("contents").EnumerateArray().Select(x => x.GetProperty("id").GetString()).Intersect(pactSals));

        // Approved again, its published listings are back.
        await using (var db = await dbs.CreateDbContextAsync())
        {
            (await db.Organisations.SingleAsync(o => o.PublicId == pact)).Status = OrganisationStatus.Active;
            await db.SaveChangesAsync();
        }
        await PageAsync($"/api/directory/services?organization_id={pact}", "service_list.json", 2);
        await PageAsync("/api/directory/service_at_locations?per_page=200", "service_at_location_list.json", ServiceAtLocations);
    }
}

public sealed class OpenDataApiOnSqliteTests() : OpenDataApiTests(DatabaseProvider.Sqlite);

public sealed class OpenDataApiOnPostgresTests() : OpenDataApiTests(DatabaseProvider.Postgres);
