using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory;

public enum DirectorySort { Name, Organisation, LastReviewed, Status }

/// <summary>A directory search: text, filters, and a zero-based page.</summary>
public sealed record DirectoryQuery
{
    public string? Text { get; init; }
    public int? PathwayId { get; init; }
    public int? ServiceTypeTermId { get; init; }
    public int? PrisonId { get; init; }
    public int? OrganisationId { get; init; }
    public ServiceStatus? Status { get; init; }
    /// <summary>Only listings whose assured date is missing or more than six months old.</summary>
    public bool NotReviewedRecently { get; init; }
    /// <summary>Only what the public directory shows (always so for anyone not signed in).</summary>
    public bool PublishedOnly { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
    public DirectorySort Sort { get; init; }
    public bool Descending { get; init; }
}

public sealed record ServiceRow(
    int Id, Guid PublicId, string Name, int OrganisationId, string Organisation, ServiceStatus Status, DateOnly? AssuredDate,
    bool IsPublished, bool HasEvidence, bool DueForReview, IReadOnlyList<string> Prisons, IReadOnlyList<string> Pathways);

public sealed record DirectoryResults(IReadOnlyList<ServiceRow> Items, int TotalItems);

public sealed record TermOption(int Id, string Name, string TaxonomySlug, int? PathwayId, int? ParentId);
public sealed record PrisonOption(int Id, string Name, int LocationId);
public sealed record LocationView(int Id, string Name, LocationType Type, int? PrisonId);
public sealed record ContactView(string Name, string? Title, string? Email, string? Phone);
public sealed record ScheduleView(string Description, string? ByDay, string? OpensAt, string? ClosesAt);
public sealed record EvidenceView(string Summary, DateOnly? Date, string? Source, string? SourceUrl);
public sealed record ChangeView(int Id, ChangeRequestStatus Status, bool IsNewListing, IReadOnlyList<FieldChange> Changes, string SubmittedBy,
    DateTime SubmittedAtUtc, string? ReviewedBy, DateTime? ReviewedAtUtc, string? ReviewComment, Guid Version);

public sealed record ServiceDetail(
    int Id, Guid PublicId, int OrganisationId, string Organisation, string Name, string Description, ServiceStatus Status, string? Url, string? Email,
    string? EligibilityDescription, int? MinimumAge, int? MaximumAge, string? FeesDescription, string? ApplicationProcess, string? Languages,
    DateOnly? AssuredDate, bool DueForReview, bool IsPublished, DateTime LastModifiedUtc,
    IReadOnlyList<LocationView> Locations, IReadOnlyList<TermOption> Terms, IReadOnlyList<ContactView> Contacts,
    IReadOnlyList<ScheduleView> Schedules, IReadOnlyList<EvidenceView> Evidence, bool CanEdit, bool CanReview,
    ChangeView? PendingChange, ChangeView? LastReturnedChange, Guid Version);

/// <summary>What a provider editor or coordinator enters for a service. Lists are ids of locations and taxonomy terms.</summary>
public sealed class ServiceInput
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public ServiceStatus Status { get; set; } = ServiceStatus.Active;
    public string? Url { get; set; }
    public string? Email { get; set; }
    public string? EligibilityDescription { get; set; }
    public int? MinimumAge { get; set; }
    public int? MaximumAge { get; set; }
    public string? FeesDescription { get; set; }
    public string? ApplicationProcess { get; set; }
    public string? Languages { get; set; }
    public List<int> LocationIds { get; set; } = [];
    public List<int> TermIds { get; set; } = [];
    public List<ContactInput> Contacts { get; set; } = [];
    public List<ScheduleInput> Schedules { get; set; } = [];
    public List<EvidenceInput> Evidence { get; set; } = [];
    public Guid Version { get; set; }

    public static ServiceInput From(ServiceDetail s) => new()
    {
        Name = s.Name, Description = s.Description, Status = s.Status, Url = s.Url, Email = s.Email, EligibilityDescription = s.EligibilityDescription,
        MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge, FeesDescription = s.FeesDescription, ApplicationProcess = s.ApplicationProcess,
        Languages = s.Languages, LocationIds = s.Locations.Select(l => l.Id).ToList(), TermIds = s.Terms.Select(t => t.Id).ToList(),
        Contacts = s.Contacts.Select(c => new ContactInput { Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone }).ToList(),
        Schedules = s.Schedules.Select(x => new ScheduleInput { Description = x.Description, ByDay = x.ByDay, OpensAt = x.OpensAt, ClosesAt = x.ClosesAt }).ToList(),
        Evidence = s.Evidence.Select(e => new EvidenceInput { Summary = e.Summary, Date = e.Date, Source = e.Source, SourceUrl = e.SourceUrl }).ToList(),
        Version = s.Version,
    };
}

public sealed class ContactInput
{
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public override string ToString() => string.Join(", ", new[] { Name, Title, Email, Phone }.Where(x => !string.IsNullOrWhiteSpace(x)));
}

public sealed class ScheduleInput
{
    public string Description { get; set; } = "";
    /// <summary>RFC 5545 BYDAY, e.g. "MO,WE".</summary>
    public string? ByDay { get; set; }
    public string? OpensAt { get; set; }
    public string? ClosesAt { get; set; }
    public override string ToString() => string.Join(" ", new[] { Description, ByDay, OpensAt is null ? null : $"{OpensAt}-{ClosesAt}" }.Where(x => !string.IsNullOrWhiteSpace(x)));
}

