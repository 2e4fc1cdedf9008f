using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Conflicts;

/// <summary>
/// Who may learn of a possible conflict of interest. Bids and registered interest are commercially confidential, and a conflict
/// says who bid, so:
/// <list type="bullet">
/// <item>on a meeting, the coordinator and the Pathway's chair and vice-chair (who run the meeting and ask for declarations) see
/// every possible conflict; a member sees only their own, so that they can declare it; everyone else sees none, not even a count;</item>
/// <item>on a tender, commissioners and the coordinator see the members with a possible conflict; provider editors see none.</item>
/// </list>
/// The meeting service, the tender's conflicts service and the pages read conflicts only through these.
/// </summary>
public static class ConflictAccess
{
    public static bool SeesEveryConflictAtMeeting(PathwayAccess access) =>
        access.IsCoordinator || access.Role is MembershipRole.Chair or MembershipRole.ViceChair;

    /// <summary>The conflicts at a meeting that this reader may see.</summary>
    public static IReadOnlyList<PossibleConflict> AtMeeting(IReadOnlyList<PossibleConflict> all, PathwayAccess access, Actor actor)
    {
        if (SeesEveryConflictAtMeeting(access)) return all;
        return actor.PersonId is { } me && access.Role is not null ? all.Where(c => c.PersonId == me).ToList() : [];
    }

    public static bool SeesTenderConflicts(Actor actor) => CommissioningAccess.CanManage(actor);
}
