using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>
/// Our entities in the HSDS 3.0 shapes. Ids are the stored public GUIDs; parts HSDS gives ids that we do not store (languages,
/// phones, addresses, service areas, cost options) get ids derived from their owner's, so they are stable too.
/// </summary>
internal static class OpenDataMapping
{
    /// <summary>The region every listed service serves: the North East of England (ONS region E12000001).</summary>
    public const string RegionName = "North East England";
    public const string RegionUri = "http://statistics.data.gov.uk/id/statistical-geography/E12000001";

    public static HsdsService ListItem(Service s, Guid organisationId) => new(
        s.PublicId, organisationId, s.Name, s.Description, s.Url, s.Email, s.Status == ServiceStatus.Active ? "active" : "inactive",
        s.EligibilityDescription, s.MinimumAge, s.MaximumAge, s.FeesDescription, s.ApplicationProcess,
        s.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LastModified(s.LastModifiedUtc),
        null, null, null, null, null, null, null, CostOptions(s));

    public static string LastModified(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A service with everything HSDS nests in it; needs its organisation, locations (and prisons), contacts, schedules and terms loaded.</summary>
    public static HsdsService Full(Service s) => ListItem(s, s.Organisation.PublicId) with
    {
        Organization = Organization(s.Organisation, null),
        ServiceAtLocations = s.Locations.OrderBy(l => l.Location.Name).Select(l => ServiceAtLocation(l, s.PublicId, l.Location, null)).ToList(),
        Contacts = s.Contacts.OrderBy(c => c.Name).Select(c => new HsdsContact(c.PublicId, s.PublicId, c.Name, c.Title, c.Email,
            c.Phone is null ? null : [new HsdsPhone(StableId(c.PublicId, "phone"), c.Phone)])).ToList(),
        Schedules = s.Schedules.OrderBy(x => x.Id).Select(x => new HsdsSchedule(x.PublicId, s.PublicId, x.ByDay is null ? null : "WEEKLY", x.ByDay, x.OpensAt, x.ClosesAt, x.Description)).ToList(),
        Languages = (s.Languages ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => new HsdsLanguage(StableId(s.PublicId, "language:" + l), s.PublicId, l)).ToList(),
        Attributes = s.Terms.OrderBy(t => t.TaxonomyTerm.Taxonomy.Slug).ThenBy(t => t.TaxonomyTerm.SortOrder)
            .Select(t => new HsdsTermLink(t.PublicId, s.PublicId, "service", "service", t.TaxonomyTerm.PublicId, Term(t.TaxonomyTerm, t.TaxonomyTerm.Parent))).ToList(),
        ServiceAreas = ServiceAreas(s),
    };

    /// <summary>Each prison the service reaches is an area it serves, and every listed service serves the region.</summary>
    private static List<HsdsServiceArea> ServiceAreas(Service s) =>
    [
        .. s.Locations.Where(l => l.Location.Prison is not null).Select(l => l.Location.Prison!).OrderBy(p => p.Name)
            .Select(p => new HsdsServiceArea(StableId(s.PublicId, "area:" + p.Slug), s.PublicId, p.Name, $"People in {p.Name} and their families.", null)),
        new HsdsServiceArea(StableId(s.PublicId, "area:region"), s.PublicId, RegionName,
            "The North East of England, where the Reducing Re-offending Pathways work.", RegionUri),
    ];

    /// <summary>What using the service costs, when we know: free (as most are), or a charge its fees description explains.</summary>
    public static IReadOnlyList<HsdsCostOption>? CostOptions(Service s) => s.Free switch
    {
        true => [new HsdsCostOption(StableId(s.PublicId, "cost"), s.PublicId, "Free", "GBP", 0m, s.FeesDescription ?? "Free of charge.")],
        false when s.FeesDescription is { } fees => [new HsdsCostOption(StableId(s.PublicId, "cost"), s.PublicId, "Charge", "GBP", null, fees)],
        _ => null,
    };

    public static HsdsOrganization Organization(Organisation o, IReadOnlyList<HsdsService>? services)
    {
        var ids = new List<HsdsIdentifier>();
        if (o.CharityNumber is { } chc) ids.Add(new HsdsIdentifier(StableId(o.PublicId, "GB-CHC"), o.PublicId, "GB-CHC", "Registered charity number", chc));
        if (o.CompanyNumber is { } coh) ids.Add(new HsdsIdentifier(StableId(o.PublicId, "GB-COH"), o.PublicId, "GB-COH", "Companies House number", coh));
        return new HsdsOrganization(o.PublicId, o.Name, o.Description, o.Email, o.Website,
            o.Phone is null ? null : [new HsdsPhone(StableId(o.PublicId, "phone"), o.Phone)], ids.Count == 0 ? null : ids, services);
    }

    public static HsdsServiceAtLocation ServiceAtLocation(ServiceAtLocation x, Guid serviceId, Location l, HsdsService? service, double? distance = null) =>
        new(x.PublicId, serviceId, l.PublicId, x.Description, Location(l), service, distance is { } d ? Math.Round(d) : null);

    public static HsdsLocation Location(Location l) => new(
        l.PublicId, l.Type == LocationType.Virtual ? "virtual" : "physical", l.Name, l.Type == LocationType.Prison ? "Prison" : null, l.Latitude, l.Longitude,
        l.PrisonId is null ? null : l.Prison?.Slug, l.PrisonId is null ? null : "pathwayhub-prison",
        l.Postcode is null ? [] :
            [new HsdsAddress(StableId(l.PublicId, "address"), l.PublicId, l.Address1 ?? l.Name, l.City ?? "", "", l.Postcode, "GB", "physical")]);

    public static HsdsTaxonomy Taxonomy(Taxonomy t) => new(t.PublicId, t.Name, t.Description, null, null);

    public static HsdsTaxonomyTerm Term(TaxonomyTerm t, TaxonomyTerm? parent) =>
        new(t.PublicId, t.Code, t.Name, t.Description, parent?.PublicId, t.Taxonomy.Name, t.Taxonomy.PublicId, Taxonomy(t.Taxonomy));

    public static HsdsPage<T> Page<T>(IReadOnlyList<T> items, int total, int page, int perPage)
    {
        var pages = (int)Math.Ceiling(total / (double)perPage);
        return new HsdsPage<T>(total, pages, page, items.Count, page == 1, page >= pages, items.Count == 0, items);
    }

    /// <summary>A GUID derived from its owner's and a part name: the same every time, different for every part.</summary>
    public static Guid StableId(Guid owner, string part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(owner.ToString("N") + ":" + part));
        return new Guid(hash.AsSpan(0, 16));
    }
}
