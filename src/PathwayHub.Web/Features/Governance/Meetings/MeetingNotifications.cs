using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Governance.Meetings;

/// <summary>A meeting's news (agenda published, cancelled, minutes approved) to the Pathway's members, in the caller's transaction.</summary>
internal static class MeetingNotifications
{
    public static async Task PathwayAsync(AppDbContext db, DateOnly today, DateTime nowUtc, Meeting meeting, string kind, string subject, string body, CancellationToken ct)
    {
        var day = UkCalendar.DayOf(meeting.StartUtc);
        var recipients = await db.Users.Where(u => u.PersonId != null && db.Memberships.Any(m => m.PersonId == u.PersonId && m.PathwayId == meeting.PathwayId
                && m.StartDate <= (day > today ? day : today) && (m.EndDate == null || m.EndDate >= today)))
            .Select(u => u.Id).ToListAsync(ct);
        await NotificationService.EnqueueAsync(db, recipients.Select(id =>
            new OutgoingNotification(id, kind, $"meeting:{meeting.Id}:{kind}:user:{id}", subject, body, $"/meetings/{meeting.Id}")), nowUtc, ct);
    }
}
