using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>
/// The filters /services and /service_at_locations share, already parsed (<see cref="OpenDataQuery.ServiceFilter"/>). Each means
/// what the Open Referral UK descriptions say, written once here for both endpoints.
/// </summary>
/// <param name="OpensAtOrAfter">"HH:mm": a schedule opening at or after it.</param>
/// <param name="ClosesAtOrBefore">"HH:mm": a schedule closing at or before it.</param>
/// <param name="Day">An RFC 5545 day code ("MO"): a schedule on that day.</param>
public sealed record ServiceFilter(
    string? Search = null, Guid? TaxonomyTermId = null, Guid? TaxonomyId = null, Guid? OrganizationId = null, DateTime? ModifiedAfterUtc = null,
    int? MinimumAge = null, int? MaximumAge = null, string? OpensAtOrAfter = null, string? ClosesAtOrBefore = null, string? Day = null)
{
    public static readonly ServiceFilter None = new();

    /// <summary>
    /// How many published services pass the filter. A term that is the only condition is counted from the text index alone
    /// where the provider allows (<see cref="DirectoryText.CountPublicAsync"/>); anything else counts <see cref="ApplyAsync"/>'s query.
    /// </summary>
    public async Task<int> CountAsync(AppDbContext db, CancellationToken ct)
    {
        if (Search is { } term && !string.IsNullOrWhiteSpace(term) && this with { Search = null } == None
            && await DirectoryText.CountPublicAsync(db, term, ct) is { } counted)
            return counted;
        return await (await ApplyAsync(db, ct, counting: true)).CountAsync(ct);
    }

    /// <summary>
    /// Published services (<see cref="OpenDataPolicy.PublishedService"/>) that pass every filter given. <paramref name="counting"/>:
    /// the query will be counted, not read in order, which can choose a different way to the same services (<see cref="DirectoryText.WhereTextAsync"/>).
    /// </summary>
    public async Task<IQueryable<Service>> ApplyAsync(AppDbContext db, CancellationToken ct, bool counting = false)
    {
        var q = db.Services.AsQueryable().Where(OpenDataPolicy.PublishedService);
        if (!string.IsNullOrWhiteSpace(Search)) q = await q.WhereTextAsync(db, Search, ct, publicCount: counting);
        // The terms asked for are found once (an uncorrelated subquery), so each service's test is a lookup in its own key.
        if (TaxonomyTermId is { } term)
        {
            var terms = db.TaxonomyTerms.Where(t => t.PublicId == term).Select(t => t.Id);
            q = q.Where(s => s.Terms.Any(x => terms.Contains(x.TaxonomyTermId)));
        }
        if (TaxonomyId is { } taxonomy)
        {
            var terms = db.TaxonomyTerms.Where(t => t.Taxonomy.PublicId == taxonomy).Select(t => t.Id);
            // A taxonomy has many terms (13 service types) and a service few: on SQLite "+ 0" keeps the planner from seeking the
            // service's key once per term of the taxonomy, so it reads the service's own few rows and tests each (a third of the
            // time for a taxonomy every service has). PostgreSQL's own plan is faster than that, so it is left to it.
            q = db is SqliteAppDbContext
                ? q.Where(s => s.Terms.Any(x => terms.Contains(x.TaxonomyTermId + 0)))
                : q.Where(s => s.Terms.Any(x => terms.Contains(x.TaxonomyTermId)));
        }
        if (OrganizationId is { } org) q = q.Where(s => s.Organisation.PublicId == org);
        if (ModifiedAfterUtc is { } after) q = q.Where(s => s.LastModifiedUtc >= after); // ORUK: "modified on or after"
        // ORUK: "a minimum age of at least" / "a maximum age of at equal to or below" the value; a service with none set has neither.
        if (MinimumAge is { } min) q = q.Where(s => s.MinimumAge != null && s.MinimumAge >= min);
        if (MaximumAge is { } max) q = q.Where(s => s.MaximumAge != null && s.MaximumAge <= max);
        if (OpensAtOrAfter is not null || ClosesAtOrBefore is not null || Day is not null)
        {
            // One schedule must meet all three, so "open on Monday from 09:00" is not met by a Monday evening and a Tuesday morning.
            // Times are stored as "HH:mm", so comparing the text compares the times.
            string? opens = OpensAtOrAfter, closes = ClosesAtOrBefore, day = Day;
            q = q.Where(s => s.Schedules.Any(x =>
                (opens == null || (x.OpensAt != null && x.OpensAt.CompareTo(opens) >= 0)) &&
                (closes == null || (x.ClosesAt != null && x.ClosesAt.CompareTo(closes) <= 0)) &&
                (day == null || (x.ByDay != null && x.ByDay.Contains(day)))));
        }
        return q;
    }
}