public sealed class EvidenceInput
{
    public string Summary { get; set; } = "";
    public DateOnly? Date { get; set; }
    public string? Source { get; set; }
    public string? SourceUrl { get; set; }
    public override string ToString() =>
        string.Join(", ", new[] { Summary, Date?.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")), Source, SourceUrl }.Where(x => !string.IsNullOrWhiteSpace(x)));
}

public enum SaveOutcome { Published, SubmittedForReview }

public sealed record PendingChangeRow(int Id, int ServiceId, string Service, string Organisation, bool IsNewListing, string SubmittedBy,
    DateTime SubmittedAtUtc, IReadOnlyList<FieldChange> Changes, Guid Version);

public sealed record ReturnedChangeRow(int ServiceId, string Service, string? Comment, string? ReturnedBy, DateTime? ReturnedAtUtc);
public sealed record ListingToReview(int Id, string Name, DateOnly? AssuredDate);
/// <summary>What the home page shows: an editor's listings due for review and returned changes; the coordinator's pending reviews.</summary>
public sealed record DirectoryHomeSummary(IReadOnlyList<ListingToReview> DueForReview, IReadOnlyList<ReturnedChangeRow> Returned, int PendingReviews);

public sealed record CoverageColumn(int TermId, string Name, int? PathwayId);
public sealed record CoverageRow(int PrisonId, string Prison, IReadOnlyList<int> Counts);
public sealed record CoverageMatrix(IReadOnlyList<CoverageColumn> Columns, IReadOnlyList<CoverageRow> Rows);

public sealed record OrganisationDetail(int Id, Guid PublicId, string Name, string Description, string? Website, string? Email, string? Phone,
    string? CharityNumber, string? CompanyNumber, OrganisationStatus Status, bool CanEdit, IReadOnlyList<ServiceRow> Services, Guid Version);

/// <summary>
/// The provider directory. Anyone may read published listings; signed-in coordinators and commissioners see every listing,
/// provider editors also their own unpublished ones. Provider editors change only their own organisation's listings, and
/// their changes to a published listing wait for a coordinator's review. Coordinators change anything directly.
/// </summary>
public sealed class DirectoryService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private DateOnly Today => clock.UkToday();
    /// <summary>Listings not confirmed on or after this day are due for review.</summary>
    private DateOnly ReviewCutoff => Today.AddMonths(-6);

    public async Task<DirectoryResults> SearchAsync(DirectoryQuery query, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Filtered(db, query);
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 100);
        // The page's ids first, so the sort carries only ids and names; then the page's rows by key (RowsAsync).
        var ids = await Ordered(q, query).Skip(Math.Max(query.Page, 0) * size).Take(size).Select(s => s.Id).ToListAsync(ct);
        return new DirectoryResults(await RowsAsync(db, ids, ct), total);
    }

    /// <summary>Every service matching a search, as CSV (the same visibility and order as the search): the ids in one query, the rows 500 at a time.</summary>
    public async Task<string> ExportCsvAsync(DirectoryQuery query, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = await Ordered(Filtered(db, query), query).Select(s => s.Id).ToListAsync(ct);
        var rows = new List<ServiceRow>(ids.Count);
        foreach (var chunk in ids.Chunk(500)) rows.AddRange(await RowsAsync(db, chunk, ct));
        return Csv.Write(["Service", "Organisation", "Status", "Published", "Prisons", "Pathways", "Evidence of impact", "Last reviewed", "Due for review"],
            rows.Select(r => new[]
            {
                r.Name, r.Organisation, r.Status.ToString(), r.IsPublished ? "Yes" : "No", string.Join("; ", r.Prisons), string.Join("; ", r.Pathways),
                r.HasEvidence ? "Evaluated" : "None recorded", r.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.DueForReview ? "Yes" : "No",
            }));
    }

    /// <summary>The services a search names, as the signed-in user may see them (published only for anyone else).</summary>
    private IQueryable<Service> Filtered(AppDbContext db, DirectoryQuery query)
    {
        var actor = user.Actor;
        var cutoff = ReviewCutoff;
        var q = db.Services.AsNoTracking().Where(DirectoryAccess.VisibleListings(actor, query.PublishedOnly));

        if (!string.IsNullOrWhiteSpace(query.Text)) q = q.Where(DirectoryText.Matches(query.Text));
        // Filters on links are IN (subquery) rather than EXISTS: SQLite then starts from the few services the link's index
        // names instead of testing all 50,000 one by one (PostgreSQL plans both as the same semi-join).
        if (query.PathwayId is { } pathwayId)
            q = q.Where(s => db.ServiceTaxonomyTerms.Where(t => t.TaxonomyTerm.PathwayId == pathwayId).Select(t => t.ServiceId).Contains(s.Id));
        if (query.ServiceTypeTermId is { } termId)
            q = q.Where(s => db.ServiceTaxonomyTerms.Where(t => t.TaxonomyTermId == termId).Select(t => t.ServiceId).Contains(s.Id));
        if (query.PrisonId is { } prisonId)
            q = q.Where(s => db.ServiceAtLocations.Where(l => l.Location.PrisonId == prisonId).Select(l => l.ServiceId).Contains(s.Id));
        if (query.OrganisationId is { } orgId)
            q = q.Where(s => s.OrganisationId == orgId);
        if (query.Status is { } status)
            q = q.Where(s => s.Status == status);
        if (query.NotReviewedRecently)
            q = q.Where(s => s.AssuredDate == null || s.AssuredDate < cutoff);
        return q;
    }

    private static IQueryable<Service> Ordered(IQueryable<Service> q, DirectoryQuery query) => (query.Sort, query.Descending) switch
    {
        (DirectorySort.Organisation, false) => q.OrderBy(s => s.Organisation.Name).ThenBy(s => s.Name),
        (DirectorySort.Organisation, true) => q.OrderByDescending(s => s.Organisation.Name).ThenBy(s => s.Name),
        (DirectorySort.LastReviewed, false) => q.OrderBy(s => s.AssuredDate).ThenBy(s => s.Name),
        (DirectorySort.LastReviewed, true) => q.OrderByDescending(s => s.AssuredDate).ThenBy(s => s.Name),
        (DirectorySort.Status, false) => q.OrderBy(s => s.Status).ThenBy(s => s.Name),
        (DirectorySort.Status, true) => q.OrderByDescending(s => s.Status).ThenBy(s => s.Name),
        (_, false) => q.OrderBy(s => s.Name).ThenBy(s => s.Id),
        (_, true) => q.OrderByDescending(s => s.Name).ThenBy(s => s.Id),
    };

