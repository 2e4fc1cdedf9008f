using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Estate.Progress;

/// <summary>
/// On the first day of each quarter, alongside the quarterly report job and on its schedule, takes the quarter's progress
/// snapshots. Run on any other day it takes the current quarter's if they are missing (a server down on the first day catches up),
/// and never twice (<see cref="ProgressService.TakeAsync"/>).
/// </summary>
public sealed class ProgressSnapshotJob(ProgressService progress, TimeProvider clock, ILogger<ProgressSnapshotJob> log)
{
    public const string Id = "quarterly-progress-snapshots";

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var quarter = ProgressService.QuarterStartOf(clock.UkToday());
        var written = await progress.TakeAsync(quarter, ct);
        log.LogInformation("Progress snapshots for the quarter starting {Quarter}: {Count} written", quarter, written);
        return written;
    }
}
