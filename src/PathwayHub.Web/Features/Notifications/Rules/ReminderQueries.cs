using PathwayHub.Web.Infrastructure;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Notifications.Rules;

/// <summary>A signed-in user who currently sits on a Pathway (member, chair or associate).</summary>
public sealed class PathwayRecipient
{
    public int PathwayId { get; init; }
    public string UserId { get; init; } = "";
    public MembershipRole Role { get; init; }
}

/// <summary>Recipient sets the rules share, as queries to compose (never loaded on their own).</summary>
public static class ReminderQueries
{
    /// <summary>Users with a sign-in whose membership of a Pathway is current today.</summary>
    public static IQueryable<PathwayRecipient> PathwayRecipients(AppDbContext db, DateOnly today) =>
        from ms in db.Memberships.Where(Membership.CurrentOn(today))
        join u in db.Users on ms.PersonId equals u.PersonId
        select new PathwayRecipient { PathwayId = ms.PathwayId, UserId = u.Id, Role = ms.Role };

    /// <summary>Ids of the users holding a role.</summary>
    public static IQueryable<string> UsersInRole(AppDbContext db, string role) =>
        from ur in db.UserRoles
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == role
        select ur.UserId;

    public static IQueryable<string> Coordinators(AppDbContext db) => UsersInRole(db, Roles.Coordinator);

    public static string LongDate(DateTime utc) => UkCalendar.ToUk(utc).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));
    public static string ShortDate(DateTime utc) => UkCalendar.ToUk(utc).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
