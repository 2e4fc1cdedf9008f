using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory;

// The Open Referral UK / HSDS 3.0 shapes the open data API answers with. Property names become snake_case when written.
public sealed record HsdsPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents);
public sealed record HsdsTaxonomy(Guid Id, string Name, string Description, string? Uri, string? Version);
public sealed record HsdsTaxonomyTerm(Guid Id, string Code, string Name, string Description, Guid? ParentId, string Taxonomy, Guid TaxonomyId, HsdsTaxonomy? TaxonomyDetail);
public sealed record HsdsTermLink(Guid Id, Guid LinkId, string LinkType, string LinkEntity, Guid TaxonomyTermId, HsdsTaxonomyTerm TaxonomyTerm);
public sealed record HsdsPhone(Guid Id, string Number);
public sealed record HsdsContact(Guid Id, Guid ServiceId, string Name, string? Title, string? Email, IReadOnlyList<HsdsPhone>? Phones);
public sealed record HsdsSchedule(Guid Id, Guid ServiceId, string? Freq, string? Byday, string? OpensAt, string? ClosesAt, string Description);
public sealed record HsdsLanguage(Guid Id, Guid ServiceId, string Name);
public sealed record HsdsAddress(Guid Id, Guid LocationId, [property: JsonPropertyName("address_1")] string Address1, string City, string StateProvince,
    string PostalCode, string Country, string AddressType);
public sealed record HsdsLocation(Guid Id, string LocationType, string Name, string? Description, double? Latitude, double? Longitude,
    string? ExternalIdentifier, string? ExternalIdentifierType, IReadOnlyList<HsdsAddress> Addresses);
public sealed record HsdsIdentifier(Guid Id, Guid OrganizationId, string IdentifierScheme, string IdentifierType, string Identifier);
public sealed record HsdsOrganization(Guid Id, string Name, string Description, string? Email, string? Website, IReadOnlyList<HsdsPhone>? Phones,
    IReadOnlyList<HsdsIdentifier>? OrganizationIdentifiers, IReadOnlyList<HsdsService>? Services);
public sealed record HsdsServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, string? Description, HsdsLocation? Location, HsdsService? Service);
public sealed record HsdsService(
    Guid Id, Guid OrganizationId, string Name, string Description, string? Url, string? Email, string Status, string? EligibilityDescription,
    int? MinimumAge, int? MaximumAge, string? FeesDescription, string? ApplicationProcess, string? AssuredDate, string LastModified,
    HsdsOrganization? Organization, IReadOnlyList<HsdsServiceAtLocation>? ServiceAtLocations, IReadOnlyList<HsdsContact>? Contacts,
    IReadOnlyList<HsdsSchedule>? Schedules, IReadOnlyList<HsdsLanguage>? Languages, IReadOnlyList<HsdsTermLink>? Attributes);

/// <summary>Filters of <c>GET /services</c>, already parsed; paging is 1-based as in the ORUK API.</summary>
public sealed record OpenServiceQuery(int Page, int PerPage, string? Search, Guid? TaxonomyTermId, Guid? OrganizationId, DateTime? ModifiedAfterUtc);

