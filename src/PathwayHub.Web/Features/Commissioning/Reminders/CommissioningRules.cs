using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Agreements ending in 6, 3 and 1 months: the commissioners, once per agreement and threshold, with the recommissioning
/// decision when it is still undecided (the seeds: valued services lapse because nobody decides in time). Which threshold is
/// due, after an outage too, is <see cref="ReminderThresholds.Due"/>.
/// </summary>
public sealed class AgreementEndingRule : IReminderRule
{
    public string Kind => NotificationKinds.AgreementEnding;

    private static readonly int[] Months = [6, 3, 1];

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var today = c.Today;
        var until = today.AddMonths(Months[0]);
        var rows = await (
            from a in c.Db.Agreements
            where a.Status != AgreementStatus.Terminated && a.EndDate >= today && a.EndDate <= until
            from userId in Recipients.UsersInRole(c.Db, Roles.Commissioner)
            select new { a.Id, a.Reference, a.Title, Supplier = a.Supplier.Name, a.EndDate, a.Decision, a.DecisionDueDate, UserId = userId })
            .ToListAsync(ct);
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).Distinct().ToList();
        var keys = Months.SelectMany(m => rows.Select(r => Key(r.Id, m, r.UserId))).ToList();
        var sent = (await c.Db.Notifications.Where(n => n.Kind == Kind && keys.Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();

        var result = new List<OutgoingNotification>();
        foreach (var r in rows)
        {
            var thresholds = Months.Select(m => (m, ReminderThresholds.Start(r.EndDate.AddMonths(-m)))).ToList();
            if (ReminderThresholds.Due(thresholds, ReminderThresholds.Start(today), c.Options, m => sent.Contains(Key(r.Id, m, r.UserId))) is not { } months) continue;
            result.Add(new OutgoingNotification(r.UserId, Kind, Key(r.Id, months, r.UserId),
                $"{r.Reference} ends {ReminderThresholds.Until(today, r.EndDate)}{(r.Decision == RecommissioningDecision.Undecided ? ": recommissioning undecided" : "")}",
                $"{r.Title} ({r.Supplier}) ends on {NotificationText.Date(r.EndDate)}." + (r.Decision == RecommissioningDecision.Undecided
                    ? $"\nNo recommissioning decision is recorded. It {ReminderThresholds.DueBy(today, r.DecisionDueDate)}: recommission, extend or let it lapse."
                    : $"\nRecommissioning decision: {r.Decision}."),
                $"/commissioning/agreements/{r.Id}"));
        }
        return result;
    }

    private static string Key(int agreementId, int months, string userId) =>
        "agreement:" + agreementId.ToString(CultureInfo.InvariantCulture) + ":ends-" + months.ToString(CultureInfo.InvariantCulture) + "-months:user:" + userId;
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

    private static readonly (string Part, int Days)[] Windows = [("7-days", 7), ("1-day", 1)];

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var now = c.NowUtc;
        var until = now.AddDays(Windows[0].Days);
        var editors = Recipients.UsersInRole(c.Db, Roles.ProviderEditor);
        var result = new List<OutgoingNotification>();
        foreach (var submission in new[] { false, true })
        {
            var tenders = submission
                ? c.Db.Tenders.Where(t => t.SubmissionDeadlineUtc > now && t.SubmissionDeadlineUtc <= until)
                : c.Db.Tenders.Where(t => t.ClarificationDeadlineUtc > now && t.ClarificationDeadlineUtc <= until);
            var rows = await (
                from t in tenders
                where t.Status == TenderStatus.Active
                from i in t.Interests
                join u in c.Db.Users on i.OrganisationId equals u.OrganisationId
                where editors.Contains(u.Id)
                select new { t.Id, t.Reference, t.Title, Deadline = submission ? t.SubmissionDeadlineUtc : t.ClarificationDeadlineUtc, UserId = u.Id })
                .ToListAsync(ct);
            if (rows.Count == 0) continue;
            var keys = Windows.SelectMany(w => rows.Select(r => Key(r.Id, submission, w.Part, r.UserId))).ToList();
            var sent = (await c.Db.Notifications.Where(n => n.Kind == Kind && keys.Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();
            var what = submission ? "Bids" : "Clarification questions";
            foreach (var r in rows.DistinctBy(r => (r.Id, r.UserId)))
            {
                var deadline = r.Deadline!.Value;
                var thresholds = Windows.Select((w, i) => (i, deadline.AddDays(-w.Days))).ToList();
                if (ReminderThresholds.Due(thresholds, now, c.Options, i => sent.Contains(Key(r.Id, submission, Windows[i].Part, r.UserId))) is not { } due) continue;
                result.Add(new OutgoingNotification(r.UserId, Kind, Key(r.Id, submission, Windows[due].Part, r.UserId),
                    $"{what} for {r.Reference} are due {ReminderThresholds.Until(c.Today, UkCalendar.DayOf(deadline))}",
                    $"{what} for the tender \"{r.Title}\" close on {NotificationText.LongDate(deadline)}. A late bid cannot be accepted.",
                    $"/commissioning/tenders/{r.Id}"));
            }
        }
        return result;
    }

    private static string Key(int tenderId, bool submission, string window, string userId) =>
        "tender:" + tenderId.ToString(CultureInfo.InvariantCulture) + (submission ? ":submission-" : ":clarification-") + window + ":user:" + userId;
}
