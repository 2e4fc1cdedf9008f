using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>What commissioning looks like at a glance: the commissioners' dashboard and the home page cards.</summary>
public sealed class CommissioningDashboardService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, ValueBreakdownCache breakdowns)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);
    private Actor Actor => user.Actor;

    /// <summary>The commissioning dashboard: pipeline, what ends when, undecided recommissioning, overdue milestones and where the money goes.</summary>
    public async Task<CommissioningDashboard> DashboardAsync(CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pipeline = (await db.Tenders.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        foreach (var s in Enum.GetValues<TenderStatus>()) pipeline.TryAdd(s, 0);

        var live = db.Agreements.Where(Agreement.Live(today));
        var in3 = today.AddMonths(3);
        var in6 = today.AddMonths(6);
        var in12 = today.AddMonths(12);
        var ending3 = await live.CountAsync(a => a.EndDate <= in3, ct);
        var ending6 = await live.CountAsync(a => a.EndDate <= in6, ct);
        var ending12 = await live.CountAsync(a => a.EndDate <= in12, ct);
        var expiring = await Expiring(live.Where(a => a.EndDate <= in12).OrderBy(a => a.EndDate).ThenBy(a => a.Id).Take(25), today).ToListAsync(ct);
        var undecidedQ = live.Where(a => a.EndDate <= in12 && a.Decision == RecommissioningDecision.Undecided);
        var undecidedCount = await undecidedQ.CountAsync(ct);
        var undecided = await Expiring(undecidedQ.OrderBy(a => a.DecisionDueDate).ThenBy(a => a.EndDate).ThenBy(a => a.Id).Take(50), today).ToListAsync(ct);

        var overdueQ = OverdueMilestones(db, today);
        var overdueCount = await overdueQ.CountAsync(ct);
        var overdue = await DueMilestones(overdueQ.OrderBy(m => m.DueDate).ThenBy(m => m.Id).Take(20), today).ToListAsync(ct);

        var (byPathway, byPrison) = await ValueBreakdownsAsync(db, today, ct);

        return new CommissioningDashboard(pipeline, ending3, ending6, ending12, expiring, undecidedCount, undecided, overdueCount, overdue,
            byPathway, byPrison);
    }

    /// <summary>
    /// Value of live agreements by Pathway and by prison. These sum every live agreement's links, the dashboard's one costly
    /// read, so the result is kept until any agreement changes (its count or latest modification, read through an index) or the
    /// day turns; every instance checks the database, so none shows a stale figure after another's change.
    /// </summary>
    private async Task<(IReadOnlyList<ValueSlice> ByPathway, IReadOnlyList<ValueSlice> ByPrison)> ValueBreakdownsAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        var latest = await db.Agreements.MaxAsync(a => (DateTime?)a.LastModifiedUtc, ct);
        var count = await db.Agreements.CountAsync(ct);
        var key = (today, count, latest);
        if (breakdowns.TryGet(key) is { } cached) return cached;

        // Live agreements only; an agreement serving two Pathways (or prisons) counts in each. Summed as floating point, which
        // SQLite adds natively (its decimals are text), then rounded back to pence; names are joined afterwards, once per group.
        var byPathway = await db.AgreementPathways.Where(x => x.Agreement.Status != AgreementStatus.Terminated && x.Agreement.EndDate >= today)
            .GroupBy(x => x.PathwayId).Select(g => new { Id = g.Key, Value = g.Sum(x => (double)x.Agreement.Value), Count = g.Count() }).ToListAsync(ct);
        var byPrison = await db.AgreementPrisons.Where(x => x.Agreement.Status != AgreementStatus.Terminated && x.Agreement.EndDate >= today)
            .GroupBy(x => x.PrisonId).Select(g => new { Id = g.Key, Value = g.Sum(x => (double)x.Agreement.Value), Count = g.Count() }).ToListAsync(ct);
        var pathwayNames = await db.Pathways.AsNoTracking().OrderBy(p => p.SortOrder).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var prisonNames = await db.Prisons.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        (IReadOnlyList<ValueSlice>, IReadOnlyList<ValueSlice>) result = (
            pathwayNames.Join(byPathway, p => p.Id, v => v.Id, (p, v) => new ValueSlice(p.Id, p.Name, Math.Round((decimal)v.Value, 2), v.Count)).ToList(),
            prisonNames.Join(byPrison, p => p.Id, v => v.Id, (p, v) => new ValueSlice(p.Id, p.Name, Math.Round((decimal)v.Value, 2), v.Count)).ToList());
        breakdowns.Set(key, result);
        return result;
    }

    /// <summary>Home cards: commissioners see what expires and what is undecided; provider editors open tenders and their bids.</summary>
    public async Task<CommissioningHome> HomeAsync(CancellationToken ct = default)
    {
        Actor.RequireRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        int ending = 0, undecidedCount = 0;
        List<ExpiringAgreement> undecided = [];
        if (CommissioningAccess.CanManage(Actor))
        {
            var in12 = today.AddMonths(12);
            var live = db.Agreements.Where(Agreement.Live(today)).Where(a => a.EndDate <= in12);
            ending = await live.CountAsync(ct);
            var q = live.Where(a => a.Decision == RecommissioningDecision.Undecided);
            undecidedCount = await q.CountAsync(ct);
            undecided = await Expiring(q.OrderBy(a => a.DecisionDueDate).ThenBy(a => a.Id).Take(5), today).ToListAsync(ct);
        }
        List<TenderRow> open = [], mine = [];
        if (Actor.IsIn(Roles.ProviderEditor) && Actor.OrganisationId is { } org)
        {
            var now = Now;
            open = await TenderRows(db.Tenders.AsNoTracking().Where(t => t.Status == TenderStatus.Active && t.SubmissionDeadlineUtc > now)
                .OrderBy(t => t.SubmissionDeadlineUtc).Take(10), Actor).ToListAsync(ct);
            mine = await TenderRows(db.Tenders.AsNoTracking().Where(t => t.Bids.Any(b => b.OrganisationId == org)).OrderByDescending(t => t.Id).Take(10), Actor).ToListAsync(ct);
        }
        return new CommissioningHome(ending, undecidedCount, undecided, open, mine);
    }
}
