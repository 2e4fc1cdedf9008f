using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure.Email;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>
/// Delivers the outbox's email channel: each due message is claimed, sent and stamped; a failure is retried with back-off.
/// The state lives in the Notifications table, so a restart resumes where it stopped.
/// </summary>
public sealed class OutboxDispatcher(IDbContextFactory<AppDbContext> dbs, EmailSender email, TimeProvider clock, ILogger<OutboxDispatcher> log)
{
    public const int MaxAttempts = 8;

    public async Task<int> DeliverDueAsync(int batch = 200, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var due = await db.Notifications
            .Where(n => n.EmailSentUtc == null && n.EmailFailedUtc == null && ((int)n.Channels & (int)Channels.Email) != 0 && n.NextAttemptUtc <= now)
            .OrderBy(n => n.Id).Take(batch)
            .Select(n => new { n.Id, n.Subject, n.Body, n.Link, n.Attempts, Email = n.Recipient!.Email })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var n in due)
        {
            // Claim the row first so a second dispatcher (another instance) skips it.
            var claimed = await db.Notifications.Where(x => x.Id == n.Id && x.Attempts == n.Attempts && x.EmailSentUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, n.Attempts + 1).SetProperty(x => x.NextAttemptUtc, now.AddMinutes(5)), ct);
            if (claimed == 0 || n.Email is null) continue;
            try
            {
                await email.SendAsync(n.Email, n.Subject, n.Body, n.Link, ct);
                await db.Notifications.Where(x => x.Id == n.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailSentUtc, clock.GetUtcNow().UtcDateTime).SetProperty(x => x.LastError, (string?)null), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = n.Attempts + 1;
                var retryAt = now.AddMinutes(Math.Pow(2, attempts));
                log.LogWarning(e, "Email {Id} failed (attempt {Attempts})", n.Id, attempts);
                await db.Notifications.Where(x => x.Id == n.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.LastError, e.Message.Length > 2000 ? e.Message[..2000] : e.Message)
                    .SetProperty(x => x.NextAttemptUtc, retryAt)
                    .SetProperty(x => x.EmailFailedUtc, attempts >= MaxAttempts ? now : (DateTime?)null), ct);
            }
        }
        return sent;
    }
}

/// <summary>Runs the dispatcher every few seconds in the web process.</summary>
internal sealed class OutboxWorker(OutboxDispatcher dispatcher, ILogger<OutboxWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        do
        {
            try { await dispatcher.DeliverDueAsync(ct: stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Outbox delivery failed"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
