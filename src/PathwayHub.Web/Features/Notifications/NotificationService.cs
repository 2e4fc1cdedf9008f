using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>What a feature wants to tell one user; the key says what makes it unique (e.g. "meeting:42:published:user:9").</summary>
public sealed record OutgoingNotification(string RecipientId, string Kind, string DedupKey, string Subject, string Body, string Link, Channels Channels = Channels.Both);

public sealed record InboxItem(long Id, string Subject, string Body, string Link, DateTime CreatedUtc, bool Read);

/// <summary>One line of the preferences page: <see cref="Email"/> false means in-app only.</summary>
public sealed record PreferenceView(string Kind, string Label, string Description, bool Email, bool CanSwitchOff);

public enum OutboxStatus { All, Waiting, Retrying, Failed, Sent, InAppOnly }

public sealed record OutboxRow(long Id, DateTime CreatedUtc, string Recipient, string? Email, string Kind, string Subject, OutboxStatus Status,
    int Attempts, DateTime? NextAttemptUtc, DateTime? SentUtc, string? LastError);

public sealed record OutboxPage(IReadOnlyList<OutboxRow> Rows, int Total, IReadOnlyDictionary<OutboxStatus, int> Counts);

/// <summary>The notification outbox and each user's in-app inbox.</summary>
public sealed class NotificationService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private const int RowsPerInsert = 100;

    /// <summary>
    /// Writes to the outbox inside the caller's context (and transaction), a hundred rows per statement. A key already present
    /// is skipped by the database itself (the unique index), so concurrent writers can never produce two copies.
    /// Returns how many rows were written.
    /// </summary>
    public static async Task<int> EnqueueAsync(AppDbContext db, IEnumerable<OutgoingNotification> items, DateTime nowUtc, CancellationToken ct = default)
    {
        nowUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var written = 0;
        foreach (var chunk in items.Chunk(RowsPerInsert))
        {
            var sql = new System.Text.StringBuilder("""
                INSERT INTO "Notifications" ("RecipientId", "Kind", "DedupKey", "Subject", "Body", "Link", "Channels", "CreatedUtc", "Attempts", "NextAttemptUtc") VALUES 
                """);
            var values = new List<object>(chunk.Length * 8 + 1) { nowUtc };
            for (var i = 0; i < chunk.Length; i++)
            {
                var n = chunk[i];
                var p = values.Count;
                if (i > 0) sql.Append(", ");
                sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}}, {{{p + 5}}}, {{{p + 6}}}, {{0}}, 0, {{0}})");
                values.AddRange([n.RecipientId, n.Kind, n.DedupKey, Clip(n.Subject, 300), Clip(n.Body, 8000), n.Link, (int)n.Channels]);
            }
            sql.Append(""" ON CONFLICT ("DedupKey") DO NOTHING""");
            written += await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, ct);
        }
        return written;
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

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

    /// <summary>The signed-in user's choice for each kind they can receive.</summary>
    public async Task<IReadOnlyList<PreferenceView>> PreferencesAsync(CancellationToken ct = default)
    {
        var actor = user.Actor;
        var id = actor.UserId ?? throw new ForbiddenException("Sign in to change your notification settings.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var off = (await db.NotificationPreferences.Where(p => p.UserId == id && !p.Email).Select(p => p.Kind).ToListAsync(ct)).ToHashSet();
        return NotificationKinds.All.Where(k => k.IsFor(actor))
            .Select(k => new PreferenceView(k.Id, k.Label, k.Description, !k.EmailOptional || !off.Contains(k.Id), k.EmailOptional)).ToList();
    }

    /// <summary>Saves the signed-in user's choices (kind → email on). A cancellation's email cannot be switched off.</summary>
    public async Task SavePreferencesAsync(IReadOnlyDictionary<string, bool> email, CancellationToken ct = default)
    {
        var id = user.Actor.UserId ?? throw new ForbiddenException("Sign in to change your notification settings.");
        var errors = new Dictionary<string, string>();
        foreach (var (kind, on) in email)
        {
            var k = NotificationKinds.All.FirstOrDefault(x => x.Id == kind);
            if (k is null) errors[kind] = "There is no notification of this kind.";
            else if (!on && !k.EmailOptional) errors[kind] = $"{k.Label}: always sent by email, so nobody travels to a meeting that is not happening.";
        }
        ValidationFailedException.ThrowIfAny(errors);

        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var kinds = email.Keys.ToList();
        await db.NotificationPreferences.Where(p => p.UserId == id && kinds.Contains(p.Kind)).ExecuteDeleteAsync(ct);
        // Only the exceptions are stored: no row means email and in-app.
        db.NotificationPreferences.AddRange(email.Where(e => !e.Value).Select(e => new NotificationPreference { UserId = id, Kind = e.Key, Email = false }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Admin > Notifications: the outbox, newest first, filtered by delivery status (coordinators only).</summary>
    public async Task<OutboxPage> OutboxAsync(OutboxStatus status, int page, int pageSize, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var all = db.Notifications.AsNoTracking();
        var counts = new Dictionary<OutboxStatus, int>();
        foreach (var s in Enum.GetValues<OutboxStatus>()) counts[s] = await Filter(all, s).CountAsync(ct);
        var rows = await Filter(all, status).OrderByDescending(n => n.Id).Skip(page * pageSize).Take(pageSize)
            .Select(n => new { n.Id, n.CreatedUtc, n.Recipient!.DisplayName, n.Recipient.Email, n.Kind, n.Subject, n.Channels, n.Attempts, n.NextAttemptUtc, n.EmailSentUtc, n.EmailFailedUtc, n.LastError })
            .ToListAsync(ct);
        return new OutboxPage(rows.Select(n => new OutboxRow(n.Id, n.CreatedUtc, n.DisplayName, n.Email, NotificationKinds.Get(n.Kind).Label, n.Subject,
            StatusOf(n.Channels, n.EmailSentUtc, n.EmailFailedUtc, n.Attempts), n.Attempts, n.NextAttemptUtc, n.EmailSentUtc, n.LastError)).ToList(), counts[status], counts);
    }

    /// <summary>Sends a failed or retrying email again at the next delivery run, with a fresh count of attempts.</summary>
    public async Task ResendAsync(long id, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var n = await db.Notifications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That notification does not exist.");
        if (((int)n.Channels & (int)Channels.Email) == 0) throw new ValidationFailedException(new Dictionary<string, string> { [""] = "This notification is in-app only: there is no email to send." });
        if (n.EmailSentUtc is not null) throw new ValidationFailedException(new Dictionary<string, string> { [""] = "This email was delivered already." });
        await db.Notifications.Where(x => x.Id == id && x.EmailSentUtc == null).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Attempts, 0).SetProperty(x => x.EmailFailedUtc, (DateTime?)null).SetProperty(x => x.NextAttemptUtc, now)
            .SetProperty(x => x.LastError, (string?)null).SetProperty(x => x.ClaimedBy, (string?)null), ct);
    }

    private static IQueryable<Notification> Filter(IQueryable<Notification> q, OutboxStatus status) => status switch
    {
        OutboxStatus.InAppOnly => q.Where(n => ((int)n.Channels & (int)Channels.Email) == 0),
        OutboxStatus.Sent => q.Where(n => ((int)n.Channels & (int)Channels.Email) != 0 && n.EmailSentUtc != null),
        OutboxStatus.Failed => q.Where(n => ((int)n.Channels & (int)Channels.Email) != 0 && n.EmailSentUtc == null && n.EmailFailedUtc != null),
        OutboxStatus.Retrying => q.Where(n => ((int)n.Channels & (int)Channels.Email) != 0 && n.EmailSentUtc == null && n.EmailFailedUtc == null && n.Attempts > 0),
        OutboxStatus.Waiting => q.Where(n => ((int)n.Channels & (int)Channels.Email) != 0 && n.EmailSentUtc == null && n.EmailFailedUtc == null && n.Attempts == 0),
        _ => q,
    };

    private static OutboxStatus StatusOf(Channels channels, DateTime? sent, DateTime? failed, int attempts) =>
        (channels & Channels.Email) == 0 ? OutboxStatus.InAppOnly
        : sent is not null ? OutboxStatus.Sent
        : failed is not null ? OutboxStatus.Failed
        : attempts > 0 ? OutboxStatus.Retrying
        : OutboxStatus.Waiting;
}