    /// <summary>
    /// The rows of the given services, in the given order: details by key, then their prisons and Pathways in queries of their
    /// own. (As collections of one query they become LEFT JOINs to subqueries, which SQLite builds in full, for every service's
    /// locations and terms, before joining the few rows asked for.)
    /// </summary>
    private async Task<List<ServiceRow>> RowsAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var cutoff = ReviewCutoff;
        var rows = await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new
            {
                s.Id, s.PublicId, s.Name, s.OrganisationId, Organisation = s.Organisation.Name, s.Status, s.AssuredDate, s.IsPublished,
                HasEvidence = s.Evidence.Any(),
            })
            .ToDictionaryAsync(r => r.Id, ct);
        var prisons = (await db.ServiceAtLocations.AsNoTracking().Where(l => ids.Contains(l.ServiceId) && l.Location.PrisonId != null)
                .Select(l => new { l.ServiceId, l.Location.Name }).ToListAsync(ct))
            .ToLookup(l => l.ServiceId, l => l.Name);
        var pathways = (await db.ServiceTaxonomyTerms.AsNoTracking().Where(t => ids.Contains(t.ServiceId) && t.TaxonomyTerm.PathwayId != null)
                .Select(t => new { t.ServiceId, t.TaxonomyTerm.Name, t.TaxonomyTerm.SortOrder }).ToListAsync(ct))
            .ToLookup(t => t.ServiceId);
        return ids.Select(id => rows[id]).Select(r => new ServiceRow(r.Id, r.PublicId, r.Name, r.OrganisationId, r.Organisation,
            r.Status, r.AssuredDate, r.IsPublished, r.HasEvidence, r.AssuredDate is null || r.AssuredDate < cutoff,
            prisons[r.Id].Order(StringComparer.Ordinal).ToList(), pathways[r.Id].OrderBy(t => t.SortOrder).Select(t => t.Name).ToList())).ToList();
    }

    /// <summary>The coverage matrix as CSV: one row per prison, one column per Pathway or service type.</summary>
    public async Task<string> CoverageCsvAsync(string taxonomySlug, CancellationToken ct = default)
    {
        var m = await CoverageAsync(taxonomySlug, ct);
        return Csv.Write(["Prison", .. m.Columns.Select(c => c.Name)],
            m.Rows.Select(r => new[] { r.Prison }.Concat(r.Counts.Select(c => c.ToString(CultureInfo.InvariantCulture))).ToArray()));
    }

    public async Task<ServiceDetail> GetServiceAsync(int id, bool publishedOnly = false, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var s = await db.Services.AsNoTracking().Include(x => x.Organisation)
            .Include(x => x.Locations).ThenInclude(l => l.Location)
            .Include(x => x.Terms).ThenInclude(t => t.TaxonomyTerm).ThenInclude(t => t.Taxonomy)
            .Include(x => x.Contacts.OrderBy(c => c.Id)).Include(x => x.Schedules.OrderBy(c => c.Id)).Include(x => x.Evidence.OrderBy(c => c.Id))
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That service is not in the directory.");
        var canEdit = DirectoryAccess.CanEdit(actor, s.OrganisationId);
        if (!(publishedOnly ? s.IsPublished : DirectoryAccess.CanSeeListing(actor, s.IsPublished, s.OrganisationId)))
            throw new NotFoundException("That service is not in the directory.");

        ChangeView? pending = null, returned = null;
        if (!publishedOnly && canEdit)
        {
            var changes = await db.ChangeRequests.AsNoTracking().Where(c => c.ServiceId == id && c.Status != ChangeRequestStatus.Approved)
                .OrderByDescending(c => c.SubmittedAtUtc).ToListAsync(ct);
            pending = changes.Where(c => c.Status == ChangeRequestStatus.Pending).Select(View).FirstOrDefault();
            returned = changes.Where(c => c.Status == ChangeRequestStatus.Returned).Select(View).FirstOrDefault();
        }
        var cutoff = ReviewCutoff;
        return new ServiceDetail(s.Id, s.PublicId, s.OrganisationId, s.Organisation.Name, s.Name, s.Description, s.Status, s.Url, s.Email,
            s.EligibilityDescription, s.MinimumAge, s.MaximumAge, s.FeesDescription, s.ApplicationProcess, s.Languages, s.AssuredDate,
            s.AssuredDate is null || s.AssuredDate < cutoff, s.IsPublished, s.LastModifiedUtc,
            s.Locations.Select(l => new LocationView(l.Location.Id, l.Location.Name, l.Location.Type, l.Location.PrisonId)).OrderBy(l => l.Name).ToList(),
            s.Terms.Select(t => Option(t.TaxonomyTerm)).OrderBy(t => t.TaxonomySlug).ThenBy(t => t.Name).ToList(),
            s.Contacts.Select(c => new ContactView(c.Name, c.Title, c.Email, c.Phone)).ToList(),
            s.Schedules.Select(x => new ScheduleView(x.Description, x.ByDay, x.OpensAt, x.ClosesAt)).ToList(),
            s.Evidence.Select(e => new EvidenceView(e.Summary, e.Date, e.Source, e.SourceUrl)).ToList(),
            canEdit && !publishedOnly, actor.IsCoordinator && !publishedOnly, pending, returned, s.Version);
    }

    public async Task<IReadOnlyList<TermOption>> TermsAsync(string taxonomySlug, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var terms = await db.TaxonomyTerms.AsNoTracking().Include(t => t.Taxonomy).Where(t => t.Taxonomy.Slug == taxonomySlug)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToListAsync(ct);
        return terms.Select(Option).ToList();
    }

    public async Task<IReadOnlyList<PrisonOption>> PrisonsAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Locations.AsNoTracking().Where(l => l.PrisonId != null).OrderBy(l => l.Name)
            .Select(l => new PrisonOption(l.PrisonId!.Value, l.Name, l.Id)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<LocationView>> LocationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Locations.AsNoTracking().OrderBy(l => l.Type).ThenBy(l => l.Name)
            .Select(l => new LocationView(l.Id, l.Name, l.Type, l.PrisonId)).ToListAsync(ct);
    }

    /// <summary>The coordinator extends the service types as the directory grows.</summary>
    public async Task<int> AddServiceTypeAsync(string name, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        name = name.Trim();
        var errors = new Dictionary<string, string>();
        if (name.Length == 0) errors["Name"] = "Enter the service type's name.";
        else if (name.Length > 200) errors["Name"] = "The name must be 200 characters or fewer.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(actor, ct);
        var taxonomy = await db.Taxonomies.SingleAsync(t => t.Slug == Taxonomy.ServiceTypesSlug, ct);
        var code = Slug(name);
        if (await db.TaxonomyTerms.AnyAsync(t => t.TaxonomyId == taxonomy.Id && (t.Code == code || t.Name.ToLower() == name.ToLower()), ct))
            ValidationFailedException.ThrowIfAny(new() { ["Name"] = "There is already a service type with this name." });
        var order = await db.TaxonomyTerms.Where(t => t.TaxonomyId == taxonomy.Id).MaxAsync(t => (int?)t.SortOrder, ct) ?? 0;
        var term = new TaxonomyTerm { TaxonomyId = taxonomy.Id, Code = code, Name = name, Description = name, SortOrder = order + 1 };
        db.TaxonomyTerms.Add(term);
        await db.SaveChangesAsync(ct);
        return term.Id;
    }

    /// <summary>
    /// Adds a service to an organisation. A coordinator's is published at once; a provider editor's waits for review.
    /// </summary>
    public async Task<(int Id, SaveOutcome Outcome)> CreateServiceAsync(int organisationId, ServiceInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        RequireEditor(actor, organisationId);
        await using var db = await dbs.OpenAsync(actor, ct);
        var status = await db.Organisations.Where(o => o.Id == organisationId).Select(o => (OrganisationStatus?)o.Status).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("That organisation is not in the directory.");
        if (Organisation.ListingRefusal(status, "This organisation") is { } refusal) ValidationFailedException.ThrowIfAny(new() { [""] = refusal + "." });
        var errors = Validate(input);
        await ValidateReferencesAsync(db, input, errors, ct);
        if (!errors.ContainsKey(nameof(input.Name)) && await db.Services.AnyAsync(s => s.OrganisationId == organisationId && s.Name == input.Name.Trim(), ct))
            errors[nameof(input.Name)] = "This organisation already has a service with this name.";
        ValidationFailedException.ThrowIfAny(errors);

        var service = new Service { OrganisationId = organisationId, AssuredDate = Today, LastModifiedUtc = clock.GetUtcNow().UtcDateTime };
        Apply(service, input);
        service.IsPublished = actor.IsCoordinator;
        foreach (var l in input.LocationIds.Distinct()) service.Locations.Add(new ServiceAtLocation { LocationId = l });
        foreach (var t in input.TermIds.Distinct()) service.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTermId = t });
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        if (actor.IsCoordinator) return (service.Id, SaveOutcome.Published);

        var change = NewChange(actor, service, await DescribeAsync(db, null, input, ct), input, isNew: true);
        db.ChangeRequests.Add(change);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await NotifyPendingAsync(db, change, service.Name, ct);
        await tx.CommitAsync(ct);
        return (service.Id, SaveOutcome.SubmittedForReview);
    }

    /// <summary>
    /// Changes a service. A coordinator's change, or any change to a listing not yet published, is saved at once; a provider
    /// editor's change to a published listing becomes a pending change. A stale <see cref="ServiceInput.Version"/> is refused.
    /// </summary>
    public async Task<SaveOutcome> UpdateServiceAsync(int serviceId, ServiceInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.OpenAsync(actor, ct);
        var service = await WithChildren(db.Services)
            .FirstOrDefaultAsync(s => s.Id == serviceId, ct) ?? throw new NotFoundException("That service is not in the directory.");
        RequireEditor(actor, service.OrganisationId);
        if (service.Version != input.Version) throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
        var errors = Validate(input);
        await ValidateReferencesAsync(db, input, errors, ct);
        if (!errors.ContainsKey(nameof(input.Name)) &&
            await db.Services.AnyAsync(s => s.OrganisationId == service.OrganisationId && s.Name == input.Name.Trim() && s.Id != serviceId, ct))
            errors[nameof(input.Name)] = "This organisation already has a service with this name.";
        ValidationFailedException.ThrowIfAny(errors);

        var changes = await DescribeAsync(db, service, input, ct);
        if (actor.IsCoordinator || !service.IsPublished)
        {
            db.Entry(service).Property(s => s.Version).OriginalValue = input.Version;
            Apply(service, input);
            SetLinks(db, service, input);
            service.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesOrConflictAsync(ct);
            return SaveOutcome.Published;
        }

        if (changes.Count == 0)
            ValidationFailedException.ThrowIfAny(new() { [""] = "Nothing has changed. To confirm the listing is still accurate, use \"Still accurate\"." });
        if (await db.ChangeRequests.AnyAsync(c => c.ServiceId == serviceId && c.Status == ChangeRequestStatus.Pending, ct))
            ValidationFailedException.ThrowIfAny(new() { [""] = "A change to this service is already waiting for the coordinator's review. Wait for it to be approved or returned." });
        var change = NewChange(actor, service, changes, input, isNew: false);
        db.ChangeRequests.Add(change);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync(ct);
        await NotifyPendingAsync(db, change, service.Name, ct);
        await tx.CommitAsync(ct);
        return SaveOutcome.SubmittedForReview;
    }

    /// <summary>"Still accurate": the listing was checked today. No review is needed for a confirmation.</summary>
    public async Task<Guid> ConfirmStillAccurateAsync(int serviceId, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.OpenAsync(actor, ct);
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId, ct) ?? throw new NotFoundException("That service is not in the directory.");
        RequireEditor(actor, service.OrganisationId);
        db.Entry(service).Property(s => s.Version).OriginalValue = version;
        service.AssuredDate = Today;
        service.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesOrConflictAsync(ct);
        return service.Version;
    }

    public async Task<DirectoryHomeSummary> HomeSummaryAsync(CancellationToken ct = default)
    {
        var actor = user.Actor;
        var cutoff = ReviewCutoff;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pending = actor.IsCoordinator ? await db.ChangeRequests.CountAsync(c => c.Status == ChangeRequestStatus.Pending, ct) : 0;
        if (!actor.IsIn(Roles.ProviderEditor) || actor.OrganisationId is not { } org) return new DirectoryHomeSummary([], [], pending);

        var due = await db.Services.AsNoTracking().Where(s => s.OrganisationId == org && (s.AssuredDate == null || s.AssuredDate < cutoff))
            .OrderBy(s => s.AssuredDate).Select(s => new ListingToReview(s.Id, s.Name, s.AssuredDate)).ToListAsync(ct);
        // A returned change matters until the editor submits another for the same service.
        var returned = await db.ChangeRequests.AsNoTracking()
            .Where(c => c.OrganisationId == org && c.Status == ChangeRequestStatus.Returned &&
                        !db.ChangeRequests.Any(n => n.ServiceId == c.ServiceId && n.SubmittedAtUtc > c.SubmittedAtUtc))
            .OrderByDescending(c => c.ReviewedAtUtc).Take(20)
            .Select(c => new ReturnedChangeRow(c.ServiceId, c.Service.Name, c.ReviewComment, c.ReviewedByName, c.ReviewedAtUtc)).ToListAsync(ct);
        return new DirectoryHomeSummary(due, returned, pending);
    }

    public async Task<IReadOnlyList<PendingChangeRow>> PendingChangesAsync(CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.ChangeRequests.AsNoTracking().Where(c => c.Status == ChangeRequestStatus.Pending).OrderBy(c => c.SubmittedAtUtc)
            .Select(c => new { c.Id, c.ServiceId, Service = c.Service.Name, Organisation = c.Service.Organisation.Name, c.IsNewListing, c.SubmittedByName, c.SubmittedAtUtc, c.Changes, c.Version })
            .ToListAsync(ct);
        return rows.Select(r => new PendingChangeRow(r.Id, r.ServiceId, r.Service, r.Organisation, r.IsNewListing, r.SubmittedByName, r.SubmittedAtUtc,
            Parse(r.Changes), r.Version)).ToList();
    }

    /// <summary>Publishes a pending change. Refused if the service changed after the editor started from it.</summary>
    public async Task ApproveAsync(int changeId, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(actor, ct);
        var change = await PendingAsync(db, changeId, version, ct);
        var service = await WithChildren(db.Services).SingleAsync(s => s.Id == change.ServiceId, ct);
        if (service.Version != change.BaseVersion)
            throw new ConcurrencyConflictException("The service was changed after this change was submitted. Return it so the editor can make it again on the latest version.");
        var input = JsonSerializer.Deserialize<ServiceInput>(change.Proposed, Json)!;
        var errors = new Dictionary<string, string>();
        await ValidateReferencesAsync(db, input, errors, ct);
        ValidationFailedException.ThrowIfAny(errors);
        Apply(service, input);
        SetLinks(db, service, input);
        service.IsPublished = true;
        service.AssuredDate = UkCalendar.DayOf(change.SubmittedAtUtc);
        service.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
        Review(actor, change, ChangeRequestStatus.Approved, null);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync(ct);
        await NotifyReviewedAsync(db, change, service.Name, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Sends a pending change back to the editor with a comment; the listing stays as it was.</summary>
    public async Task ReturnAsync(int changeId, string comment, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        comment = comment?.Trim() ?? "";
        if (comment.Length == 0) ValidationFailedException.ThrowIfAny(new() { ["Comment"] = "Say what the editor should change." });
        if (comment.Length > 2000) ValidationFailedException.ThrowIfAny(new() { ["Comment"] = "The comment must be 2,000 characters or fewer." });
        await using var db = await dbs.OpenAsync(actor, ct);
        var change = await PendingAsync(db, changeId, version, ct);
        Review(actor, change, ChangeRequestStatus.Returned, comment);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync(ct);
        var name = await db.Services.Where(x => x.Id == change.ServiceId).Select(x => x.Name).SingleAsync(ct);
        await NotifyReviewedAsync(db, change, name, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Active published services per prison and Pathway (or service type): a zero is a gap. One grouped count over
    /// <see cref="ServiceCoverage"/>, whose rows each save keeps in step with the listings.
    /// </summary>
    public async Task<CoverageMatrix> CoverageAsync(string taxonomySlug = Taxonomy.PathwaysSlug, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var columns = await db.TaxonomyTerms.AsNoTracking().Where(t => t.Taxonomy.Slug == taxonomySlug).OrderBy(t => t.SortOrder).ThenBy(t => t.Name)
            .Select(t => new CoverageColumn(t.Id, t.Name, t.PathwayId)).ToListAsync(ct);
        var prisons = await db.Prisons.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var termIds = columns.Select(c => c.TermId).ToList();
        var cells = await db.ServiceCoverage.Where(c => termIds.Contains(c.TaxonomyTermId))
            .GroupBy(c => new { c.TaxonomyTermId, c.PrisonId })
            .Select(g => new { g.Key.PrisonId, g.Key.TaxonomyTermId, Count = g.Count() })
            .ToListAsync(ct);
        var counts = cells.ToDictionary(c => (c.PrisonId, c.TaxonomyTermId), c => c.Count);
        return new CoverageMatrix(columns, prisons.Select(p => new CoverageRow(p.Id, p.Name,
            columns.Select(c => counts.GetValueOrDefault((p.Id, c.TermId))).ToList())).ToList());
    }

    public async Task<OrganisationDetail> GetOrganisationAsync(int id, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        // An organisation the actor may not see answers as if it did not exist: ids are sequential.
        if (o is null || !DirectoryAccess.CanSeeOrganisation(actor, o.Id, o.Status)) throw new NotFoundException("That organisation is not in the directory.");
        var services = await SearchAsync(new DirectoryQuery { OrganisationId = id, PageSize = 100 }, ct);
        return new OrganisationDetail(o.Id, o.PublicId, o.Name, o.Description, o.Website, o.Email, o.Phone, o.CharityNumber, o.CompanyNumber, o.Status,
            DirectoryAccess.CanEdit(actor, o.Id), services.Items, o.Version);
    }

    private static void RequireEditor(Actor actor, int organisationId)
    {
        if (!DirectoryAccess.CanEdit(actor, organisationId))
            throw new ForbiddenException("Only the organisation's own provider editors and the coordinator can change its listings.");
    }

    /// <summary>Every coordinator hears of a change waiting for review, through the outbox in the same transaction.</summary>
    private async Task NotifyPendingAsync(AppDbContext db, ChangeRequest change, string serviceName, CancellationToken ct)
    {
        var coordinators = await Notifications.Rules.ReminderQueries.Coordinators(db).ToListAsync(ct);
        var what = change.IsNewListing ? "A new listing" : "A change to a listing";
        await NotificationService.EnqueueAsync(db, coordinators.Select(id => new OutgoingNotification(id, NotificationKinds.DirectoryChangePending,
            $"directory-change:{change.Id}:pending:user:{id}", $"To review: {serviceName}",
            $"{what} ({serviceName}) was submitted by {change.SubmittedByName} and is waiting for your review.", "/directory/changes")),
            clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The editor who submitted a change hears whether it was approved or returned.</summary>
    private async Task NotifyReviewedAsync(AppDbContext db, ChangeRequest change, string serviceName, CancellationToken ct)
    {
        if (change.SubmittedById is not { } editor) return;
        var approved = change.Status == ChangeRequestStatus.Approved;
        await NotificationService.EnqueueAsync(db, [new OutgoingNotification(editor, NotificationKinds.DirectoryChangeReviewed,
            $"directory-change:{change.Id}:reviewed:user:{editor}",
            approved ? $"Published: your change to {serviceName}" : $"Returned: your change to {serviceName}",
            approved ? $"The coordinator approved your change to {serviceName}; it is now in the directory."
                     : $"The coordinator returned your change to {serviceName}: {change.ReviewComment}\nMake the change again with the comment in mind.",
            $"/directory/services/{change.ServiceId}")], clock.GetUtcNow().UtcDateTime, ct);
    }

    private static async Task<ChangeRequest> PendingAsync(AppDbContext db, int changeId, Guid version, CancellationToken ct)
    {
        var change = await db.ChangeRequests.FirstOrDefaultAsync(c => c.Id == changeId, ct) ?? throw new NotFoundException("That change no longer exists.");
        if (change.Status != ChangeRequestStatus.Pending || change.Version != version)
            throw new ConcurrencyConflictException("This change has already been reviewed. Reload to see its outcome.");
        db.Entry(change).Property(c => c.Version).OriginalValue = version;
        return change;
    }

    private void Review(Actor actor, ChangeRequest change, ChangeRequestStatus status, string? comment)
    {
        change.Status = status;
        change.ReviewComment = comment;
        change.ReviewedByName = actor.Name;
        change.ReviewedAtUtc = clock.GetUtcNow().UtcDateTime;
    }

    private ChangeRequest NewChange(Actor actor, Service service, List<FieldChange> changes, ServiceInput input, bool isNew) => new()
    {
        ServiceId = service.Id, OrganisationId = service.OrganisationId, Status = ChangeRequestStatus.Pending, IsNewListing = isNew,
        Changes = JsonSerializer.Serialize(changes, Json), Proposed = JsonSerializer.Serialize(input, Json), BaseVersion = service.Version,
        SubmittedById = actor.UserId, SubmittedByName = actor.Name, SubmittedAtUtc = clock.GetUtcNow().UtcDateTime,
    };

    private static ChangeView View(ChangeRequest c) => new(c.Id, c.Status, c.IsNewListing, Parse(c.Changes), c.SubmittedByName, c.SubmittedAtUtc,
        c.ReviewedByName, c.ReviewedAtUtc, c.ReviewComment, c.Version);

    private static List<FieldChange> Parse(string json) => JsonSerializer.Deserialize<List<FieldChange>>(json, Json) ?? [];

    private static TermOption Option(TaxonomyTerm t) => new(t.Id, t.Name, t.Taxonomy.Slug, t.PathwayId, t.ParentId);

    private static void Apply(Service s, ServiceInput i)
    {
        s.Name = i.Name.Trim();
        s.Description = i.Description.Trim();
        s.Status = i.Status;
        s.Url = FieldRules.Clean(i.Url);
        s.Email = FieldRules.Clean(i.Email);
        s.EligibilityDescription = FieldRules.Clean(i.EligibilityDescription);
        s.MinimumAge = i.MinimumAge;
        s.MaximumAge = i.MaximumAge;
        s.FeesDescription = FieldRules.Clean(i.FeesDescription);
        s.ApplicationProcess = FieldRules.Clean(i.ApplicationProcess);
        s.Languages = FieldRules.Clean(i.Languages);
        // Children are matched by position, so unchanged contacts and schedules keep their public ids in the open data.
        Sync(s.Contacts, i.Contacts, (c, x) => { c.Name = x.Name.Trim(); c.Title = FieldRules.Clean(x.Title); c.Email = FieldRules.Clean(x.Email); c.Phone = FieldRules.Clean(x.Phone); });
        Sync(s.Schedules, i.Schedules, (c, x) =>
        {
            c.Description = x.Description.Trim(); c.ByDay = FieldRules.Clean(x.ByDay)?.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
            c.OpensAt = FieldRules.Clean(x.OpensAt); c.ClosesAt = FieldRules.Clean(x.ClosesAt);
        });
        Sync(s.Evidence, i.Evidence, (c, x) => { c.Summary = x.Summary.Trim(); c.Date = x.Date; c.Source = FieldRules.Clean(x.Source); c.SourceUrl = FieldRules.Clean(x.SourceUrl); });
    }

    /// <summary>A service with everything an edit replaces; children in a stable order, as <see cref="Sync"/> matches them by position.</summary>
    private static IQueryable<Service> WithChildren(IQueryable<Service> services) => services
        .Include(s => s.Locations).Include(s => s.Terms)
        .Include(s => s.Contacts.OrderBy(c => c.Id)).Include(s => s.Schedules.OrderBy(c => c.Id)).Include(s => s.Evidence.OrderBy(c => c.Id))
        .AsSplitQuery();

    private static void Sync<TEntity, TInput>(List<TEntity> existing, List<TInput> wanted, Action<TEntity, TInput> set) where TEntity : new()
    {
        if (existing.Count > wanted.Count) existing.RemoveRange(wanted.Count, existing.Count - wanted.Count);
        for (var n = 0; n < wanted.Count; n++)
        {
            if (n == existing.Count) existing.Add(new TEntity());
            set(existing[n], wanted[n]);
        }
    }

    private static void SetLinks(AppDbContext db, Service s, ServiceInput i)
    {
        var locations = i.LocationIds.ToHashSet();
        foreach (var l in s.Locations.Where(l => !locations.Contains(l.LocationId)).ToList()) db.ServiceAtLocations.Remove(l);
        foreach (var id in locations.Where(id => s.Locations.All(l => l.LocationId != id))) s.Locations.Add(new ServiceAtLocation { LocationId = id });
        var terms = i.TermIds.ToHashSet();
        foreach (var t in s.Terms.Where(t => !terms.Contains(t.TaxonomyTermId)).ToList()) db.ServiceTaxonomyTerms.Remove(t);
        foreach (var id in terms.Where(id => s.Terms.All(t => t.TaxonomyTermId != id))) s.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTermId = id });
    }

    /// <summary>Field-by-field old and new values, as the reviewer reads them.</summary>
    private static async Task<List<FieldChange>> DescribeAsync(AppDbContext db, Service? s, ServiceInput i, CancellationToken ct)
    {
        var list = new List<FieldChange>();
        void Add(string field, string label, string? old, string? @new)
        {
            if (!string.Equals(FieldRules.Clean(old), FieldRules.Clean(@new), StringComparison.Ordinal)) list.Add(new FieldChange(field, label, FieldRules.Clean(old), FieldRules.Clean(@new)));
        }
        static string? Num(int? n) => n?.ToString(CultureInfo.InvariantCulture);
        Add(nameof(i.Name), "Name", s?.Name, i.Name);
        Add(nameof(i.Description), "Description", s?.Description, i.Description);
        Add(nameof(i.Status), "Status", s?.Status.ToString(), i.Status.ToString());
        Add(nameof(i.Url), "Website", s?.Url, i.Url);
        Add(nameof(i.Email), "Email", s?.Email, i.Email);
        Add(nameof(i.EligibilityDescription), "Who it is for", s?.EligibilityDescription, i.EligibilityDescription);
        Add(nameof(i.MinimumAge), "Minimum age", Num(s?.MinimumAge), Num(i.MinimumAge));
        Add(nameof(i.MaximumAge), "Maximum age", Num(s?.MaximumAge), Num(i.MaximumAge));
        Add(nameof(i.FeesDescription), "Fees", s?.FeesDescription, i.FeesDescription);
        Add(nameof(i.ApplicationProcess), "How to apply", s?.ApplicationProcess, i.ApplicationProcess);
        Add(nameof(i.Languages), "Languages", s?.Languages, i.Languages);

        var oldLocations = s?.Locations.Select(l => l.LocationId).ToList() ?? [];
        var oldTerms = s?.Terms.Select(t => t.TaxonomyTermId).ToList() ?? [];
        var locationIds = oldLocations.Concat(i.LocationIds).Distinct().ToList();
        var termIds = oldTerms.Concat(i.TermIds).Distinct().ToList();
        var locationNames = await db.Locations.Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var termNames = await db.TaxonomyTerms.Where(t => termIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        string? Names(IEnumerable<int> ids, Dictionary<int, string> names) =>
            string.Join(", ", ids.Distinct().Select(id => names.GetValueOrDefault(id, "?")).Order(StringComparer.Ordinal)) is { Length: > 0 } x ? x : null;
        Add(nameof(i.LocationIds), "Where it is delivered", Names(oldLocations, locationNames), Names(i.LocationIds, locationNames));
        Add(nameof(i.TermIds), "Pathways and service types", Names(oldTerms, termNames), Names(i.TermIds, termNames));
        static string? Lines<T>(IEnumerable<T> items) => string.Join("; ", items.Select(x => x!.ToString())) is { Length: > 0 } x ? x : null;
        Add(nameof(i.Contacts), "Contacts", Lines((s?.Contacts ?? []).Select(c => new ContactInput { Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone })), Lines(i.Contacts));
        Add(nameof(i.Schedules), "When", Lines((s?.Schedules ?? []).Select(x => new ScheduleInput { Description = x.Description, ByDay = x.ByDay, OpensAt = x.OpensAt, ClosesAt = x.ClosesAt })), Lines(i.Schedules));
        Add(nameof(i.Evidence), "Evidence of impact", Lines((s?.Evidence ?? []).Select(e => new EvidenceInput { Summary = e.Summary, Date = e.Date, Source = e.Source, SourceUrl = e.SourceUrl })), Lines(i.Evidence));
        return list;
    }

    private static async Task ValidateReferencesAsync(AppDbContext db, ServiceInput i, Dictionary<string, string> errors, CancellationToken ct)
    {
        var locations = i.LocationIds.Distinct().ToList();
        if (await db.Locations.CountAsync(l => locations.Contains(l.Id), ct) != locations.Count)
            errors[nameof(i.LocationIds)] = "Choose prisons and sites from the list.";
        var terms = i.TermIds.Distinct().ToList();
        if (await db.TaxonomyTerms.CountAsync(t => terms.Contains(t.Id), ct) != terms.Count)
            errors[nameof(i.TermIds)] = "Choose Pathways and service types from the list.";
    }

    public static Dictionary<string, string> Validate(ServiceInput i)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(i.Name)) e[nameof(i.Name)] = "Enter the service's name.";
        else if (i.Name.Trim().Length > 200) e[nameof(i.Name)] = "The name must be 200 characters or fewer.";
        if (string.IsNullOrWhiteSpace(i.Description)) e[nameof(i.Description)] = "Describe the service.";
        else if (i.Description.Length > 4000) e[nameof(i.Description)] = "The description must be 4,000 characters or fewer.";
        if (FieldRules.Clean(i.Url) is { } url && !FieldRules.IsWebAddress(url))
            e[nameof(i.Url)] = "Enter a full web address, like https://www.example.org.";
        if (FieldRules.Clean(i.Email) is { } email && !FieldRules.IsEmail(email))
            e[nameof(i.Email)] = "Enter an email address in the correct format, like name@example.org.";
        if (i.MinimumAge is < 0 or > 120) e[nameof(i.MinimumAge)] = "Enter an age from 0 to 120.";
        if (i.MaximumAge is < 0 or > 120) e[nameof(i.MaximumAge)] = "Enter an age from 0 to 120.";
        if (i.MinimumAge is { } min && i.MaximumAge is { } max && max < min) e[nameof(i.MaximumAge)] = "The maximum age cannot be below the minimum age.";
        if (i.EligibilityDescription?.Length > 2000) e[nameof(i.EligibilityDescription)] = "This must be 2,000 characters or fewer.";
        if (i.FeesDescription?.Length > 1000) e[nameof(i.FeesDescription)] = "This must be 1,000 characters or fewer.";
        if (i.ApplicationProcess?.Length > 2000) e[nameof(i.ApplicationProcess)] = "This must be 2,000 characters or fewer.";
        if (i.Languages?.Length > 200) e[nameof(i.Languages)] = "This must be 200 characters or fewer.";
        for (var n = 0; n < i.Contacts.Count; n++)
        {
            var c = i.Contacts[n];
            if (string.IsNullOrWhiteSpace(c.Name)) e[$"Contacts[{n}].Name"] = "Enter the contact's name.";
            else if (c.Name.Trim().Length > 200) e[$"Contacts[{n}].Name"] = "The name must be 200 characters or fewer.";
            if (FieldRules.Clean(c.Email) is { } ce && !FieldRules.IsEmail(ce))
                e[$"Contacts[{n}].Email"] = "Enter an email address in the correct format, like name@example.org.";
            if (FieldRules.Clean(c.Phone) is { } phone && !FieldRules.IsPhone(phone))
                e[$"Contacts[{n}].Phone"] = "Enter a phone number using digits, spaces and + ( ) - only.";
        }
        for (var n = 0; n < i.Schedules.Count; n++)
        {
            var x = i.Schedules[n];
            if (string.IsNullOrWhiteSpace(x.Description)) e[$"Schedules[{n}].Description"] = "Describe when the service runs, like \"Visits, Tuesday and Thursday afternoons\".";
            else if (x.Description.Length > 500) e[$"Schedules[{n}].Description"] = "This must be 500 characters or fewer.";
            if (FieldRules.Clean(x.ByDay) is { } days && !days.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal).Split(',').All(d => Days.Contains(d)))
                e[$"Schedules[{n}].ByDay"] = "Enter days as two-letter codes separated by commas, like MO,WE,FR.";
            if (FieldRules.Clean(x.OpensAt) is { } opens && !TimeOnly.TryParseExact(opens, "HH:mm", out _)) e[$"Schedules[{n}].OpensAt"] = "Enter a time like 09:30.";
            if (FieldRules.Clean(x.ClosesAt) is { } closes && !TimeOnly.TryParseExact(closes, "HH:mm", out _)) e[$"Schedules[{n}].ClosesAt"] = "Enter a time like 16:00.";
            else if (FieldRules.Clean(x.OpensAt) is { } o && FieldRules.Clean(x.ClosesAt) is { } cl && string.CompareOrdinal(cl, o) <= 0) e[$"Schedules[{n}].ClosesAt"] = "The closing time must be after the opening time.";
        }
        for (var n = 0; n < i.Evidence.Count; n++)
        {
            var x = i.Evidence[n];
            if (string.IsNullOrWhiteSpace(x.Summary)) e[$"Evidence[{n}].Summary"] = "Summarise what the evaluation found.";
            else if (x.Summary.Length > 2000) e[$"Evidence[{n}].Summary"] = "This must be 2,000 characters or fewer.";
            if (x.Source?.Length > 200) e[$"Evidence[{n}].Source"] = "This must be 200 characters or fewer.";
            if (FieldRules.Clean(x.SourceUrl) is { } su && !FieldRules.IsWebAddress(su))
                e[$"Evidence[{n}].SourceUrl"] = "Enter a full web address, like https://www.example.org/report.pdf.";
        }
        return e;
    }

    private static readonly HashSet<string> Days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];


    private static string Slug(string name) =>
        string.Join('-', new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } s ? s[..Math.Min(s.Length, 80)] : "type";
}
