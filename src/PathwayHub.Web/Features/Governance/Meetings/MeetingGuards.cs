using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Meetings;

/// <summary>The checks the meeting, agenda, minutes and actions services share: who may read a meeting, and what its status still allows.</summary>
internal static class MeetingGuards
{
    public static async Task<(Meeting Meeting, PathwayAccess Access)> ReadableAsync(AppDbContext db, Actor actor, DateOnly today, int meetingId, CancellationToken ct)
    {
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        var access = await PathwayAccess.ForAsync(db, actor, meeting.PathwayId, today, ct);
        if (!MeetingAccess.CanSee(access, meeting.Status)) throw new NotFoundException("That meeting does not exist.");
        return (meeting, access);
    }

    public static async Task<Meeting> EditableAsync(AppDbContext db, int meetingId, CancellationToken ct, bool allowHeld = false)
    {
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        var ok = meeting.Status is MeetingStatus.Planned or MeetingStatus.AgendaPublished || (allowHeld && meeting.Status is MeetingStatus.Held or MeetingStatus.MinutesDrafted);
        if (!ok) throw Invalid($"The agenda cannot change once the meeting is {GovernanceText.Label(meeting.Status)}.");
        return meeting;
    }

    public static void RequireDrafting(Meeting m, DateTime nowUtc)
    {
        RequireStarted(m, nowUtc, "minuted");
        if (m.Status is not (MeetingStatus.Held or MeetingStatus.MinutesDrafted)) throw Invalid($"Minutes are written after the meeting is held and before they are approved; it is {GovernanceText.Label(m.Status)}.");
    }

    /// <summary>
    /// A meeting is held, minuted or approved only once it has started: before then nothing has happened to record, and
    /// marking it so would send members minutes of a meeting that has not taken place.
    /// </summary>
    public static void RequireStarted(Meeting m, DateTime nowUtc, string becoming)
    {
        if (nowUtc < m.StartUtc)
            throw Invalid($"This meeting starts on {UkCalendar.ToUk(m.StartUtc):dddd d MMMM yyyy 'at' HH:mm}; it cannot be {becoming} before it starts.");
    }

    /// <summary>
    /// Whether a meeting is still to come: it has not ended and nothing has been recorded of it (a cancelled meeting stays
    /// listed until its date so people see that it is off). The upcoming and past lists are this rule and its opposite.
    /// </summary>
    public static Expression<Func<Meeting, bool>> Upcoming(DateTime nowUtc) =>
        m => m.EndUtc > nowUtc && (m.Status == MeetingStatus.Planned || m.Status == MeetingStatus.AgendaPublished || m.Status == MeetingStatus.Cancelled);

    public static Expression<Func<Meeting, bool>> Past(DateTime nowUtc)
    {
        var upcoming = Upcoming(nowUtc);
        return Expression.Lambda<Func<Meeting, bool>>(Expression.Not(upcoming.Body), upcoming.Parameters);
    }

    /// <summary>
    /// Whether the reader is told if the meeting is quorate. Before a meeting starts "not quorate: 0 of 3" is news of nothing,
    /// so associates see it only once the meeting has started; the coordinator and members also once attendance (apologies
    /// sent ahead, say) has been recorded.
    /// </summary>
    public static bool ShowsQuorum(PathwayAccess access, Meeting m, DateTime nowUtc, bool attendanceRecorded) =>
        m.Status != MeetingStatus.Cancelled && (nowUtc >= m.StartUtc || (attendanceRecorded && (access.IsCoordinator || access.IsMember)));

    public static ValidationFailedException Invalid(string message) => new(new Dictionary<string, string> { [""] = message });
}
