using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Tests.Features.Directory.OpenData;

/// <summary>
/// The OpenAPI document the API publishes, read back with Microsoft.OpenApi's reader, and every parameter it documents called on
/// seeded data: each must change the answer as documented, and anything it does not document is refused.
/// </summary>
public abstract class OpenDataParameterTests(DatabaseProvider provider) : OpenDataApiTest(provider)
{
    private async Task<OpenApiDocument> DocumentAsync()
    {
        var text = await Api.TextAsync("/api/directory/openapi.json");
        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, read.Diagnostic?.SpecificationVersion);
        return read.Document!;
    }

    [Fact]
    public async Task The_root_points_at_our_own_openapi_document_which_is_valid_openapi_3_and_describes_only_the_directory()
    {
        var (status, root) = await Api.GetAsync("/api/directory/");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3.0", root.GetProperty("version").GetString());
        var url = new Uri(root.GetProperty("openapi_url").GetString()!);
        Assert.Equal("/api/directory/openapi.json", url.AbsolutePath);

        var document = await DocumentAsync();
        Assert.Empty(document.Validate(Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.DoesNotContain("REQUIRED", document.Info.Title, StringComparison.Ordinal);
        string[] expected =
        [
            "/api/directory", "/api/directory/services", "/api/directory/services/{id}", "/api/directory/taxonomies", "/api/directory/taxonomies/{id}",
            "/api/directory/taxonomy_terms", "/api/directory/taxonomy_terms/{id}", "/api/directory/organizations", "/api/directory/organizations/{id}",
            "/api/directory/service_at_locations", "/api/directory/service_at_locations/{id}",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), document.Paths.Keys.Order(StringComparer.Ordinal));
        // The parameters each collection takes are those the two ORUK 3.0 descriptions name (their SOURCES.md lists them).
        Assert.Equal(ServiceParameters.Order(StringComparer.Ordinal), QueryParameters(document, "/api/directory/services").Order(StringComparer.Ordinal));
        Assert.Equal(["format", "page", "parent_id", "per_page", "search", "taxonomy_id", "top_only"], QueryParameters(document, "/api/directory/taxonomy_terms").Order());
        Assert.Equal(["format", "full", "full_service", "page", "per_page", "search"], QueryParameters(document, "/api/directory/organizations").Order());
        Assert.Equal(["full_service"], QueryParameters(document, "/api/directory/organizations/{id}"));
        Assert.Equal(16, QueryParameters(document, "/api/directory/service_at_locations").Count);
        // Response schemas in the API's own snake_case, and the ndjson form of each collection.
        var services = document.Paths["/api/directory/services"].Operations![HttpMethod.Get].Responses!["200"];
        Assert.Contains("application/x-ndjson", services.Content!.Keys);
        // minimal=true answers a second shape, and both forms of the answer name it beside the usual one, as it is written.
        var minimal = MinimalItem(services.Content["application/json"].Schema!, page: true);
        Assert.Equal(["id", "last_modified"], minimal);
        Assert.Equal(minimal, MinimalItem(services.Content["application/x-ndjson"].Schema!, page: false));
        var (_, written) = await Api.GetAsync("/api/directory/services?minimal=true&per_page=1");
        Assert.Equal(minimal, written.GetProperty("contents")[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains(document.Components!.Schemas!.Values, s => s.Properties?.ContainsKey("total_items") == true);
        Assert.Contains(document.Components.Schemas.Values, s => s.Properties?.ContainsKey("service_at_locations") == true);
    }

    private static readonly string[] ServiceParameters =
    [
        "search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimal", "full",
        "minimum_age", "maximum_age", "start_time", "end_time", "day",
    ];

    /// <summary>The properties of the second of a response's two schemas (each item of its page's contents, when a page).</summary>
    private static List<string> MinimalItem(IOpenApiSchema schema, bool page)
    {
        Assert.Equal(2, schema.OneOf?.Count);
        var item = page ? schema.OneOf![1].Properties!["contents"].Items! : schema.OneOf![1];
        return item.Properties!.Keys.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> QueryParameters(OpenApiDocument document, string path) =>
        document.Paths[path].Operations![HttpMethod.Get].Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!).ToList();

    [Fact]
    public async Task Every_documented_parameter_of_every_endpoint_changes_the_answer_as_documented()
    {
        var document = await DocumentAsync();
        var cases = Cases();
        var missing = new List<string>();
        foreach (var (path, item) in document.Paths)
            foreach (var parameter in (item.Operations![HttpMethod.Get].Parameters ?? []).Where(p => p.In == ParameterLocation.Query))
            {
                var key = $"{path.Replace("/api/directory", "", StringComparison.Ordinal)} {parameter.Name}";
                if (cases.TryGetValue(key, out var check)) await check();
                else missing.Add(key);
            }
        Assert.True(missing.Count == 0, "Documented but never called: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("/api/directory/?verbose=true", "verbose")]
    [InlineData("/api/directory/services?pagesize=5", "pagesize")]
    [InlineData("/api/directory/services?taxonomy=pathways", "taxonomy")]
    [InlineData("/api/directory/taxonomies?top_only=true", "top_only")]
    [InlineData("/api/directory/taxonomy_terms?full=true", "full")]
    [InlineData("/api/directory/organizations?organization_id=x", "organization_id")]
    [InlineData("/api/directory/service_at_locations?distance=5", "distance")]
    [InlineData("/api/directory/services/00000000-0000-0000-0000-000000000001?full=true", "full")]
    public async Task An_undocumented_parameter_is_a_400_naming_it(string path, string parameter)
    {
        var (status, json) = await Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"'{parameter}'", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/directory/services?format=xml", "format")]
    [InlineData("/api/directory/services?format=ndjson&page=2", "page")]
    [InlineData("/api/directory/services?minimal=yes", "minimal")]
    [InlineData("/api/directory/services?minimal=true&full=true", "minimal")]
    [InlineData("/api/directory/services?minimum_age=old", "minimum_age")]
    [InlineData("/api/directory/services?maximum_age=-3", "maximum_age")]
    [InlineData("/api/directory/services?start_time=25:00", "start_time")]
    [InlineData("/api/directory/services?end_time=noon", "end_time")]
    [InlineData("/api/directory/services?day=someday", "day")]
    [InlineData("/api/directory/services?search=a&search=b", "search")]
    [InlineData("/api/directory/services?taxonomy_id=pathways", "taxonomy_id")]
    [InlineData("/api/directory/taxonomy_terms?top_only=1x", "top_only")]
    [InlineData("/api/directory/taxonomy_terms?parent_id=alcohol", "parent_id")]
    [InlineData("/api/directory/organizations?full_service=maybe", "full_service")]
    [InlineData("/api/directory/service_at_locations?postcode=SW1A%201AA", "postcode")]
    [InlineData("/api/directory/service_at_locations?postcode=not-a-postcode", "postcode")]
    [InlineData("/api/directory/service_at_locations?proximity=5000", "proximity")]
    [InlineData("/api/directory/service_at_locations?postcode=DH1&proximity=far", "proximity")]
    [InlineData("/api/directory/service_at_locations?modified_after=2026-13-45", "modified_after")]
    public async Task A_bad_value_is_a_400_with_a_message_naming_the_parameter_never_a_500(string path, string parameter)
    {
        var (status, json) = await Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(parameter, json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>One check per documented (endpoint, parameter), run against the unfiltered answer it must differ from.</summary>
    private Dictionary<string, Func<Task>> Cases()
    {
        var cases = new Dictionary<string, Func<Task>>(StringComparer.Ordinal);
        async Task<string> IdOf(string collection, string name, string query = "per_page=200") =>
            (await Api.PageAsync($"/api/directory/{collection}?{query}")).GetProperty("contents").EnumerateArray()
                .Single(x => x.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;

        // Paging and format, the same on every collection.
        foreach (var collection in new[] { "services", "taxonomies", "taxonomy_terms", "organizations", "service_at_locations" })
        {
            var all = $"/api/directory/{collection}?per_page=200";
            cases[$"/{collection} page"] = async () =>
            {
                var first = await Api.PageAsync($"/api/directory/{collection}?per_page=1");
                var second = await Api.PageAsync($"/api/directory/{collection}?per_page=1&page=2");
                Assert.Equal(2, second.GetProperty("page_number").GetInt32());
                Assert.NotEqual(OpenDataClient.Ids(first), OpenDataClient.Ids(second));
            };
            cases[$"/{collection} per_page"] = async () =>
            {
                var page = await Api.PageAsync($"/api/directory/{collection}?per_page=1");
                Assert.Equal(1, page.GetProperty("size").GetInt32());
                Assert.True(page.GetProperty("total_pages").GetInt32() > 1);
            };
            cases[$"/{collection} format"] = async () =>
            {
                var whole = await Api.PageAsync(all);
                var lines = await Api.NdJsonAsync($"/api/directory/{collection}?format=ndjson");
                Assert.Equal(whole.GetProperty("total_items").GetInt32(), lines.Count);
                Assert.Equal(OpenDataClient.Ids(whole).Order(), lines.Select(l => l.GetProperty("id").GetString()!).Order());
            };
        }

        // /services: each filter against the seeded listings (seven published).
        async Task Services(string query, params string[] expected) =>
            Assert.Equal(expected.Order(), OpenDataClient.Names(await Api.PageAsync("/api/directory/services?" + query)).Order());
        cases["/services search"] = () => Services("search=LITERACY", "Family Literacy in Prison");
        cases["/services taxonomy_term_id"] = async () => await Services($"taxonomy_term_id={await IdOf("taxonomy_terms", "Visitor centre")}", "Prison visitor centres");
        cases["/services taxonomy_id"] = async () =>
        {
            // Every seeded listing has a service type, so one listing loses its types first: the filter must then leave it out.
            await Api.ChangeAsync(db => db.ServiceTaxonomyTerms.Where(t => t.Service.Name == "Restorative justice projects" && t.TaxonomyTerm.Taxonomy.Slug == Taxonomy.ServiceTypesSlug).ExecuteDeleteAsync());
            var types = await IdOf("taxonomies", "Service types");
            var names = OpenDataClient.Names(await Api.PageAsync($"/api/directory/services?taxonomy_id={types}"));
            Assert.Equal(6, names.Count);
            Assert.DoesNotContain("Restorative justice projects", names);
        };
        cases["/services organization_id"] = async () => await Services($"organization_id={await IdOf("organizations", "NEPACS")}", "Prison visitor centres", "Family support and play in visits halls");
        cases["/services modified_after"] = async () =>
        {
            await Services("modified_after=2026-10-02T00:00:00Z", "Building Stronger Families", "Prison visitor centres"); // on the day counts: "on or after"
            await Services("modified_after=2026-10-02T00:00:00.001Z", "Prison visitor centres");
        };
        cases["/services minimum_age"] = () => Services("minimum_age=18", "Building Stronger Families");
        cases["/services maximum_age"] = async () =>
        {
            await Api.ChangeAsync(db => db.Services.Where(s => s.Name == "Family support and play in visits halls").ExecuteUpdateAsync(u => u.SetProperty(s => s.MaximumAge, 17)));
            await Services("maximum_age=17", "Family support and play in visits halls");
            await Services("maximum_age=16");
        };
        cases["/services start_time"] = () => Services("start_time=13:00", "Family Literacy in Prison", "Prison visitor centres", "Family support and play in visits halls");
        cases["/services end_time"] = () => Services("end_time=12:00", "Building Stronger Families");
        cases["/services day"] = async () =>
        {
            await Services("day=SA", "Prison visitor centres", "Family support and play in visits halls");
            await Services("day=wednesday", "Family Engagement Workers", "Family Literacy in Prison", "Prison visitor centres");
            await Services("day=WE&start_time=13:00", "Family Literacy in Prison", "Prison visitor centres"); // one schedule meets both
        };
        cases["/services minimal"] = async () =>
        {
            var (_, minimal) = await Api.GetAsync("/api/directory/services?minimal=true");
            Assert.Equal(7, minimal.GetProperty("contents").GetArrayLength()); // the whole collection in one page
            foreach (var s in minimal.GetProperty("contents").EnumerateArray())
                Assert.Equal(["id", "last_modified"], s.EnumerateObject().Select(p => p.Name));
            Assert.Equal(7, (await Api.NdJsonAsync("/api/directory/services?format=ndjson&minimal=true")).Count);
        };
        cases["/services full"] = async () =>
        {
            var page = await Api.PageAsync("/api/directory/services?full=true&search=visitor", full: true);
            var service = page.GetProperty("contents")[0];
            Assert.Equal("NEPACS", service.GetProperty("organization").GetProperty("name").GetString());
            Assert.Equal(5, service.GetProperty("service_at_locations").GetArrayLength());
            Assert.False((await Api.PageAsync("/api/directory/services?search=visitor")).GetProperty("contents")[0].TryGetProperty("organization", out _));
        };

        // /taxonomies and /taxonomy_terms.
        cases["/taxonomies search"] = async () => Assert.Equal(["Reducing Re-offending Pathways"], OpenDataClient.Names(await Api.PageAsync("/api/directory/taxonomies?search=pathways")));
        cases["/taxonomy_terms search"] = async () => Assert.Equal(["Drugs and Alcohol", "Alcohol"], OpenDataClient.Names(await Api.PageAsync("/api/directory/taxonomy_terms?search=ALCOHOL")));
        cases["/taxonomy_terms taxonomy_id"] = async () =>
            Assert.Equal(13, (await Api.PageAsync($"/api/directory/taxonomy_terms?taxonomy_id={await IdOf("taxonomies", "Service types")}")).GetProperty("total_items").GetInt32());
        cases["/taxonomy_terms top_only"] = async () =>
        {
            var top = await Api.PageAsync("/api/directory/taxonomy_terms?top_only=true&per_page=200");
            Assert.Equal(20, top.GetProperty("total_items").GetInt32()); // 22 less the two sub-groups
            Assert.All(top.GetProperty("contents").EnumerateArray(), t => Assert.False(t.TryGetProperty("parent_id", out _)));
        };
        cases["/taxonomy_terms parent_id"] = async () =>
            Assert.Equal(["Alcohol"], OpenDataClient.Names(await Api.PageAsync($"/api/directory/taxonomy_terms?parent_id={await IdOf("taxonomy_terms", "Drugs and Alcohol")}")));

        // /organizations.
        cases["/organizations search"] = async () => Assert.Equal(["NEPACS"], OpenDataClient.Names(await Api.PageAsync("/api/directory/organizations?search=nepacs")));
        cases["/organizations full"] = async () =>
        {
            var nepacs = (await Api.PageAsync("/api/directory/organizations?search=nepacs&full=true")).GetProperty("contents")[0];
            Assert.Equal(2, nepacs.GetProperty("services").GetArrayLength());
            Assert.False(nepacs.GetProperty("services")[0].TryGetProperty("service_at_locations", out _));
            Assert.False((await Api.PageAsync("/api/directory/organizations?search=nepacs")).GetProperty("contents")[0].TryGetProperty("services", out _));
        };
        cases["/organizations full_service"] = async () =>
        {
            var nepacs = (await Api.PageAsync("/api/directory/organizations?search=nepacs&full_service=true")).GetProperty("contents")[0];
            foreach (var s in nepacs.GetProperty("services").EnumerateArray()) await JsonSchemas.AssertValidAsync("hsds-3.0", "service.json", s);
            Assert.Equal(5, nepacs.GetProperty("services")[0].GetProperty("service_at_locations").GetArrayLength());
        };
        cases["/organizations/{id} full_service"] = async () =>
        {
            var id = await IdOf("organizations", "NEPACS");
            var (_, plain) = await Api.GetAsync($"/api/directory/organizations/{id}");
            var (_, full) = await Api.GetAsync($"/api/directory/organizations/{id}?full_service=true");
            await JsonSchemas.AssertValidAsync("hsds-3.0", "organization.json", full);
            Assert.False(plain.GetProperty("services")[0].TryGetProperty("contacts", out _));
            Assert.True(full.GetProperty("services")[0].GetProperty("contacts").GetArrayLength() > 0);
        };

        // /service_at_locations: the services' filters, followed to where each service is delivered.
        foreach (var (parameter, value) in new (string, Func<Task<string>>)[]
        {
            ("search", () => Task.FromResult("literacy")), ("taxonomy_term_id", () => IdOf("taxonomy_terms", "Visitor centre")),
            ("taxonomy_id", () => IdOf("taxonomies", "Service types")), ("organization_id", () => IdOf("organizations", "NEPACS")),
            ("modified_after", () => Task.FromResult("2026-10-02T00:00:00Z")), ("minimum_age", () => Task.FromResult("18")),
            ("maximum_age", () => Task.FromResult("99")), ("start_time", () => Task.FromResult("13:00")), ("end_time", () => Task.FromResult("12:00")), ("day", () => Task.FromResult("SA")),
        })
            cases[$"/service_at_locations {parameter}"] = async () =>
            {
                // Every seeded listing has a type and no maximum age: one loses its types, and one gets a maximum age, so the filters leave something out.
                if (parameter == "taxonomy_id")
                    await Api.ChangeAsync(db => db.ServiceTaxonomyTerms.Where(t => t.Service.Name == "Restorative justice projects" && t.TaxonomyTerm.Taxonomy.Slug == Taxonomy.ServiceTypesSlug).ExecuteDeleteAsync());
                if (parameter == "maximum_age")
                    await Api.ChangeAsync(db => db.Services.Where(s => s.Name == "Family Literacy in Prison").ExecuteUpdateAsync(u => u.SetProperty(s => s.MaximumAge, 65)));
                var query = $"{parameter}={await value()}";
                var services = OpenDataClient.Ids(await Api.PageAsync($"/api/directory/services?{query}&per_page=200"));
                var filtered = await Api.PageAsync($"/api/directory/service_at_locations?{query}&per_page=200");
                var all = await Api.PageAsync("/api/directory/service_at_locations?per_page=200");
                Assert.NotEmpty(services);
                Assert.Equal(services.Order(), OpenDataClient.Ids(filtered, "service_id").Distinct().Order());
                Assert.True(filtered.GetProperty("total_items").GetInt32() < all.GetProperty("total_items").GetInt32(), query);
                var expected = OpenDataClient.Ids(all).Zip(OpenDataClient.Ids(all, "service_id")).Count(x => services.Contains(x.Second));
                Assert.Equal(expected, filtered.GetProperty("total_items").GetInt32());
            };
        cases["/service_at_locations full"] = async () =>
        {
            var page = await Api.PageAsync("/api/directory/service_at_locations?full=true&search=visitor&per_page=1");
            var service = page.GetProperty("contents")[0].GetProperty("service");
            await JsonSchemas.AssertValidAsync("hsds-3.0", "service.json", service);
            Assert.True(service.GetProperty("contacts").GetArrayLength() > 0);
            Assert.False((await Api.PageAsync("/api/directory/service_at_locations?per_page=1")).GetProperty("contents")[0].TryGetProperty("service", out _));
        };
        cases["/service_at_locations postcode"] = async () =>
        {
            var near = await Api.PageAsync("/api/directory/service_at_locations?postcode=ts18%202qu&per_page=200");
            var rows = near.GetProperty("contents").EnumerateArray().ToList();
            Assert.Equal(33, rows.Count);
            Assert.Equal("HMP Holme House", rows[0].GetProperty("location").GetProperty("name").GetString());
            var distances = rows.TakeWhile(r => r.TryGetProperty("distance", out _)).Select(r => r.GetProperty("distance").GetDouble()).ToList();
            Assert.Equal(distances.Order(), distances); // nearest first
            Assert.Equal("virtual", rows[^1].GetProperty("location").GetProperty("location_type").GetString()); // no place: last
        };
        cases["/service_at_locations proximity"] = async () =>
        {
            // From DH1's centroid, 5 km reaches HMP Durham, Frankland and Low Newton, and nothing in Teesside or Northumberland.
            var near = await Api.PageAsync("/api/directory/service_at_locations?postcode=DH1&proximity=5000&per_page=200");
            var rows = near.GetProperty("contents").EnumerateArray().ToList();
            Assert.Equal(["HMP Durham", "HMP Frankland", "HMP Low Newton"], rows.Select(r => r.GetProperty("location").GetProperty("name").GetString()!).Distinct().Order());
            var distances = rows.Select(r => r.GetProperty("distance").GetDouble()).ToList();
            Assert.Equal(distances.Order(), distances);
            Assert.All(distances, d => Assert.InRange(d, 0, 5000));
            Assert.Equal(rows.Count, near.GetProperty("total_items").GetInt32());
        };
        return cases;
    }
}

public sealed class OpenDataParametersOnSqliteTests() : OpenDataParameterTests(DatabaseProvider.Sqlite);

public sealed class OpenDataParametersOnPostgresTests() : OpenDataParameterTests(DatabaseProvider.Postgres);
