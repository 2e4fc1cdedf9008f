using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Estate.Progress;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// Four past quarters of progress snapshots for every Pathway and the region, so the trend is visible in the demo: each starts
/// from today's figures (the same query as a real snapshot) and steps back to a plausibly worse quarter; the earliest is the
/// baseline. Written only while no snapshot exists.
/// </summary>
internal static class DemoProgress
{
    public const int Quarters = 4;

    public static async Task SeedAsync(IDbContextFactory<AppDbContext> dbs, DemoDates dates, ReminderOptions options, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.ProgressSnapshots.AnyAsync(ct)) return;
        var current = ProgressService.QuarterStartOf(dates.Today);
        var scopes = (await db.Pathways.OrderBy(p => p.SortOrder).Select(p => (int?)p.Id).ToListAsync(ct)).Prepend(null).ToList();
        var earliest = new List<ProgressSnapshot>();
        foreach (var scope in scopes)
        {
            var now = await ProgressFiguresQuery.ComputeAsync(db, scope, dates.Today, options, ct);
            for (var back = Quarters; back >= 1; back--)
            {
                var snapshot = new ProgressSnapshot
                {
                    PathwayId = scope, ScopeKey = ProgressSnapshot.KeyOf(scope), QuarterStart = current.AddMonths(-3 * back),
                    TakenUtc = UkCalendarStart(current.AddMonths(-3 * back)), Figures = Earlier(now, back),
                };
                db.ProgressSnapshots.Add(snapshot);
                if (back == Quarters) earliest.Add(snapshot);
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var s in earliest)
            db.ProgressBaselines.Add(new ProgressBaseline { ScopeKey = s.ScopeKey, PathwayId = s.PathwayId, SnapshotId = s.Id, SetBy = "Demo data", SetUtc = s.TakenUtc });
        await db.SaveChangesAsync(ct);
    }

    private static DateTime UkCalendarStart(DateOnly day) => Infrastructure.UkCalendar.StartUtc(day).AddHours(6);

    /// <summary>The figures <paramref name="back"/> quarters ago: fewer prisons meeting the offer, more red actions, fewer reviewed and evaluated services.</summary>
    private static ProgressFigures Earlier(ProgressFigures now, int back)
    {
        var met = Math.Max(0, now.OfferMet - back * Math.Max(1, now.OfferMet / 8));
        var atRisk = Math.Max(0, now.OfferAtRisk - back / 2);
        int Less(int value, int divisor) => Math.Max(0, value - back * Math.Max(1, value / divisor));
        return now with
        {
            OfferMet = met,
            OfferAtRisk = atRisk,
            OfferMissing = now.OfferMissing + (now.OfferMet - met) + (now.OfferAtRisk - atRisk),
            ActionsRed = now.ActionsRed + back,
            ActionsAmber = now.ActionsAmber + back / 2,
            ActionsGreen = Less(now.ActionsGreen, 6),
            ActionsComplete = Less(now.ActionsComplete, 4),
            DecisionsUndecided = now.DecisionsUndecided + Math.Min(back, now.DecisionsRecommission + now.DecisionsExtend),
            DecisionsRecommission = Math.Max(0, now.DecisionsRecommission - (back + 1) / 2),
            DecisionsExtend = Math.Max(0, now.DecisionsExtend - back / 2),
            ServicesReviewed = Less(now.ServicesReviewed, 8),
            ServicesEvaluated = Less(now.ServicesEvaluated, 6),
        };
    }
}
