using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Agreements ending in 6, 3 and 1 months: the commissioners, once per agreement and threshold, with the recommissioning
/// decision when it is still undecided (the seeds: valued services lapse because nobody decides in time).
/// </summary>
public sealed class AgreementEndingRule : IReminderRule
{
    public string Kind => NotificationKinds.AgreementEnding;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var result = new List<OutgoingNotification>();
        // Each threshold is its own window, so an agreement found late (say 2 months before the end) gets the 3-month message only.
        (int Months, DateOnly After, DateOnly Until)[] windows =
        [
            (6, c.Today.AddMonths(3), c.Today.AddMonths(6)),
            (3, c.Today.AddMonths(1), c.Today.AddMonths(3)),
            (1, c.Today.AddDays(-1), c.Today.AddMonths(1)),
        ];
        foreach (var (months, after, until) in windows)
        {
            var part = ":ends-" + months + "-months:user:";
            var rows = await (
                from a in c.Db.Agreements
                where a.Status != AgreementStatus.Terminated && a.EndDate > after && a.EndDate <= until
                from userId in Recipients.UsersInRole(c.Db, Roles.Commissioner)
                let key = "agreement:" + a.Id.ToString() + part + userId
                where !c.Db.Notifications.Any(n => n.DedupKey == key)
                select new { a.Id, a.Reference, a.Title, Supplier = a.Supplier.Name, a.EndDate, a.Decision, a.DecisionDueDate, UserId = userId, Key = key })
                .ToListAsync(ct);
            result.AddRange(rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key,
                $"{r.Reference} ends in {(months == 1 ? "a month" : months + " months")}{(r.Decision == RecommissioningDecision.Undecided ? ": recommissioning undecided" : "")}",
                $"{r.Title} ({r.Supplier}) ends on {NotificationText.Date(r.EndDate)}." + (r.Decision == RecommissioningDecision.Undecided
                    ? $"\nNo recommissioning decision is recorded. It is due by {NotificationText.Date(r.DecisionDueDate)}: recommission, extend or let it lapse."
                    : $"\nRecommissioning decision: {r.Decision}."),
                $"/commissioning/agreements/{r.Id}")));
        }
        return result;
    }
}

/// <summary>Milestones still scheduled: due within 7 days, and overdue. The commissioners, once per milestone and moment.</summary>
public sealed class MilestoneRule : IReminderRule
{
    public string Kind => NotificationKinds.MilestoneDue;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var soon = c.Today.AddDays(7);
        var today = c.Today;
        var rows = await (
            from m in c.Db.Milestones
            where m.Status == MilestoneStatus.Scheduled && m.DueDate <= soon && m.Agreement.Status != AgreementStatus.Terminated
            from userId in Recipients.UsersInRole(c.Db, Roles.Commissioner)
            let key = "milestone:" + m.Id.ToString() + (m.DueDate < today ? ":overdue" : ":due-7-days") + ":user:" + userId
            where !c.Db.Notifications.Any(n => n.DedupKey == key)
            select new { m.Id, m.Title, m.DueDate, m.AgreementId, m.Agreement.Reference, UserId = userId, Key = key })
            .ToListAsync(ct);
        return rows.Select(r => r.DueDate < today
            ? new OutgoingNotification(r.UserId, Kind, r.Key, $"Milestone overdue: {r.Title} ({r.Reference})",
                $"The milestone \"{r.Title}\" of {r.Reference} was due on {NotificationText.Date(r.DueDate)} and is not marked met, not met or partially met.",
                $"/commissioning/agreements/{r.AgreementId}")
            : new OutgoingNotification(r.UserId, Kind, r.Key, $"Milestone due {NotificationText.Date(r.DueDate)}: {r.Title} ({r.Reference})",
                $"The milestone \"{r.Title}\" of {r.Reference} is due on {NotificationText.Date(r.DueDate)}.",
                $"/commissioning/agreements/{r.AgreementId}")).ToList();
    }
}

/// <summary>
/// An open tender's clarification and submission deadlines 7 days and 1 day ahead: the provider editors of every organisation
/// that registered interest, once per tender, deadline and moment.
/// </summary>
public sealed class TenderDeadlineRule : IReminderRule
{
    public string Kind => NotificationKinds.TenderDeadline;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var now = c.NowUtc;
        var result = new List<OutgoingNotification>();
        (string Part, DateTime After, DateTime Until)[] windows = [("7-days", now.AddDays(1), now.AddDays(7)), ("1-day", now, now.AddDays(1))];
        var editors = Recipients.UsersInRole(c.Db, Roles.ProviderEditor);
        foreach (var (window, after, until) in windows)
        {
            foreach (var submission in new[] { false, true })
            {
                var part = (submission ? ":submission-" : ":clarification-") + window + ":user:";
                var tenders = submission
                    ? c.Db.Tenders.Where(t => t.SubmissionDeadlineUtc > after && t.SubmissionDeadlineUtc <= until)
                    : c.Db.Tenders.Where(t => t.ClarificationDeadlineUtc > after && t.ClarificationDeadlineUtc <= until);
                var rows = await (
                    from t in tenders
                    where t.Status == TenderStatus.Active
                    from i in t.Interests
                    join u in c.Db.Users on i.OrganisationId equals u.OrganisationId
                    where editors.Contains(u.Id)
                    let key = "tender:" + t.Id.ToString() + part + u.Id
                    where !c.Db.Notifications.Any(n => n.DedupKey == key)
                    select new { t.Id, t.Reference, t.Title, Deadline = submission ? t.SubmissionDeadlineUtc : t.ClarificationDeadlineUtc, UserId = u.Id, Key = key })
                    .ToListAsync(ct);
                var what = submission ? "Bids" : "Clarification questions";
                result.AddRange(rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key,
                    $"{what} for {r.Reference} are due {(window == "1-day" ? "tomorrow" : "in a week")}",
                    $"{what} for the tender \"{r.Title}\" close on {NotificationText.LongDate(r.Deadline!.Value)}. A late bid cannot be accepted.",
                    $"/commissioning/tenders/{r.Id}")));
            }
        }
        return result;
    }
}
