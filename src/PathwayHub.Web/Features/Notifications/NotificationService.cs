using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>What a feature wants to tell one user; the key says what makes it unique (e.g. "meeting:42:published:user:9").</summary>
public sealed record OutgoingNotification(string RecipientId, string Kind, string DedupKey, string Subject, string Body, string Link, Channels Channels = Channels.Both);

public sealed record InboxItem(long Id, string Subject, string Body, string Link, DateTime CreatedUtc, bool Read);

/// <summary>The notification outbox and each user's in-app inbox.</summary>
public sealed class NotificationService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    /// <summary>
    /// Writes to the outbox inside the caller's context (and transaction). A key already present is skipped by the
    /// database itself, so concurrent writers can never produce two copies.
    /// </summary>
    public static async Task<int> EnqueueAsync(AppDbContext db, IEnumerable<OutgoingNotification> items, DateTime nowUtc, CancellationToken ct = default)
    {
        var written = 0;
        foreach (var n in items)
        {
            written += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Notifications" ("RecipientId", "Kind", "DedupKey", "Subject", "Body", "Link", "Channels", "CreatedUtc", "Attempts", "NextAttemptUtc")
                VALUES ({n.RecipientId}, {n.Kind}, {n.DedupKey}, {n.Subject}, {n.Body}, {n.Link}, {(int)n.Channels}, {nowUtc}, 0, {nowUtc})
                ON CONFLICT ("DedupKey") DO NOTHING
                """, ct);
        }
        return written;
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        var id = user.Actor.UserId;
        if (id is null) return 0;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.RecipientId == id && n.ReadUtc == null && ((int)n.Channels & (int)Channels.InApp) != 0, ct);
    }

    public async Task<IReadOnlyList<InboxItem>> InboxAsync(int take = 100, CancellationToken ct = default)
    {
        var id = user.Actor.UserId ?? throw new ForbiddenException("Sign in to see your notifications.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.RecipientId == id && ((int)n.Channels & (int)Channels.InApp) != 0)
            .OrderByDescending(n => n.Id).Take(take)
            .Select(n => new InboxItem(n.Id, n.Subject, n.Body, n.Link, n.CreatedUtc, n.ReadUtc != null)).ToListAsync(ct);
    }

    /// <summary>Marks one (or, with null, every) notification of the signed-in user read. Nobody can mark another's.</summary>
    public async Task MarkReadAsync(long? id, CancellationToken ct = default)
    {
        var userId = user.Actor.UserId ?? throw new ForbiddenException("Sign in to see your notifications.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.RecipientId == userId && n.ReadUtc == null && (id == null || n.Id == id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadUtc, now), ct);
    }
}
