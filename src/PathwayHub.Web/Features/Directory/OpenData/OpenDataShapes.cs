using System.Text.Json.Serialization;

namespace PathwayHub.Web.Features.Directory.OpenData;

// The Open Referral UK / HSDS 3.0 shapes the open data API answers with. Property names become snake_case when written
// (OpenDataEndpoints.Json), and the OpenAPI document describes them the same way (DirectoryOpenApi).

public sealed record HsdsPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents);

/// <summary>A page that holds a whole collection, written as it is read from the database (<c>minimal</c> without <c>per_page</c>).</summary>
public sealed record HsdsStreamedPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IAsyncEnumerable<T> Contents);

/// <summary>What <c>minimal=true</c> answers for each service: enough to tell which changed since a consumer's last copy.</summary>
public sealed record HsdsMinimalService(Guid Id, string LastModified);

/// <summary>The root: which profile and version this API follows, and where its own OpenAPI description is.</summary>
public sealed record HsdsRoot(string Version, string Profile, string OpenapiUrl);

/// <summary>A refusal or a "not found": one message saying what to change.</summary>
public sealed record OpenDataMessage(string Message);

public sealed record HsdsTaxonomy(Guid Id, string Name, string Description, string? Uri, string? Version);
public sealed record HsdsTaxonomyTerm(Guid Id, string Code, string Name, string Description, Guid? ParentId, string Taxonomy, Guid TaxonomyId, HsdsTaxonomy? TaxonomyDetail);
public sealed record HsdsTermLink(Guid Id, Guid LinkId, string LinkType, string LinkEntity, Guid TaxonomyTermId, HsdsTaxonomyTerm TaxonomyTerm);
public sealed record HsdsPhone(Guid Id, string Number);
public sealed record HsdsContact(Guid Id, Guid ServiceId, string Name, string? Title, string? Email, IReadOnlyList<HsdsPhone>? Phones);
public sealed record HsdsSchedule(Guid Id, Guid ServiceId, string? Freq, string? Byday, string? OpensAt, string? ClosesAt, string Description);
public sealed record HsdsLanguage(Guid Id, Guid ServiceId, string Name);
public sealed record HsdsServiceArea(Guid Id, Guid ServiceId, string Name, string Description, string? Uri);
public sealed record HsdsCostOption(Guid Id, Guid ServiceId, string Option, string? Currency, decimal? Amount, string? AmountDescription);
public sealed record HsdsAddress(Guid Id, Guid LocationId, [property: JsonPropertyName("address_1")] string Address1, string City, string StateProvince,
    string PostalCode, string Country, string AddressType);
public sealed record HsdsLocation(Guid Id, string LocationType, string Name, string? Description, double? Latitude, double? Longitude,
    string? ExternalIdentifier, string? ExternalIdentifierType, IReadOnlyList<HsdsAddress> Addresses);
public sealed record HsdsIdentifier(Guid Id, Guid OrganizationId, string IdentifierScheme, string IdentifierType, string Identifier);
public sealed record HsdsOrganization(Guid Id, string Name, string Description, string? Email, string? Website, IReadOnlyList<HsdsPhone>? Phones,
    IReadOnlyList<HsdsIdentifier>? OrganizationIdentifiers, IReadOnlyList<HsdsService>? Services);

/// <param name="Distance">Metres from the centroid of the <c>postcode</c> asked for (an extension to HSDS; only when a postcode was given).</param>
public sealed record HsdsServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, string? Description, HsdsLocation? Location, HsdsService? Service,
    double? Distance = null);

public sealed record HsdsService(
    Guid Id, Guid OrganizationId, string Name, string Description, string? Url, string? Email, string Status, string? EligibilityDescription,
    int? MinimumAge, int? MaximumAge, string? FeesDescription, string? ApplicationProcess, string? AssuredDate, string LastModified,
    HsdsOrganization? Organization, IReadOnlyList<HsdsServiceAtLocation>? ServiceAtLocations, IReadOnlyList<HsdsContact>? Contacts,
    IReadOnlyList<HsdsSchedule>? Schedules, IReadOnlyList<HsdsLanguage>? Languages, IReadOnlyList<HsdsTermLink>? Attributes,
    IReadOnlyList<HsdsServiceArea>? ServiceAreas = null, IReadOnlyList<HsdsCostOption>? CostOptions = null);
