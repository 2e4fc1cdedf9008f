namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>One query parameter the open data API accepts: its name, its OpenAPI type and what it does, as documented.</summary>
public sealed record OpenDataParameter(string Name, string Type, string Description, string? Format = null);

/// <summary>
/// The query parameters of each collection, as the two Open Referral UK 3.0 descriptions name them (the validator's and the UK
/// profile's). The one list: <see cref="OpenDataQuery"/> refuses any parameter an endpoint does not list, and the OpenAPI document
/// (<see cref="DirectoryOpenApi"/>) describes exactly these, so the two cannot disagree.
/// </summary>
public static class OpenDataParameters
{
    public static readonly OpenDataParameter Search = new("search", "string", "Full text search: the name, description (and for services the organization's name) contain it, in any case.");
    public static readonly OpenDataParameter Page = new("page", "integer", "Page number of the paginated result, from 1.");
    public static readonly OpenDataParameter PerPage = new("per_page", "integer", $"Results in one page, from 1 to {OpenDataEndpoints.MaxPerPage} (default {OpenDataEndpoints.DefaultPerPage}).");
    public static readonly OpenDataParameter Format = new("format", "string",
        "json (the default) or ndjson: the whole collection streamed without paging, one JSON object per line (application/x-ndjson); page and per_page do not apply.");
    public static readonly OpenDataParameter TaxonomyTermId = new("taxonomy_term_id", "string", "Only services with this taxonomy term.", "uuid");
    public static readonly OpenDataParameter TaxonomyId = new("taxonomy_id", "string", "Only services with any term of this taxonomy.", "uuid");
    public static readonly OpenDataParameter TermsTaxonomyId = new("taxonomy_id", "string", "Only terms of this taxonomy.", "uuid");
    public static readonly OpenDataParameter OrganizationId = new("organization_id", "string", "Only services this organization provides.", "uuid");
    public static readonly OpenDataParameter ModifiedAfter = new("modified_after", "string",
        "Only services modified on or after this date and time (ISO 8601; UTC unless it names an offset).", "date-time");
    public static readonly OpenDataParameter Minimal = new("minimal", "boolean",
        "true: each service is only its id and last_modified; without per_page the whole collection comes in one page.");
    public static readonly OpenDataParameter Full = new("full", "boolean",
        "true: each item fully nested (a service with its organization, locations, contacts, schedules, service areas, cost options and taxonomy terms).");
    public static readonly OpenDataParameter MinimumAge = new("minimum_age", "integer", "Only services whose minimum age is at least this.");
    public static readonly OpenDataParameter MaximumAge = new("maximum_age", "integer", "Only services whose maximum age is at most this.");
    public static readonly OpenDataParameter StartTime = new("start_time", "string", "Only services with a schedule that opens at or after this local time (HH:mm).", "time");
    public static readonly OpenDataParameter EndTime = new("end_time", "string", "Only services with a schedule that closes at or before this local time (HH:mm).", "time");
    public static readonly OpenDataParameter Day = new("day", "string",
        "Only services with a schedule on this day: MO, TU, WE, TH, FR, SA or SU (or the day's English name). With start_time or end_time, the same schedule must match all.");
    public static readonly OpenDataParameter TopOnly = new("top_only", "boolean", "true: only top-level terms (terms with no parent).");
    public static readonly OpenDataParameter ParentId = new("parent_id", "string", "Only terms whose parent is this term.", "uuid");
    public static readonly OpenDataParameter FullService = new("full_service", "boolean", "true: each organization with its services, each service fully nested.");
    public static readonly OpenDataParameter OrganizationsFull = new("full", "boolean", "true: each organization with its services (as in the services list).");
    public static readonly OpenDataParameter Postcode = new("postcode", "string",
        "A UK postcode or postcode district in the North East (NE, DH, SR, TS, DL). Every result then carries its distance in metres from the district's " +
        "centroid and results are ordered nearest first; those with no coordinates (online services) come last. An unknown postcode is refused.");
    public static readonly OpenDataParameter Proximity = new("proximity", "integer",
        "Metres from the centroid of the postcode's district: only results within it (needs postcode; online services, having no place, are left out).");

    private static readonly OpenDataParameter[] ServiceFilters =
        [Search, TaxonomyTermId, TaxonomyId, OrganizationId, ModifiedAfter, MinimumAge, MaximumAge, StartTime, EndTime, Day];

    public static readonly IReadOnlyList<OpenDataParameter> Services = [.. ServiceFilters, Page, PerPage, Format, Minimal, Full];
    public static readonly IReadOnlyList<OpenDataParameter> Taxonomies = [Search, Page, PerPage, Format];
    public static readonly IReadOnlyList<OpenDataParameter> TaxonomyTerms = [Search, TermsTaxonomyId, TopOnly, ParentId, Page, PerPage, Format];
    public static readonly IReadOnlyList<OpenDataParameter> Organizations = [Search, OrganizationsFull, FullService, Page, PerPage, Format];
    public static readonly IReadOnlyList<OpenDataParameter> Organization = [FullService];
    public static readonly IReadOnlyList<OpenDataParameter> ServiceAtLocations = [.. ServiceFilters, Postcode, Proximity, Full, Page, PerPage, Format];
    public static readonly IReadOnlyList<OpenDataParameter> None = [];
}
