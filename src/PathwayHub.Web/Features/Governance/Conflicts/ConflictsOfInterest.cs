using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Features.Governance.Conflicts;

/// <summary>
/// A possible conflict of interest: a current member of a Pathway whose organisation registered interest in, or bid for, a
/// tender serving that Pathway. Commercially confidential (it says who bid): who may read one is <see cref="ConflictAccess"/>.
/// </summary>
public sealed record PossibleConflict(int PersonId, string Person, MembershipRole Role, int PathwayId, string Pathway, int OrganisationId, string Organisation,
    int TenderId, string TenderReference, string TenderTitle, bool RegisteredInterest, bool Bid)
{
    /// <summary>"Pact registered interest in and bid for NE-2026-014 (Family support)".</summary>
    public string Why => $"{Organisation} {(RegisteredInterest && Bid ? "registered interest in and bid for" : Bid ? "bid for" : "registered interest in")} {TenderReference} ({TenderTitle})";
}

/// <summary>The one rule that finds possible conflicts: the meeting page, the tender page and their tests all use it.</summary>
public static class ConflictsOfInterest
{
    /// <summary>
    /// Possible conflicts over the given tenders: each seat current on <paramref name="day"/> (chair, vice-chair, member or associate)
    /// on a Pathway the tender serves, held by someone whose organisation registered interest in it or bid for it; limited to one
    /// Pathway when <paramref name="pathwayId"/> is given. A person with no organisation has none through this rule.
    /// </summary>
    public static async Task<IReadOnlyList<PossibleConflict>> FindAsync(AppDbContext db, IReadOnlyCollection<int> tenderIds, int? pathwayId, DateOnly day, CancellationToken ct)
    {
        if (tenderIds.Count == 0) return [];
        var ids = tenderIds.Distinct().ToList();
        var served = db.TenderPathways.Where(tp => ids.Contains(tp.TenderId) && (pathwayId == null || tp.PathwayId == pathwayId));
        var rows = await (
                from tp in served
                join m in db.Memberships.Where(Membership.CurrentOn(day)) on tp.PathwayId equals m.PathwayId
                let org = m.Person.OrganisationId
                let interest = db.TenderInterests.Any(i => i.TenderId == tp.TenderId && i.OrganisationId == org)
                let bid = db.Bids.Any(b => b.TenderId == tp.TenderId && b.OrganisationId == org)
                where org != null && (interest || bid)
                select new
                {
                    m.PersonId, m.Person.FullName, m.Role, m.PathwayId, Pathway = m.Pathway.Name, OrganisationId = org!.Value, Organisation = m.Person.Organisation!.Name,
                    tp.TenderId, tp.Tender.Reference, tp.Tender.Title, Interest = interest, Bid = bid,
                })
            .AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(r => r.Reference, StringComparer.Ordinal).ThenBy(r => r.Pathway, StringComparer.Ordinal).ThenBy(r => r.FullName, StringComparer.Ordinal)
            .Select(r => new PossibleConflict(r.PersonId, r.FullName, r.Role, r.PathwayId, r.Pathway, r.OrganisationId, r.Organisation, r.TenderId, r.Reference, r.Title, r.Interest, r.Bid))
            .ToList();
    }
}