/// <summary>
/// Read-only open data in the HSDS 3.0 shape for anyone, signed in or not: only what <see cref="OpenDataPolicy"/> publishes
/// (published listings of approved organisations, those organisations, where the listings are delivered, and the taxonomies).
/// Ids are the stored public GUIDs; parts HSDS gives ids that we do not store (languages, phones, addresses) get ids derived from
/// their owner's, so they are stable too.
/// </summary>
public sealed class OpenDataService(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<HsdsPage<HsdsService>> ServicesAsync(OpenServiceQuery query, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var paging = PageRequest.Of(query.Page, query.PerPage);
        var q = db.Services.AsNoTracking().Where(OpenDataPolicy.PublishedService);
        if (!string.IsNullOrWhiteSpace(query.Search)) q = q.Where(DirectoryText.Matches(query.Search));
        if (query.TaxonomyTermId is { } term) q = q.Where(s => s.Terms.Any(x => x.TaxonomyTerm.PublicId == term));
        if (query.OrganizationId is { } org) q = q.Where(s => s.Organisation.PublicId == org);
        if (query.ModifiedAfterUtc is { } after) q = q.Where(s => s.LastModifiedUtc >= after); // ORUK: on or after
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(paging.Offset).Take(paging.Size)
            .Select(s => new { Service = s, OrgId = s.Organisation.PublicId }).ToListAsync(ct);
        return Page(items.Select(x => ListItem(x.Service, x.OrgId)).ToList(), total, query.Page, query.PerPage);
    }

    public async Task<HsdsService?> ServiceAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var s = await db.Services.AsNoTracking().Where(OpenDataPolicy.PublishedService).Where(x => x.PublicId == id)
            .Include(x => x.Organisation)
            .Include(x => x.Locations).ThenInclude(l => l.Location).ThenInclude(l => l.Prison)
            .Include(x => x.Contacts).Include(x => x.Schedules)
            .Include(x => x.Terms).ThenInclude(t => t.TaxonomyTerm).ThenInclude(t => t.Taxonomy)
            .Include(x => x.Terms).ThenInclude(t => t.TaxonomyTerm).ThenInclude(t => t.Parent)
            .AsSplitQuery().FirstOrDefaultAsync(ct);
        if (s is null) return null;
        return ListItem(s, s.Organisation.PublicId) with
        {
            Organization = Organization(s.Organisation, null),
            ServiceAtLocations = s.Locations.OrderBy(l => l.Location.Name).Select(l => SaL(l, s.PublicId, l.Location, null)).ToList(),
            Contacts = s.Contacts.Select(c => new HsdsContact(c.PublicId, s.PublicId, c.Name, c.Title, c.Email,
                c.Phone is null ? null : [new HsdsPhone(StableId(c.PublicId, "phone"), c.Phone)])).ToList(),
            Schedules = s.Schedules.Select(x => new HsdsSchedule(x.PublicId, s.PublicId, x.ByDay is null ? null : "WEEKLY", x.ByDay, x.OpensAt, x.ClosesAt, x.Description)).ToList(),
            Languages = (s.Languages ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => new HsdsLanguage(StableId(s.PublicId, "language:" + l), s.PublicId, l)).ToList(),
            Attributes = s.Terms.OrderBy(t => t.TaxonomyTerm.Taxonomy.Slug).ThenBy(t => t.TaxonomyTerm.SortOrder)
                .Select(t => new HsdsTermLink(t.PublicId, s.PublicId, "service", "service", t.TaxonomyTerm.PublicId, Term(t.TaxonomyTerm, t.TaxonomyTerm.Parent))).ToList(),
        };
    }

    public async Task<HsdsPage<HsdsTaxonomy>> TaxonomiesAsync(int page, int perPage, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var paging = PageRequest.Of(page, perPage);
        var total = await db.Taxonomies.CountAsync(ct);
        var items = await db.Taxonomies.AsNoTracking().OrderBy(t => t.Id).Skip(paging.Offset).Take(paging.Size).ToListAsync(ct);
        return Page(items.Select(Taxonomy).ToList(), total, page, perPage);
    }

    public async Task<HsdsTaxonomy?> TaxonomyAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var t = await db.Taxonomies.AsNoTracking().FirstOrDefaultAsync(x => x.PublicId == id, ct);
        return t is null ? null : Taxonomy(t);
    }

    public async Task<HsdsPage<HsdsTaxonomyTerm>> TaxonomyTermsAsync(int page, int perPage, Guid? taxonomyId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var paging = PageRequest.Of(page, perPage);
        var q = db.TaxonomyTerms.AsNoTracking();
        if (taxonomyId is { } tid) q = q.Where(t => t.Taxonomy.PublicId == tid);
        var total = await q.CountAsync(ct);
        var items = await q.Include(t => t.Taxonomy).Include(t => t.Parent).OrderBy(t => t.TaxonomyId).ThenBy(t => t.SortOrder).ThenBy(t => t.Id)
            .Skip(paging.Offset).Take(paging.Size).ToListAsync(ct);
        return Page(items.Select(t => Term(t, t.Parent)).ToList(), total, page, perPage);
    }

    public async Task<HsdsTaxonomyTerm?> TaxonomyTermAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var t = await db.TaxonomyTerms.AsNoTracking().Include(x => x.Taxonomy).Include(x => x.Parent).FirstOrDefaultAsync(x => x.PublicId == id, ct);
        return t is null ? null : Term(t, t.Parent);
    }

    public async Task<HsdsPage<HsdsOrganization>> OrganizationsAsync(int page, int perPage, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var paging = PageRequest.Of(page, perPage);
        var q = db.Organisations.AsNoTracking().Where(OpenDataPolicy.PublishedOrganisation);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(o => o.Name).Skip(paging.Offset).Take(paging.Size).ToListAsync(ct);
        return Page(items.Select(o => Organization(o, null)).ToList(), total, page, perPage);
    }

    public async Task<HsdsOrganization?> OrganizationAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var o = await db.Organisations.AsNoTracking().Where(OpenDataPolicy.PublishedOrganisation).FirstOrDefaultAsync(x => x.PublicId == id, ct);
        if (o is null) return null;
        var services = await db.Services.AsNoTracking().Where(OpenDataPolicy.PublishedService).Where(s => s.OrganisationId == o.Id).OrderBy(s => s.Name).ToListAsync(ct);
        return Organization(o, services.Select(s => ListItem(s, o.PublicId)).ToList());
    }

    public async Task<HsdsPage<HsdsServiceAtLocation>> ServiceAtLocationsAsync(int page, int perPage, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var paging = PageRequest.Of(page, perPage);
        var q = db.ServiceAtLocations.AsNoTracking().Where(OpenDataPolicy.PublishedServiceAtLocation);
        var total = await q.CountAsync(ct);
        var items = await q.Include(x => x.Location).ThenInclude(l => l.Prison).OrderBy(x => x.Id).Skip(paging.Offset).Take(paging.Size)
            .Select(x => new { Sal = x, ServiceId = x.Service.PublicId }).ToListAsync(ct);
        return Page(items.Select(x => SaL(x.Sal, x.ServiceId, x.Sal.Location, null)).ToList(), total, page, perPage);
    }

    public async Task<HsdsServiceAtLocation?> ServiceAtLocationAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var x = await db.ServiceAtLocations.AsNoTracking().Where(OpenDataPolicy.PublishedServiceAtLocation)
            .Include(s => s.Location).ThenInclude(l => l.Prison).Include(s => s.Service).ThenInclude(s => s.Organisation)
            .FirstOrDefaultAsync(s => s.PublicId == id, ct);
        return x is null ? null : SaL(x, x.Service.PublicId, x.Location, ListItem(x.Service, x.Service.Organisation.PublicId));
    }

    private static HsdsPage<T> Page<T>(IReadOnlyList<T> items, int total, int page, int perPage)
    {
        var pages = (int)Math.Ceiling(total / (double)perPage);
        return new HsdsPage<T>(total, pages, page, items.Count, page == 1, page >= pages, items.Count == 0, items);
    }

    private static HsdsService ListItem(Service s, Guid organisationId) => new(
        s.PublicId, organisationId, s.Name, s.Description, s.Url, s.Email, s.Status == ServiceStatus.Active ? "active" : "inactive",
        s.EligibilityDescription, s.MinimumAge, s.MaximumAge, s.FeesDescription, s.ApplicationProcess,
        s.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime.SpecifyKind(s.LastModifiedUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        null, null, null, null, null, null);

    private static HsdsOrganization Organization(Organisation o, IReadOnlyList<HsdsService>? services)
    {
        var ids = new List<HsdsIdentifier>();
        if (o.CharityNumber is { } chc) ids.Add(new HsdsIdentifier(StableId(o.PublicId, "GB-CHC"), o.PublicId, "GB-CHC", "Registered charity number", chc));
        if (o.CompanyNumber is { } coh) ids.Add(new HsdsIdentifier(StableId(o.PublicId, "GB-COH"), o.PublicId, "GB-COH", "Companies House number", coh));
        return new HsdsOrganization(o.PublicId, o.Name, o.Description, o.Email, o.Website,
            o.Phone is null ? null : [new HsdsPhone(StableId(o.PublicId, "phone"), o.Phone)], ids.Count == 0 ? null : ids, services);
    }

    private static HsdsServiceAtLocation SaL(ServiceAtLocation x, Guid serviceId, Location l, HsdsService? service) =>
        new(x.PublicId, serviceId, l.PublicId, x.Description, Location(l), service);

    private static HsdsLocation Location(Location l) => new(
        l.PublicId, l.Type == LocationType.Virtual ? "virtual" : "physical", l.Name, l.Type == LocationType.Prison ? "Prison" : null, l.Latitude, l.Longitude,
        l.PrisonId is null ? null : l.Prison?.Slug, l.PrisonId is null ? null : "pathwayhub-prison",
        l.Postcode is null ? [] :
            [new HsdsAddress(StableId(l.PublicId, "address"), l.PublicId, l.Address1 ?? l.Name, l.City ?? "", "", l.Postcode, "GB", "physical")]);

    private static HsdsTaxonomy Taxonomy(Taxonomy t) => new(t.PublicId, t.Name, t.Description, null, null);

    private static HsdsTaxonomyTerm Term(TaxonomyTerm t, TaxonomyTerm? parent) =>
        new(t.PublicId, t.Code, t.Name, t.Description, parent?.PublicId, t.Taxonomy.Name, t.Taxonomy.PublicId, Taxonomy(t.Taxonomy));

    /// <summary>A GUID derived from its owner's and a part name: the same every time, different for every part.</summary>
    private static Guid StableId(Guid owner, string part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(owner.ToString("N") + ":" + part));
        return new Guid(hash.AsSpan(0, 16));
    }
}
