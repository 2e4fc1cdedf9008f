using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// The open data API under /api/directory, following the Open Referral UK API: no sign-in, any origin, JSON in the HSDS 3.0
/// shape. An unknown id answers 404 and a bad parameter 400, each with a JSON message.
/// </summary>
public static class OpenDataEndpoints
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 200;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Any origin may read, with any request headers; no credentials. Browsers' preflights are answered by the CORS middleware.</summary>
    public const string CorsPolicy = "OpenData";

    public static void AddOpenDataCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));

    public static void MapOpenDataApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/directory").AllowAnonymous().RequireCors(CorsPolicy);

        api.MapGet("/", () => Results.Json(new
        {
            version = "3.0",
            profile = "https://openreferraluk.org",
            openapi_url = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        }, Json));

        api.MapGet("/services", async (HttpRequest request, OpenDataService data, CancellationToken ct) =>
        {
            var q = request.Query;
            if (Paging(request, out var refused) is not (int page, int perPage)) return refused;
            Guid? termId = null, orgId = null;
            DateTime? after = null;
            if (q.TryGetValue("taxonomy_term_id", out var t) && !string.IsNullOrEmpty(t))
            {
                if (!Guid.TryParse(t, out var g)) return Bad("taxonomy_term_id must be a taxonomy term's id (a GUID).");
                termId = g;
            }
            if (q.TryGetValue("organization_id", out var o) && !string.IsNullOrEmpty(o))
            {
                if (!Guid.TryParse(o, out var g)) return Bad("organization_id must be an organization's id (a GUID).");
                orgId = g;
            }
            if (q.TryGetValue("modified_after", out var m) && !string.IsNullOrEmpty(m))
            {
                if (!DateTime.TryParse(m, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                    return Bad("modified_after must be a date and time like 2026-01-31T09:00:00Z.");
                after = d;
            }
            var result = await data.ServicesAsync(new OpenServiceQuery(page, perPage, q["search"].FirstOrDefault(), termId, orgId, after), ct);
            return Results.Json(result, Json);
        });
        api.MapGet("/services/{id}", (string id, OpenDataService data, CancellationToken ct) => One(id, "service", data.ServiceAsync, ct));

        api.MapGet("/taxonomies", async (HttpRequest request, OpenDataService data, CancellationToken ct) =>
            Paging(request, out var refused) is (int page, int perPage) ? Results.Json(await data.TaxonomiesAsync(page, perPage, ct), Json) : refused);
        api.MapGet("/taxonomies/{id}", (string id, OpenDataService data, CancellationToken ct) => One(id, "taxonomy", data.TaxonomyAsync, ct));

        api.MapGet("/taxonomy_terms", async (HttpRequest request, OpenDataService data, CancellationToken ct) =>
        {
            if (Paging(request, out var refused) is not (int page, int perPage)) return refused;
            Guid? taxonomyId = null;
            if (request.Query.TryGetValue("taxonomy_id", out var t) && !string.IsNullOrEmpty(t))
            {
                if (!Guid.TryParse(t, out var g)) return Bad("taxonomy_id must be a taxonomy's id (a GUID).");
                taxonomyId = g;
            }
            return Results.Json(await data.TaxonomyTermsAsync(page, perPage, taxonomyId, ct), Json);
        });
        api.MapGet("/taxonomy_terms/{id}", (string id, OpenDataService data, CancellationToken ct) => One(id, "taxonomy term", data.TaxonomyTermAsync, ct));

        api.MapGet("/organizations", async (HttpRequest request, OpenDataService data, CancellationToken ct) =>
            Paging(request, out var refused) is (int page, int perPage) ? Results.Json(await data.OrganizationsAsync(page, perPage, ct), Json) : refused);
        api.MapGet("/organizations/{id}", (string id, OpenDataService data, CancellationToken ct) => One(id, "organization", data.OrganizationAsync, ct));

        api.MapGet("/service_at_locations", async (HttpRequest request, OpenDataService data, CancellationToken ct) =>
            Paging(request, out var refused) is (int page, int perPage) ? Results.Json(await data.ServiceAtLocationsAsync(page, perPage, ct), Json) : refused);
        api.MapGet("/service_at_locations/{id}", (string id, OpenDataService data, CancellationToken ct) => One(id, "service at location", data.ServiceAtLocationAsync, ct));
    }

    private static async Task<IResult> One<T>(string id, string what, Func<Guid, CancellationToken, Task<T?>> load, CancellationToken ct) where T : class
    {
        if (!Guid.TryParse(id, out var guid)) return Bad($"'{id}' is not a {what} id: ids are GUIDs.");
        return await load(guid, ct) is { } found
            ? Results.Json(found, Json)
            : Results.Json(new { message = $"There is no published {what} with id {guid}." }, Json, statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>The page and page size asked for, or null with a 400 naming the parameter refused (an overflowing page included).</summary>
    private static (int Page, int PerPage)? Paging(HttpRequest request, out IResult refused)
    {
        refused = Results.Empty;
        if (PageRequest.TryParse(request.Query, "page", "per_page", DefaultPerPage, MaxPerPage, out var paging, out var error)) return (paging.Page, paging.Size);
        refused = Bad(error);
        return null;
    }

    private static IResult Bad(string message) => Results.Json(new { message }, Json, statusCode: StatusCodes.Status400BadRequest);
}
