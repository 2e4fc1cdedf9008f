using System.Linq.Expressions;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Features.Governance;

/// <summary>
/// Who may see what the minutes record — minutes text, decisions and actions — before the minutes are approved. The one rule
/// that the meeting page, the action log, the agenda pack, the decisions register, reports and reminders use:
/// <list type="bullet">
/// <item>Once the minutes are approved, everything in them is seen by anyone who may read the Pathway (<see cref="PathwayAccess.CanRead"/>).</item>
/// <item>Before that, minutes text and decisions are seen by the coordinator and the Pathway's chair only.</item>
/// <item>An action recorded in minutes not yet approved is seen by the coordinator, the chair and the action's owner only.</item>
/// </list>
/// </summary>
public static class MinutesAccess
{
    public static bool MinutesVisible(PathwayAccess access, MeetingStatus status) =>
        status == MeetingStatus.MinutesApproved || (access.SeesDraftMinutes && status is MeetingStatus.Held or MeetingStatus.MinutesDrafted);

    /// <summary>The Pathway's actions this reader may see, as a query filter.</summary>
    public static Expression<Func<ActionItem, bool>> VisibleActions(PathwayAccess access, int? personId)
    {
        if (!access.CanRead) return a => a.OwnerPersonId == personId;
        if (access.SeesDraftMinutes) return a => true;
        var me = personId ?? -1;
        return a => a.AgendaItem.Meeting.Status == MeetingStatus.MinutesApproved || a.OwnerPersonId == me;
    }

    /// <summary>The Pathway's decisions this reader may see, as a query filter.</summary>
    public static Expression<Func<Decision, bool>> VisibleDecisions(PathwayAccess access) =>
        access.SeesDraftMinutes ? d => true : d => d.AgendaItem.Meeting.Status == MeetingStatus.MinutesApproved;
}
