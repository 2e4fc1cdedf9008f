using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Pathways;

/// <summary>What an actor is to one Pathway today: the basis of every governance permission.</summary>
public sealed record PathwayAccess(bool IsCoordinator, MembershipRole? Role, bool IsCommissioner = false)
{
    public bool IsMember => Role is MembershipRole.Chair or MembershipRole.ViceChair or MembershipRole.Member;
    public bool IsAssociate => Role == MembershipRole.Associate;
    public bool IsChair => Role == MembershipRole.Chair;
    /// <summary>Sees published agendas, papers that are not confidential and approved minutes.</summary>
    public bool CanRead => IsCoordinator || Role is not null;
    public bool SeesConfidential => IsCoordinator || IsMember;
    public bool SeesDraftMinutes => IsCoordinator || IsChair;
    /// <summary>Sees who sits on the Pathway and its approved terms of reference: its readers, and commissioners, who work across Pathways.</summary>
    public bool SeesMembership => CanRead || IsCommissioner;

    public static async Task<PathwayAccess> ForAsync(AppDbContext db, Actor actor, int pathwayId, DateOnly today, CancellationToken ct)
    {
        MembershipRole? role = null;
        if (actor.PersonId is { } pid)
        {
            role = await db.Memberships.Where(Membership.CurrentOn(today)).Where(m => m.PathwayId == pathwayId && m.PersonId == pid)
                .Select(m => (MembershipRole?)m.Role).FirstOrDefaultAsync(ct);
        }
        return new PathwayAccess(actor.IsCoordinator, role, actor.IsIn(Roles.Commissioner));
    }
}
