using System.Text.Json;
using System.Text.Json.Serialization;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>What an open data endpoint documents: its query parameters (the only ones it accepts) and, for ndjson, the type of each line.</summary>
/// <param name="Minimal">The item <c>minimal=true</c> answers instead of the usual one, where the endpoint takes it.</param>
public sealed record OpenDataOperation(IReadOnlyList<OpenDataParameter> Parameters, Type? Streams = null, Type? Minimal = null);

/// <summary>
/// The open data API under /api/directory, following the Open Referral UK API: no sign-in, any origin, JSON in the HSDS 3.0
/// shape, every parameter the ORUK descriptions name and no other. An unknown id answers 404, and an unknown parameter or a bad
/// value 400, each with a JSON message. Its OpenAPI description is generated from these routes (<see cref="DirectoryOpenApi"/>).
/// </summary>
public static class OpenDataEndpoints
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 200;
    public const string ProfileVersion = "3.0";
    public const string Profile = "https://openreferraluk.org/";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Named, so NdJsonResult can ask for a type's metadata before anything has been serialised with these options.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Any origin may read, with any request headers; no credentials. Browsers' preflights are answered by the CORS middleware.</summary>
    public const string CorsPolicy = "OpenData";

    public static void AddOpenDataCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));

    public static void MapOpenDataApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/directory").AllowAnonymous().RequireCors(CorsPolicy).AddEndpointFilter(RefusalsAsJson)
            .WithGroupName(DirectoryOpenApi.DocumentName);

        api.MapGet("/", (PublicAddress address) =>
                Results.Json(new HsdsRoot(ProfileVersion, Profile, address.Link(DirectoryOpenApi.Path)), Json))
            .Documented<HsdsRoot>("About this API", OpenDataParameters.None);

        MapServices(api);
        MapTaxonomies(api);
        MapOrganizations(api);
        MapServiceAtLocations(api);
        api.MapDirectoryOpenApi();
    }

    /// <summary>/services, with every ORUK filter, minimal, full and ndjson; and one service by id.</summary>
    private static void MapServices(RouteGroupBuilder api)
    {
        api.MapGet("/services", async (HttpContext http, OpenDataService data, CancellationToken ct) =>
        {
            var q = OpenDataQuery.Of(http);
            var filter = q.ServiceFilter();
            bool minimal = q.Flag("minimal"), full = q.Flag("full");
            if (minimal && full) throw new OpenDataBadRequestException("minimal and full ask for opposite shapes of a service: give one of them.");
            if (q.NdJson()) return minimal ? NdJson(data.StreamMinimalServicesAsync(filter, ct)) : NdJson(data.StreamServicesAsync(filter, full, ct));
            if (minimal && !q.HasPaging)
            {
                var total = await data.CountServicesAsync(filter, ct);
                return Results.Json(new HsdsStreamedPage<HsdsMinimalService>(total, total == 0 ? 0 : 1, 1, total, true, true, total == 0,
                    data.StreamMinimalServicesAsync(filter, ct)), Json);
            }
            var paging = q.Paging();
            return minimal
                ? Results.Json(await data.MinimalServicesAsync(filter, paging, ct), Json)
                : Results.Json(await data.ServicesAsync(new OpenServiceQuery(paging, filter, full), ct), Json);
        }).Documented<HsdsPage<HsdsService>>("List services", OpenDataParameters.Services, typeof(HsdsService), minimal: typeof(HsdsMinimalService));
        api.MapGet("/services/{id}", (string id, OpenDataService data, CancellationToken ct) =>
            One(id, "service", data.ServiceAsync, ct)).Documented<HsdsService>("One service, fully nested", OpenDataParameters.None, found: true);
    }

    /// <summary>/taxonomies and /taxonomy_terms, each with its search and filters, and one of each by id.</summary>
    private static void MapTaxonomies(RouteGroupBuilder api)
    {
        api.MapGet("/taxonomies", async (HttpContext http, OpenDataTaxonomyService data, CancellationToken ct) =>
        {
            var q = OpenDataQuery.Of(http);
            var search = q.Text("search");
            return q.NdJson() ? NdJson(data.StreamTaxonomiesAsync(search, ct)) : Results.Json(await data.TaxonomiesAsync(search, q.Paging(), ct), Json);
        }).Documented<HsdsPage<HsdsTaxonomy>>("List taxonomies", OpenDataParameters.Taxonomies, typeof(HsdsTaxonomy));
        api.MapGet("/taxonomies/{id}", (string id, OpenDataTaxonomyService data, CancellationToken ct) =>
            One(id, "taxonomy", data.TaxonomyAsync, ct)).Documented<HsdsTaxonomy>("One taxonomy", OpenDataParameters.None, found: true);

        api.MapGet("/taxonomy_terms", async (HttpContext http, OpenDataTaxonomyService data, CancellationToken ct) =>
        {
            var q = OpenDataQuery.Of(http);
            var filter = new TermFilter(q.Text("search"), q.Id("taxonomy_id", "a taxonomy"), q.Flag("top_only"), q.Id("parent_id", "a taxonomy term"));
            return q.NdJson() ? NdJson(data.StreamTermsAsync(filter, ct)) : Results.Json(await data.TermsAsync(filter, q.Paging(), ct), Json);
        }).Documented<HsdsPage<HsdsTaxonomyTerm>>("List taxonomy terms", OpenDataParameters.TaxonomyTerms, typeof(HsdsTaxonomyTerm));
        api.MapGet("/taxonomy_terms/{id}", (string id, OpenDataTaxonomyService data, CancellationToken ct) =>
            One(id, "taxonomy term", data.TermAsync, ct)).Documented<HsdsTaxonomyTerm>("One taxonomy term", OpenDataParameters.None, found: true);
    }

    /// <summary>/organizations, with search, full and full_service; and one organisation by id.</summary>
    private static void MapOrganizations(RouteGroupBuilder api)
    {
        api.MapGet("/organizations", async (HttpContext http, OpenDataService data, CancellationToken ct) =>
        {
            var q = OpenDataQuery.Of(http);
            string? search = q.Text("search");
            bool full = q.Flag("full"), fullService = q.Flag("full_service");
            return q.NdJson() ? NdJson(data.StreamOrganizationsAsync(search, full, fullService, ct))
                : Results.Json(await data.OrganizationsAsync(search, full, fullService, q.Paging(), ct), Json);
        }).Documented<HsdsPage<HsdsOrganization>>("List organizations", OpenDataParameters.Organizations, typeof(HsdsOrganization));
        api.MapGet("/organizations/{id}", (string id, HttpContext http, OpenDataService data, CancellationToken ct) =>
        {
            var fullService = OpenDataQuery.Of(http).Flag("full_service");
            return One(id, "organization", (guid, c) => data.OrganizationAsync(guid, fullService, c), ct);
        }).Documented<HsdsOrganization>("One organization with its services", OpenDataParameters.Organization, found: true);
    }

    /// <summary>/service_at_locations, with the service filters and proximity to a postcode; and one by id.</summary>
    private static void MapServiceAtLocations(RouteGroupBuilder api)
    {
        api.MapGet("/service_at_locations", async (HttpContext http, OpenDataLocationService data, PostcodeDistricts postcodes, CancellationToken ct) =>
        {
            var q = OpenDataQuery.Of(http);
            var query = new ServiceAtLocationQuery(q.ServiceFilter(), Near(q, postcodes), q.Flag("full"));
            return q.NdJson() ? NdJson(data.StreamServiceAtLocationsAsync(query, ct))
                : Results.Json(await data.ServiceAtLocationsAsync(query, q.Paging(), ct), Json);
        }).Documented<HsdsPage<HsdsServiceAtLocation>>("List where services are delivered", OpenDataParameters.ServiceAtLocations, typeof(HsdsServiceAtLocation));
        api.MapGet("/service_at_locations/{id}", (string id, OpenDataLocationService data, CancellationToken ct) =>
            One(id, "service at location", data.ServiceAtLocationAsync, ct))
            .Documented<HsdsServiceAtLocation>("One service at a location, with its service", OpenDataParameters.None, found: true);
    }

    /// <summary>postcode (and proximity): where to measure from, or null; an unknown postcode or a radius without one is refused.</summary>
    private static NearFilter? Near(OpenDataQuery q, PostcodeDistricts postcodes)
    {
        var within = q.Whole("proximity", 1, 1_000_000);
        if (q.Text("postcode") is not { } postcode)
            return within is null ? null : throw new OpenDataBadRequestException("proximity needs a postcode to measure from.");
        var centre = postcodes.Locate(postcode) ?? throw new OpenDataBadRequestException(PostcodeDistricts.DistrictOf(postcode) is null
            ? $"postcode '{postcode}' is not a UK postcode or postcode district."
            : $"postcode '{postcode}' is not in a North East postcode district we can place (NE, DH, SR, TS, DL).");
        return new NearFilter(centre, within);
    }

    private static NdJsonResult<T> NdJson<T>(IAsyncEnumerable<T> items) => new(items, Json);

    private static async Task<IResult> One<T>(string id, string what, Func<Guid, CancellationToken, Task<T?>> load, CancellationToken ct) where T : class
    {
        if (!Guid.TryParse(id, out var guid)) throw new OpenDataBadRequestException($"'{id}' is not a {what} id: ids are GUIDs.");
        return await load(guid, ct) is { } found
            ? Results.Json(found, Json)
            : Results.Json(new OpenDataMessage($"There is no published {what} with id {guid}."), Json, statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>Declares an endpoint's parameters and answers for the OpenAPI description and for <see cref="OpenDataQuery.Of"/>.</summary>
    private static RouteHandlerBuilder Documented<T>(this RouteHandlerBuilder route, string summary, IReadOnlyList<OpenDataParameter> parameters,
        Type? streams = null, bool found = false, Type? minimal = null)
    {
        route.WithSummary(summary).WithMetadata(new OpenDataOperation(parameters, streams, minimal))
            .Produces<T>(StatusCodes.Status200OK, "application/json").Produces<OpenDataMessage>(StatusCodes.Status400BadRequest, "application/json");
        return found ? route.Produces<OpenDataMessage>(StatusCodes.Status404NotFound, "application/json") : route;
    }

    /// <summary>Every request's query is checked against what its endpoint documents before it runs; a refusal is a 400 with a message.</summary>
    private static async ValueTask<object?> RefusalsAsJson(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            var documented = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<OpenDataOperation>()?.Parameters ?? OpenDataParameters.None;
            OpenDataQuery.Check(context.HttpContext, documented);
            return await next(context);
        }
        catch (OpenDataBadRequestException e)
        {
            return Results.Json(new OpenDataMessage(e.Message), Json, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
