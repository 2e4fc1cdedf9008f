using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;

namespace PathwayHub.Tests.Features.Directory.OpenData;

/// <summary>The open data API of a whole app on seeded data, as an outside client calls it, with each answer's items checked against the HSDS schemas.</summary>
public sealed class OpenDataClient(WebApp app) : IAsyncDisposable
{
    private readonly HttpClient _client = app.Browser();

    // The stand-alone taxonomy schemas refer to a file not kept here; the compiled service schema carries both in full.
    public const string TermSchema = "service.json#/properties/attributes/items/properties/taxonomy_term";
    public const string TaxonomySchema = TermSchema + "/properties/taxonomy_detail";

    /// <summary>The schema each collection's items (and ndjson lines) must meet.</summary>
    public static string ItemSchema(string collection, bool full = false) => collection switch
    {
        "services" => full ? "service.json" : "service_list.json",
        "organizations" => "organization_list.json",
        "service_at_locations" => "service_at_location_list.json",
        "taxonomy_terms" => TermSchema,
        "taxonomies" => TaxonomySchema,
        _ => throw new ArgumentOutOfRangeException(nameof(collection)),
    };

    public async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>A page that must be a 200, its items valid against the collection's item schema.</summary>
    public async Task<JsonElement> PageAsync(string path, bool full = false)
    {
        var (status, json) = await GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {json}");
        var collection = new Uri("http://x" + path).AbsolutePath.Split('/')[3];
        if (!path.Contains("minimal=true", StringComparison.Ordinal))
            foreach (var item in json.GetProperty("contents").EnumerateArray()) await JsonSchemas.AssertValidAsync("hsds-3.0", ItemSchema(collection, full), item);
        return json;
    }

    public static List<string> Ids(JsonElement page, string property = "id") =>
        page.GetProperty("contents").EnumerateArray().Select(x => x.GetProperty(property).GetString()!).ToList();

    public static List<string> Names(JsonElement page) => Ids(page, "name");

    /// <summary>format=ndjson: a 200 of application/x-ndjson, one JSON object per line, each valid against the item schema.</summary>
    public async Task<List<JsonElement>> NdJsonAsync(string path, bool full = false)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var collection = new Uri("http://x" + path).AbsolutePath.Split('/')[3];
        if (!path.Contains("minimal=true", StringComparison.Ordinal))
            foreach (var line in lines) await JsonSchemas.AssertValidAsync("hsds-3.0", ItemSchema(collection, full), line);
        return lines;
    }

    public async Task<string> TextAsync(string path) => await _client.GetStringAsync(path);

    public async Task ChangeAsync(Func<AppDbContext, Task> change)
    {
        using var scope = app.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await change(db);
    }

    public async Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>An open data test class: a web app on the given provider, with reference data, and a client for its API.</summary>
public abstract class OpenDataApiTest(DatabaseProvider provider) : IAsyncLifetime
{
    private WebApp _app = null!;
    protected OpenDataClient Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await WebApp.OnAsync(provider);
        Api = new OpenDataClient(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
