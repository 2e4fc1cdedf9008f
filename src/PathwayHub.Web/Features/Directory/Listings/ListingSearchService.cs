using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory.Listings;

/// <summary>
/// Finding and reading listings. Anyone may read published listings; signed-in coordinators and commissioners see every
/// listing, provider editors also their own unpublished ones (<see cref="DirectoryAccess"/>).
/// </summary>
public sealed class ListingSearchService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, ReminderOptions reminders)
{
    private DateOnly ReviewCutoff => ListingReviewDue.Cutoff(clock.UkToday(), reminders);

    public async Task<DirectoryResults> SearchAsync(DirectoryQuery query, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = await FilteredAsync(db, query, ct);
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
        var ids = await Ordered(await FilteredAsync(db, query, ct), query).Select(s => s.Id).ToListAsync(ct);
        var rows = new List<ServiceRow>(ids.Count);
        foreach (var chunk in ids.Chunk(500)) rows.AddRange(await RowsAsync(db, chunk, ct));
        return Csv.Write(["Service", "Organisation", "Status", "Published", "Prisons", "Pathways", "Free", "Evaluation", "Evaluator", "Evaluation date",
                "Evaluation report", "Evidence of impact", "Last reviewed", "Due for review"],
            rows.Select(r => new[]
            {
                r.Name, r.Organisation, r.Status.ToString(), r.IsPublished ? "Yes" : "No", string.Join("; ", r.Prisons), string.Join("; ", r.Pathways),
                ServiceCost.Label(r.Free), ServiceEvaluation.Label(r.Evaluation), r.Evaluator, r.EvaluationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.EvaluationUrl, r.HasEvidence ? "Held" : "None recorded", r.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.DueForReview ? "Yes" : "No",
            }));
    }

    /// <summary>The services a search names, as the signed-in user may see them (published only for anyone else).</summary>
    private async Task<IQueryable<Service>> FilteredAsync(AppDbContext db, DirectoryQuery query, CancellationToken ct)
    {
        var actor = user.Actor;
        var cutoff = ReviewCutoff;
        var q = db.Services.AsNoTracking().Where(DirectoryAccess.VisibleListings(actor, query.PublishedOnly));

        if (!string.IsNullOrWhiteSpace(query.Text)) q = await q.WhereTextAsync(db, query.Text, ct);
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
        if (query.Evaluation is { } evaluation)
            q = q.Where(s => s.Evaluation == evaluation);
        if (query.NotReviewedRecently)
            q = q.Where(ListingReviewDue.Before(cutoff));
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
                HasEvidence = s.Evidence.Any(), s.Evaluation, s.Evaluator, s.EvaluationDate, s.EvaluationUrl, s.Free,
            })
            .ToDictionaryAsync(r => r.Id, ct);
        var prisons = (await db.ServiceAtLocations.AsNoTracking().Where(l => ids.Contains(l.ServiceId) && l.Location.PrisonId != null)
                .Select(l => new { l.ServiceId, l.Location.Name }).ToListAsync(ct))
            .ToLookup(l => l.ServiceId, l => l.Name);
        var pathways = (await db.ServiceTaxonomyTerms.AsNoTracking().Where(t => ids.Contains(t.ServiceId) && t.TaxonomyTerm.PathwayId != null)
                .Select(t => new { t.ServiceId, t.TaxonomyTerm.Name, t.TaxonomyTerm.SortOrder }).ToListAsync(ct))
            .ToLookup(t => t.ServiceId);
        return ids.Select(id => rows[id]).Select(r => new ServiceRow(r.Id, r.PublicId, r.Name, r.OrganisationId, r.Organisation,
            r.Status, r.AssuredDate, r.IsPublished, r.HasEvidence, ListingReviewDue.IsDue(r.AssuredDate, cutoff),
            prisons[r.Id].Order(StringComparer.Ordinal).ToList(), pathways[r.Id].OrderBy(t => t.SortOrder).Select(t => t.Name).ToList(),
            r.Evaluation, r.Evaluator, r.EvaluationDate, r.EvaluationUrl, r.Free)).ToList();
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
        if (!(publishedOnly ? s.IsPublic : DirectoryAccess.CanSeeListing(actor, s.IsPublic, s.OrganisationId)))
            throw new NotFoundException("That service is not in the directory.");

        ChangeView? pending = null, returned = null;
        if (!publishedOnly && canEdit)
        {
            var changes = await db.ChangeRequests.AsNoTracking().Where(c => c.ServiceId == id && c.Status != ChangeRequestStatus.Approved)
                .OrderByDescending(c => c.SubmittedAtUtc).ToListAsync(ct);
            pending = changes.Where(c => c.Status == ChangeRequestStatus.Pending).Select(ListingChanges.View).FirstOrDefault();
            returned = changes.Where(c => c.Status == ChangeRequestStatus.Returned).Select(ListingChanges.View).FirstOrDefault();
        }
        var cutoff = ReviewCutoff;
        return new ServiceDetail(s.Id, s.PublicId, s.OrganisationId, s.Organisation.Name, s.Name, s.Description, s.Status, s.Url, s.Email,
            s.EligibilityDescription, s.MinimumAge, s.MaximumAge, s.FeesDescription, s.ApplicationProcess, s.Languages, s.AssuredDate,
            ListingReviewDue.IsDue(s.AssuredDate, cutoff), s.IsPublished, s.LastModifiedUtc,
            s.Locations.Select(l => new LocationView(l.Location.Id, l.Location.Name, l.Location.Type, l.Location.PrisonId)).OrderBy(l => l.Name).ToList(),
            s.Terms.Select(t => ListingChanges.Option(t.TaxonomyTerm)).OrderBy(t => t.TaxonomySlug).ThenBy(t => t.Name).ToList(),
            s.Contacts.Select(c => new ContactView(c.Name, c.Title, c.Email, c.Phone)).ToList(),
            s.Schedules.Select(x => new ScheduleView(x.Description, x.ByDay, x.OpensAt, x.ClosesAt)).ToList(),
            s.Evidence.Select(e => new EvidenceView(e.Summary, e.Date, e.Source, e.SourceUrl)).ToList(),
            canEdit && !publishedOnly, actor.IsCoordinator && !publishedOnly, pending, returned, s.Version, s.Free,
            new EvaluationView(s.Evaluation, s.Evaluator, s.EvaluationDate, s.EvaluationUrl));
    }

    public async Task<IReadOnlyList<PrisonOption>> PrisonsAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var today = clock.UkToday();
        var rows = await db.Locations.AsNoTracking().Where(l => l.PrisonId != null).OrderBy(l => l.Name)
            .Select(l => new { Id = l.PrisonId!.Value, l.Name, LocationId = l.Id, l.Prison!.ClosedOn, Successor = l.Prison.Successor!.Name }).ToListAsync(ct);
        return rows.Select(r => new PrisonOption(r.Id, r.Name, r.LocationId, Prison.IsOpen(r.ClosedOn, today) ? null : Prison.ClosedText(r.ClosedOn, r.Successor))).ToList();
    }

    /// <summary>The sites a listing can be delivered at: community and virtual sites, and the prisons open today.</summary>
    public async Task<IReadOnlyList<LocationView>> LocationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var open = db.Prisons.Where(Prison.OpenOn(clock.UkToday())).Select(p => p.Id);
        return await db.Locations.AsNoTracking().Where(l => l.PrisonId == null || open.Contains(l.PrisonId.Value)).OrderBy(l => l.Type).ThenBy(l => l.Name)
            .Select(l => new LocationView(l.Id, l.Name, l.Type, l.PrisonId)).ToListAsync(ct);
    }
}
