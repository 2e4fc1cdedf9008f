using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Notifications.Rules;

/// <summary>What a rule reads: an open context, the scan's moment and the configured timings.</summary>
public sealed record ReminderContext(AppDbContext Db, DateTime NowUtc, ReminderOptions Options)
{
    public DateOnly Today => UkCalendar.DayOf(NowUtc);
}

/// <summary>
/// One reminder rule: finds, with set-based queries, the notifications due at the scan's moment. A rule may return a
/// notification it returned before: its <see cref="OutgoingNotification.DedupKey"/> (unique in the outbox) makes the second
/// copy a no-op, so a rule only has to say what is due now, never remember what it sent. Rules still leave out keys already
/// in the outbox inside their query (<c>where !db.Notifications.Any(n => n.DedupKey == key)</c>) so a repeated scan reads nothing.
/// Register a new rule in its feature's Add&lt;Feature&gt; (for example <c>AddGovernance</c>); its kind goes in <see cref="NotificationKinds"/>.
/// </summary>
public interface IReminderRule
{
    string Kind { get; }
    Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct);
}
