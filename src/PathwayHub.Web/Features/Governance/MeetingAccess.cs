using System.Linq.Expressions;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Features.Governance;

/// <summary>
/// Who may see a meeting: the coordinator sees every meeting; a current member or associate of the Pathway sees its meetings
/// once the agenda is published (a planned meeting exists only for the coordinator). The meetings list, the calendar feeds
/// and the home page use this filter; a single meeting is checked with the same rule through <see cref="CanSee"/>.
/// </summary>
public static class MeetingAccess
{
    public static bool CanSee(PathwayAccess access, MeetingStatus status) =>
        access.IsCoordinator || (access.CanRead && status != MeetingStatus.Planned);

    public static Expression<Func<Meeting, bool>> Visible(AppDbContext db, bool isCoordinator, int? personId, DateOnly today)
    {
        if (isCoordinator) return m => true;
        var person = personId ?? -1;
        return m => m.Status != MeetingStatus.Planned &&
            db.Memberships.Where(Membership.CurrentOn(today)).Any(x => x.PathwayId == m.PathwayId && x.PersonId == person);
    }
}
