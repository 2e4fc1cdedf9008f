using Hangfire;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications.Rules;
using PathwayHub.Web.Infrastructure.Telemetry;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>Hangfire's recurring outbox delivery. A plain class: tests call <see cref="RunAsync"/> directly.</summary>
public sealed class OutboxDeliveryJob(OutboxDispatcher dispatcher)
{
    public const string Id = "outbox-delivery";

    // One run at a time across every instance; the claim in the dispatcher makes an overlap harmless anyway.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public Task<int> RunAsync(CancellationToken ct) => dispatcher.DeliverDueAsync(ct);
}

/// <summary>
/// Hangfire's recurring reminder scan: every rule's set-based query, each rule's due notifications written to the outbox
/// in its own transaction. Keys already in the outbox are skipped, so repeated or overlapping scans write nothing twice.
/// </summary>
public sealed class ReminderScanJob(IDbContextFactory<AppDbContext> dbs, IEnumerable<IReminderRule> rules, ReminderOptions options, TimeProvider clock,
    PortalTelemetry telemetry, ILogger<ReminderScanJob> log)
{
    public const string Id = "reminder-scan";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var written = 0;
        var failures = new List<Exception>();
        foreach (var rule in rules)
        {
            try
            {
                await using var db = await dbs.CreateDbContextAsync(ct);
                var due = await rule.FindDueAsync(new ReminderContext(db, now, options), ct);
                if (due.Count == 0) continue;
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var added = await NotificationService.EnqueueAsync(db, due, now, ct);
                await tx.CommitAsync(ct);
                written += added;
                telemetry.RemindersWritten(rule.Kind, added);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken rule must not stop the others.
                log.LogError(e, "Reminder rule {Kind} failed", rule.Kind);
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("Some reminder rules failed; the others ran.", failures);
        return written;
    }
}
