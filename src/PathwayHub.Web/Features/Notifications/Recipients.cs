using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>A signed-in user who currently sits on a Pathway (member, chair or associate).</summary>
public sealed class PathwayRecipient
{
    public int PathwayId { get; init; }
    public string UserId { get; init; } = "";
    public MembershipRole Role { get; init; }
}

/// <summary>A signed-in user of an organisation.</summary>
public sealed record OrganisationRecipient(string UserId, int OrganisationId);

/// <summary>
/// Who gets notified: the one home of every recipient set, as queries to compose into a rule's or a service's own query
/// (never loaded on their own). Only people with a sign-in can be notified, so each set is of user ids.
/// </summary>
public static class Recipients
{
    /// <summary>Users whose membership of a Pathway is current on <paramref name="day"/>, with their role, for every Pathway.</summary>
    public static IQueryable<PathwayRecipient> PathwayMembers(AppDbContext db, DateOnly day) =>
        from ms in db.Memberships.Where(Membership.CurrentOn(day))
        join u in db.Users on ms.PersonId equals u.PersonId
        select new PathwayRecipient { PathwayId = ms.PathwayId, UserId = u.Id, Role = ms.Role };

    /// <summary>
    /// Users who are members (or associates) of one Pathway at some time from <paramref name="from"/> to <paramref name="to"/>:
    /// current on that day when <paramref name="to"/> is left out.
    /// </summary>
    public static IQueryable<string> MembersOf(AppDbContext db, int pathwayId, DateOnly from, DateOnly? to = null)
    {
        var until = to ?? from;
        return db.Users.Where(u => u.PersonId != null && db.Memberships.Any(m => m.PersonId == u.PersonId && m.PathwayId == pathwayId
            && m.StartDate <= until && (m.EndDate == null || m.EndDate >= from))).Select(u => u.Id);
    }

    /// <summary>Ids of the users holding a role.</summary>
    public static IQueryable<string> UsersInRole(AppDbContext db, string role) =>
        from ur in db.UserRoles
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == role
        select ur.UserId;

    public static IQueryable<string> Coordinators(AppDbContext db) => UsersInRole(db, Roles.Coordinator);

    /// <summary>An organisation's users holding a role (its provider editors, say).</summary>
    public static IQueryable<string> OrganisationUsers(AppDbContext db, int organisationId, string role) =>
        OrganisationsUsers(db, [organisationId], role).Select(u => u.UserId);

    /// <summary>The users holding a role in any of several organisations, each with the organisation they belong to.</summary>
    public static IQueryable<OrganisationRecipient> OrganisationsUsers(AppDbContext db, IReadOnlyCollection<int> organisationIds, string role)
    {
        var holders = UsersInRole(db, role);
        return db.Users.Where(u => u.OrganisationId != null && organisationIds.Contains(u.OrganisationId.Value) && holders.Contains(u.Id))
            .Select(u => new OrganisationRecipient(u.Id, u.OrganisationId!.Value));
    }
}
