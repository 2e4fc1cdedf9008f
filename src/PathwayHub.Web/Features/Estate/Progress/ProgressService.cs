using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Estate.Progress;

/// <summary>
/// Who sees progress and who chooses the baseline, in one place. Every signed-in user sees it (like the minimum offer, it is
/// drawn from what they all see); only the coordinator chooses the snapshot a scope measures itself against.
/// </summary>
public static class ProgressAccess
{
    public static bool CanSee(Actor actor) => actor.IsAuthenticated;
    public static bool CanMarkBaseline(Actor actor) => actor.IsCoordinator;

    public static void RequireSee(Actor actor)
    {
        if (!CanSee(actor)) throw new ForbiddenException("Sign in to see progress against the baseline.");
    }

    public static void RequireMarkBaseline(Actor actor)
    {
        if (!CanMarkBaseline(actor)) throw new ForbiddenException("Only the coordinator chooses the baseline.");
    }
}

public sealed record ProgressPoint(int SnapshotId, DateOnly QuarterStart, ProgressFigures Figures);

/// <summary>A scope's progress: the figures now, the baseline (if chosen) and every snapshot, oldest first.</summary>
public sealed record ProgressView(int? PathwayId, string Scope, ProgressFigures Now, int? BaselineId, IReadOnlyList<ProgressPoint> Snapshots)
{
    public ProgressPoint? Baseline => Snapshots.FirstOrDefault(s => s.SnapshotId == BaselineId);
}

/// <summary>Quarterly snapshots of the region's progress, the baseline each scope measures against, and the figures now.</summary>
public sealed class ProgressService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, ReminderOptions options)
{
    /// <summary>The first day of the quarter (January, April, July, October) that <paramref name="day"/> falls in.</summary>
    public static DateOnly QuarterStartOf(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>
    /// Takes the snapshot of every Pathway and of the region for the quarter starting <paramref name="quarterStart"/>, skipping
    /// the scopes already taken: running twice (or on two instances) writes nothing new. Returns the number written.
    /// </summary>
    public async Task<int> TakeAsync(DateOnly quarterStart, CancellationToken ct = default)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        var taken = await db.ProgressSnapshots.Where(s => s.QuarterStart == quarterStart).Select(s => s.ScopeKey).ToListAsync(ct);
        var scopes = (await db.Pathways.OrderBy(p => p.SortOrder).Select(p => (int?)p.Id).ToListAsync(ct)).Prepend(null)
            .Where(p => !taken.Contains(ProgressSnapshot.KeyOf(p))).ToList();
        var now = clock.UtcNow();
        var tables = scopes.Count == 0 ? [] : await OfferRule.TablesAsync(db, null, quarterStart, ct, named: false);
        foreach (var scope in scopes)
        {
            var figures = await ProgressFiguresQuery.ComputeAsync(db, scope, tables, quarterStart, options, ct);
            db.ProgressSnapshots.Add(new ProgressSnapshot { PathwayId = scope, ScopeKey = ProgressSnapshot.KeyOf(scope), QuarterStart = quarterStart, TakenUtc = now, Figures = figures });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance took this quarter's snapshots first (the unique index refused ours); theirs stand.
            await using var check = await dbs.CreateDbContextAsync(ct);
            if (await check.ProgressSnapshots.AnyAsync(s => s.QuarterStart == quarterStart, ct)) return 0;
            throw;
        }
        return scopes.Count;
    }

    /// <summary>Makes <paramref name="snapshotId"/> the baseline of the scope (a Pathway, or the region when null).</summary>
    public async Task MarkBaselineAsync(int? pathwayId, int snapshotId, CancellationToken ct = default)
    {
        ProgressAccess.RequireMarkBaseline(user.Actor);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var key = ProgressSnapshot.KeyOf(pathwayId);
        if (!await db.ProgressSnapshots.AnyAsync(s => s.Id == snapshotId && s.ScopeKey == key, ct))
            ValidationFailedException.ThrowIfAny(new() { ["SnapshotId"] = "Choose a snapshot of this Pathway or region from the list." });
        var baseline = await db.ProgressBaselines.FirstOrDefaultAsync(b => b.ScopeKey == key, ct);
        if (baseline is null) db.ProgressBaselines.Add(baseline = new ProgressBaseline { ScopeKey = key, PathwayId = pathwayId });
        baseline.SnapshotId = snapshotId;
        baseline.SetBy = user.Actor.Name;
        baseline.SetUtc = clock.UtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The figures now, computed by the same query as a snapshot.</summary>
    public async Task<ProgressFigures> NowAsync(int? pathwayId, CancellationToken ct = default)
    {
        ProgressAccess.RequireSee(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await ProgressFiguresQuery.ComputeAsync(db, pathwayId, clock.UkToday(), options, ct);
    }

    /// <summary>Everything the Progress page shows for one scope.</summary>
    public async Task<ProgressView> ViewAsync(int? pathwayId, CancellationToken ct = default)
    {
        ProgressAccess.RequireSee(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var scope = "The region";
        if (pathwayId is not null)
            scope = await db.Pathways.Where(p => p.Id == pathwayId).Select(p => p.Name).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("That Pathway does not exist.");
        return await LoadAsync(db, pathwayId, scope, clock.UkToday(), options, ct);
    }

    /// <summary>The view of one scope, for the page and the reports alike.</summary>
    public static async Task<ProgressView> LoadAsync(AppDbContext db, int? pathwayId, string scope, DateOnly today, ReminderOptions options, CancellationToken ct)
    {
        var key = ProgressSnapshot.KeyOf(pathwayId);
        var now = await ProgressFiguresQuery.ComputeAsync(db, pathwayId, today, options, ct);
        var snapshots = await db.ProgressSnapshots.AsNoTracking().Where(s => s.ScopeKey == key).OrderBy(s => s.QuarterStart)
            .Select(s => new ProgressPoint(s.Id, s.QuarterStart, s.Figures)).ToListAsync(ct);
        var baseline = await db.ProgressBaselines.AsNoTracking().Where(b => b.ScopeKey == key).Select(b => (int?)b.SnapshotId).FirstOrDefaultAsync(ct);
        return new ProgressView(pathwayId, scope, now, baseline, snapshots);
    }
}
