using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Governance.Reminders;

/// <summary>An open action due in the next few days: its owner is reminded once.</summary>
public sealed class ActionDueSoonRule : IReminderRule
{
    public string Kind => NotificationKinds.ActionDueSoon;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var db = c.Db;
        var today = c.Today;
        var dueBy = today.AddDays(c.Options.ActionDueSoonDays);
        var kind = Kind;
        var rows = await (
            from a in db.Actions
            where a.Status == ActionStatus.Open && a.DueDate > today && a.DueDate <= dueBy
            join u in db.Users on a.OwnerPersonId equals u.PersonId
            let key = "action:" + a.Id.ToString() + ":" + kind + ":user:" + u.Id
            where !db.Notifications.Any(n => n.DedupKey == key)
            select new { a.Id, a.Description, a.DueDate, Pathway = a.AgendaItem.Meeting.Pathway.Name, UserId = u.Id, Key = key }).ToListAsync(ct);
        return rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key, $"Action due {NotificationText.Date(r.DueDate)}: {Shorten(r.Description, 80)}",
            $"Your action for the {r.Pathway} Pathway is due on {r.DueDate.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}:\n{r.Description}\nUpdate it when it is done, or add a note on its progress.",
            "/my-actions")).ToList();
    }

    internal static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
}

/// <summary>
/// Open actions past their due date: ONE message per owner per ISO week listing all of them, never one per action. The key
/// names the week, so the digest comes again next week while anything is still overdue.
/// </summary>
public sealed class OverdueActionsDigestRule : IReminderRule
{
    private const int Listed = 25;
    public string Kind => NotificationKinds.ActionsOverdue;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var db = c.Db;
        var today = c.Today;
        var week = $"{ISOWeek.GetYear(c.NowUtc)}-W{ISOWeek.GetWeekOfYear(c.NowUtc):D2}";
        var prefix = $"{Kind}:{week}:user:";
        var rows = await (
            from a in db.Actions
            where a.Status == ActionStatus.Open && a.DueDate < today
            join u in db.Users on a.OwnerPersonId equals u.PersonId
            where !db.Notifications.Any(n => n.DedupKey == prefix + u.Id)
            select new { a.Description, a.DueDate, Pathway = a.AgendaItem.Meeting.Pathway.Name, UserId = u.Id }).ToListAsync(ct);
        return rows.GroupBy(r => r.UserId).Select(g =>
        {
            var actions = g.OrderBy(r => r.DueDate).ToList();
            var body = new StringBuilder(actions.Count == 1 ? "You have 1 overdue action:\n" : $"You have {actions.Count} overdue actions:\n");
            foreach (var a in actions.Take(Listed))
                body.Append("- ").Append(a.Pathway).Append(", due ").Append(NotificationText.Date(a.DueDate)).Append(": ").Append(ActionDueSoonRule.Shorten(a.Description, 200)).Append('\n');
            if (actions.Count > Listed) body.Append("… and ").Append(actions.Count - Listed).Append(" more.\n");
            body.Append("Mark each one done, or add a note saying when it will be.");
            var subject = actions.Count == 1 ? "You have 1 overdue action" : $"You have {actions.Count} overdue actions";
            return new OutgoingNotification(g.Key, Kind, prefix + g.Key, subject, body.ToString(), "/my-actions");
        }).ToList();
    }
}
