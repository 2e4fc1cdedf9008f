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

    public static void RequireDrafting(Meeting m)
    {
        if (m.Status is not (MeetingStatus.Held or MeetingStatus.MinutesDrafted)) throw Invalid($"Minutes are written after the meeting is held and before they are approved; it is {GovernanceText.Label(m.Status)}.");
    }

    public static ValidationFailedException Invalid(string message) => new(new Dictionary<string, string> { [""] = message });
}
