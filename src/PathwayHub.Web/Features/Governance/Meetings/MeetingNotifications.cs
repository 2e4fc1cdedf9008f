using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Governance.Meetings;

/// <summary>A meeting's news (agenda published, moved, cancelled, minutes approved) to the Pathway's members, in the caller's transaction.</summary>
internal static class MeetingNotifications
{
    /// <param name="occasion">Which time this kind of news is sent for the meeting (a meeting can move more than once); each
    /// recipient is told once per kind and occasion.</param>
    public static async Task PathwayAsync(AppDbContext db, DateOnly today, DateTime nowUtc, Meeting meeting, string kind, string subject, string body, CancellationToken ct,
        string? occasion = null)
    {
        var day = UkCalendar.DayOf(meeting.StartUtc);
        // Members from today until the meeting: someone joining before it hears of it too.
        var recipients = await Recipients.MembersOf(db, meeting.PathwayId, today, day > today ? day : today).ToListAsync(ct);
        await NotificationService.EnqueueAsync(db, recipients.Select(id =>
            new OutgoingNotification(id, kind, $"meeting:{meeting.Id}:{kind}{(occasion is null ? "" : ":" + occasion)}:user:{id}", subject, body, $"/meetings/{meeting.Id}")), nowUtc, ct);
    }
}
