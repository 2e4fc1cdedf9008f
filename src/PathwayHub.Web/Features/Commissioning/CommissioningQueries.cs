using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>The projections and checks more than one commissioning workflow shares: rows for lists, and the validation of periods and links.</summary>
internal static class CommissioningQueries
{
    public static IQueryable<TenderRow> TenderRows(IQueryable<Tender> q, Actor actor)
    {
        var org = CommissioningAccess.ProviderOrganisation(actor) ?? -1;
        var manage = CommissioningAccess.CanManage(actor);
        return q.Select(t => new TenderRow(t.Id, t.Reference, t.Title, t.Status, t.Method, t.Buyer.Name, t.EstimatedValue, t.SubmissionDeadlineUtc,
            manage ? t.Interests.Count : 0, manage ? t.Bids.Count : 0,
            t.Interests.Any(i => i.OrganisationId == org), t.Bids.Any(b => b.OrganisationId == org)));
    }

    /// <summary>
    /// Rows for an ordered, already paged query. The Pathway and prison names are read for just these rows afterwards: as
    /// correlated collections in one query, SQLite would join every agreement's links before paging.
    /// </summary>
    public static async Task<List<AgreementRow>> AgreementRowsAsync(AppDbContext db, IQueryable<Agreement> q, DateOnly today, bool manage, CancellationToken ct)
    {
        var rows = await q.AsNoTracking().Select(a => new
        {
            a.Id, a.Reference, a.Title, a.Kind, a.SupplierOrganisationId, Supplier = a.Supplier.Name, Buyer = a.Buyer.Name, a.Value, a.StartDate, a.EndDate,
            a.Status, a.Decision, a.DecisionDueDate,
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var pathways = (await db.AgreementPathways.AsNoTracking().Where(x => ids.Contains(x.AgreementId))
            .Select(x => new { x.AgreementId, x.Pathway.Name, x.Pathway.SortOrder }).ToListAsync(ct))
            .OrderBy(x => x.SortOrder).ToLookup(x => x.AgreementId, x => x.Name);
        var prisons = (await db.AgreementPrisons.AsNoTracking().Where(x => ids.Contains(x.AgreementId))
            .Select(x => new { x.AgreementId, x.Prison.Name }).ToListAsync(ct))
            .OrderBy(x => x.Name, StringComparer.Ordinal).ToLookup(x => x.AgreementId, x => x.Name);
        return rows.Select(a => new AgreementRow(a.Id, a.Reference, a.Title, a.Kind, a.SupplierOrganisationId, a.Supplier, a.Buyer, a.Value, a.StartDate, a.EndDate,
            Agreement.EffectiveStatus(a.Status, a.EndDate, today), manage ? a.Decision : null, manage ? a.DecisionDueDate : null,
            pathways[a.Id].ToList(), prisons[a.Id].ToList())).ToList();
    }

    public static IQueryable<ExpiringAgreement> Expiring(IQueryable<Agreement> q, DateOnly today) =>
        q.Select(a => new ExpiringAgreement(a.Id, a.Reference, a.Title, a.Supplier.Name, a.SupplierOrganisationId, a.EndDate, a.Decision, a.DecisionDueDate,
            a.Decision == RecommissioningDecision.Undecided && a.DecisionDueDate < today, a.Value));

    public static IQueryable<Milestone> OverdueMilestones(AppDbContext db, DateOnly today) =>
        db.Milestones.AsNoTracking().Where(m => m.Status == MilestoneStatus.Scheduled && m.DueDate < today && m.Agreement.Status != AgreementStatus.Terminated);

    public static IQueryable<DueMilestone> DueMilestones(IQueryable<Milestone> q, DateOnly today) =>
        q.Select(m => new DueMilestone(m.Id, m.AgreementId, m.Agreement.Reference, m.Agreement.Title, m.Agreement.SupplierOrganisationId, m.Title, m.Kind, m.DueDate, m.DueDate < today));

    /// <summary>A refusal of the whole request rather than of one field.</summary>
    public static ValidationFailedException Invalid(string message) => new(new Dictionary<string, string> { [""] = message });

    public static void ValidatePeriod(DateOnly? start, DateOnly? end, Dictionary<string, string> errors)
    {
        if (start is null) errors["StartDate"] = "Enter the start date.";
        if (end is null) errors["EndDate"] = "Enter the end date.";
        else if (start is { } s && end <= s) errors["EndDate"] = "The end date must be after the start date.";
    }

    /// <summary>
    /// The linked Pathways, prisons, organisations and services exist, and no prison newly linked (not in
    /// <paramref name="keptPrisons"/>, the record's own) is closed (<see cref="Directory.Prison.ClosedChoiceAsync"/>).
    /// </summary>
    public static async Task ValidateLinksAsync(AppDbContext db, List<int> pathways, List<int> prisons, IReadOnlyCollection<int> keptPrisons, DateOnly today,
        List<int> orgs, List<int> services, Dictionary<string, string> errors, CancellationToken ct)
    {
        var p = pathways.Distinct().ToList();
        if (p.Count > 0 && await db.Pathways.CountAsync(x => p.Contains(x.Id), ct) != p.Count) errors["PathwayIds"] = "Choose Pathways from the list.";
        var r = prisons.Distinct().ToList();
        var added = r.Except(keptPrisons).ToList();
        if (r.Count > 0 && await db.Prisons.CountAsync(x => r.Contains(x.Id), ct) != r.Count) errors["PrisonIds"] = "Choose prisons from the list.";
        else if (added.Count > 0 && await Directory.Prison.ClosedChoiceAsync(db.Prisons.Where(x => added.Contains(x.Id)), today, ct) is { } closed) errors["PrisonIds"] = closed;
        var o = orgs.Distinct().ToList();
        if (o.Count > 0 && await db.Organisations.CountAsync(x => o.Contains(x.Id), ct) != o.Count) errors["SubcontractorIds"] = "Choose organisations from the directory.";
        var s = services.Distinct().ToList();
        if (s.Count > 0 && await db.Services.CountAsync(x => s.Contains(x.Id), ct) != s.Count) errors["ServiceIds"] = "Choose services from the directory.";
    }
}
