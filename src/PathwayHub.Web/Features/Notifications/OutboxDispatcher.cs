using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure.Email;
using PathwayHub.Web.Infrastructure.Telemetry;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>
/// Delivers the outbox's email channel. Each round claims a batch of due rows in one statement (so another instance skips
/// them), sends them over one SMTP connection and stamps them sent; a failure is retried with doubling back-off, and after
/// <see cref="ReminderOptions.MaxAttempts"/> the row is marked failed for a coordinator to resend. All state lives in the
/// Notifications table, so a restart (or a second instance) resumes without sending anything twice.
/// </summary>
public sealed class OutboxDispatcher(IDbContextFactory<AppDbContext> dbs, EmailSender email, ReminderOptions options, TimeProvider clock, PortalTelemetry telemetry, ILogger<OutboxDispatcher> log)
{
    /// <summary>Sent messages are stamped in groups: one write per group rather than one per message.</summary>
    private const int StampEvery = 50;

    /// <summary>Delivers everything due now, round after round. Returns how many messages were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var (claimed, sent) = await DeliverRoundAsync(options.DeliveryBatch, ct);
            total += sent;
            if (claimed < options.DeliveryBatch) return total;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<(int Claimed, int Sent)> DeliverRoundAsync(int batch, CancellationToken ct)
    {
        var now = Now;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var mandatory = NotificationKinds.Mandatory.ToList();
        // Preferences: the email of a kind the recipient switched to in-app only is dropped; the in-app copy stays.
        await db.Notifications
            .Where(n => n.EmailSentUtc == null && n.EmailFailedUtc == null && ((int)n.Channels & (int)Channels.Email) != 0 && !mandatory.Contains(n.Kind)
                        && db.NotificationPreferences.Any(p => p.UserId == n.RecipientId && p.Kind == n.Kind && !p.Email))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Channels, Channels.InApp), ct);

        var ids = await Due(db, now).OrderBy(n => n.Id).Select(n => n.Id).Take(batch).ToListAsync(ct);
        if (ids.Count == 0) return (0, 0);
        var token = Guid.NewGuid().ToString("N");
        var lease = now + options.ClaimLease;
        // The due conditions are repeated in the claim: a row another instance claimed meanwhile no longer matches them.
        await Due(db, now).Where(n => ids.Contains(n.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Attempts, n => n.Attempts + 1)
            .SetProperty(n => n.NextAttemptUtc, lease)
            .SetProperty(n => n.ClaimedBy, token), ct);
        var claimed = await db.Notifications.AsNoTracking().Where(n => n.ClaimedBy == token).OrderBy(n => n.Id)
            .Select(n => new { n.Id, n.Kind, n.Subject, n.Body, n.Link, n.Attempts, n.Recipient!.Email }).ToListAsync(ct);

        var sent = new List<long>();
        var total = 0;
        await using (var session = email.OpenSession())
        {
            foreach (var n in claimed)
            {
                try
                {
                    if (string.IsNullOrWhiteSpace(n.Email)) throw new InvalidOperationException("The recipient has no email address.");
                    await session.SendAsync(email.Compose(n.Email, n.Kind, n.Subject, n.Body, n.Link), ct);
                    sent.Add(n.Id);
                    telemetry.EmailSent(n.Kind);
                    if (sent.Count >= StampEvery) total += await StampSentAsync(db, sent, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var retryAt = Now + options.RetryFirstDelay * Math.Pow(2, n.Attempts - 1);
                    var failed = n.Attempts >= options.MaxAttempts ? Now : (DateTime?)null;
                    var error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
                    log.LogWarning(e, "Email {Id} failed (attempt {Attempts})", n.Id, n.Attempts);
                    await db.Notifications.Where(x => x.Id == n.Id).ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.LastError, error)
                        .SetProperty(x => x.NextAttemptUtc, retryAt)
                        .SetProperty(x => x.EmailFailedUtc, failed)
                        .SetProperty(x => x.ClaimedBy, (string?)null), ct);
                }
            }
        }
        total += await StampSentAsync(db, sent, ct);
        return (ids.Count, total);
    }

    private static IQueryable<Notification> Due(AppDbContext db, DateTime now) =>
        db.Notifications.Where(n => n.EmailSentUtc == null && n.EmailFailedUtc == null && ((int)n.Channels & (int)Channels.Email) != 0 && n.NextAttemptUtc <= now);

    private async Task<int> StampSentAsync(AppDbContext db, List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return 0;
        var at = Now;
        var done = ids.ToList();
        ids.Clear();
        // Not cancellable: the messages have gone, so the stamp must be written whatever happens to the run.
        await db.Notifications.Where(n => done.Contains(n.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.EmailSentUtc, at).SetProperty(n => n.LastError, (string?)null).SetProperty(n => n.ClaimedBy, (string?)null), CancellationToken.None);
        return done.Count;
    }
}
