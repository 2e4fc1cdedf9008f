using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// The inbox each demo sign-in would have by now, written as the portal writes it: one outbox row per recipient and event, dated
/// when the event happened, under the same deduplication key the reminder scan and the meeting workflow use (so the scan never sends
/// one of these again), already emailed, and read unless it arrived in the last three days. Only events that have happened are written.
/// </summary>
internal sealed class DemoNotifications(AppDbContext db, DemoDates dates, ReminderOptions options)
{
    private static readonly int[] EndingMonths = [6, 3, 1];
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");
    private List<(int PersonId, int PathwayId, Membership Seat)> _seats = [];
    private Dictionary<int, string> _userByPerson = [];

    public async Task AddAsync(IReadOnlyCollection<Meeting> meetings, CancellationToken ct)
    {
        _userByPerson = await db.Users.Where(u => u.PersonId != null).ToDictionaryAsync(u => u.PersonId!.Value, u => u.Id, ct);
        _seats = (await db.Memberships.ToListAsync(ct)).Select(m => (m.PersonId, m.PathwayId, m)).ToList();
        foreach (var m in meetings) AddMeetingNotices(m, meetings);
        await AddTermsReviewsAsync(ct);
        await AddActionNoticesAsync(ct);
        await AddCommissioningNoticesAsync(ct);
        await AddListingReviewsAsync(ct);
    }

    private void AddMeetingNotices(Meeting m, IReadOnlyCollection<Meeting> all)
    {
        if (m.Status == MeetingStatus.Cancelled) return;
        var name = m.Pathway.Name;
        var link = $"/meetings/{m.Id}";
        var callAt = m.StartUtc.AddDays(-options.CallForItemsDaysBefore).Date.AddHours(7);
        foreach (var user in Recipients(m.PathwayId, UkCalendar.DayOf(callAt)))
            Add(user, NotificationKinds.CallForItems, $"meeting:{m.Id}:call-for-items:user:{user}", callAt, $"Call for agenda items: {name} meeting on {Short(m.StartUtc)}",
                $"The {name} Pathway meets on {Long(m.StartUtc)}.\nIf you want an item on the agenda, send it to the coordinator by {Short(m.StartUtc.AddDays(-options.PapersReminderDaysBefore - 3))}.",
                m.PublishedUtc is null ? $"/pathways/{m.Pathway.Slug}" : link);
        if (m.PublishedUtc is not { } published) return;
        foreach (var user in Recipients(m.PathwayId, UkCalendar.DayOf(published)))
        {
            Add(user, NotificationKinds.AgendaPublished, $"meeting:{m.Id}:agenda-published:user:{user}", published, $"Agenda published: {name}, {Long(m.StartUtc)}",
                $"The agenda pack for the {name} Pathway meeting on {Long(m.StartUtc)} is published.", link);
            Add(user, NotificationKinds.PapersReminder, $"meeting:{m.Id}:papers-reminder:user:{user}", m.StartUtc.AddDays(-options.PapersReminderDaysBefore), $"Papers for the {name} meeting on {Short(m.StartUtc)}",
                $"The {name} Pathway meets on {Long(m.StartUtc)}.\nThe agenda pack is published: please read the papers before the meeting.", link);
        }
        if (m.Status != MeetingStatus.MinutesApproved) return;
        // Minutes are approved at the Pathway's next meeting; without one yet, by correspondence four weeks on.
        var next = all.Where(x => x.PathwayId == m.PathwayId && x.StartUtc > m.StartUtc && x.StartUtc < dates.NowUtc).MinBy(x => x.StartUtc);
        var approved = next?.EndUtc ?? m.StartUtc.AddDays(28);
        foreach (var user in Recipients(m.PathwayId, UkCalendar.DayOf(approved)))
            Add(user, NotificationKinds.MinutesApproved, $"meeting:{m.Id}:minutes-approved:user:{user}", approved, $"Minutes approved: {name}, {Short(m.StartUtc)}",
                "The minutes of the meeting are approved and published.", link);
    }

    /// <summary>The coordinators and the Pathway's chair, a month before an approved version's review date.</summary>
    private async Task AddTermsReviewsAsync(CancellationToken ct)
    {
        var coordinators = await UsersInRoleAsync(Roles.Coordinator, ct);
        var terms = await db.TermsOfReference.Include(t => t.Pathway).Where(t => t.Status == TorStatus.Approved && t.ReviewDue <= dates.Today.AddDays(options.TorReviewDaysBefore)).ToListAsync(ct);
        foreach (var t in terms)
        {
            var at = DemoDates.Utc(t.ReviewDue!.Value.AddDays(-options.TorReviewDaysBefore), new TimeOnly(7, 0));
            var chairs = Recipients(t.PathwayId, dates.Today, MembershipRole.Chair);
            foreach (var user in coordinators.Concat(chairs).Distinct())
                Add(user, NotificationKinds.TorReviewDue, $"tor:{t.Id}:tor-review-due:user:{user}", at, $"Terms of reference review due: {t.Pathway.Name}",
                    $"Version {t.VersionNumber} of the {t.Pathway.Name} Pathway's terms of reference is due for its annual review by {Date(t.ReviewDue!.Value)}.\n"
                    + "Start a new draft, or approve the current terms again at the next meeting.", $"/terms/{t.Id}");
        }
    }

    /// <summary>Owners of open actions: "due soon" for those due in the next three days, and this week's digest of overdue ones.</summary>
    private async Task AddActionNoticesAsync(CancellationToken ct)
    {
        var open = await db.Actions.Include(a => a.AgendaItem.Meeting.Pathway).Where(a => a.Status == ActionStatus.Open).ToListAsync(ct);
        foreach (var a in open.Where(a => a.DueDate >= dates.Today && a.DueDate <= dates.Today.AddDays(3) && _userByPerson.ContainsKey(a.OwnerPersonId)))
        {
            var user = _userByPerson[a.OwnerPersonId];
            Add(user, NotificationKinds.ActionDueSoon, $"action:{a.Id}:action-due-soon:user:{user}", dates.NowUtc.AddHours(-2), $"Action due {Date(a.DueDate)}: {Shorten(a.Description, 80)}",
                $"Your action for the {a.AgendaItem.Meeting.Pathway.Name} Pathway is due on {a.DueDate.ToString("dddd d MMMM yyyy", EnGb)}:\n{a.Description}\n"
                + "Update it when it is done, or add a note on its progress.", "/my-actions");
        }
        var week = $"{ISOWeek.GetYear(dates.NowUtc)}-W{ISOWeek.GetWeekOfYear(dates.NowUtc):D2}";
        foreach (var g in open.Where(a => a.DueDate < dates.Today && _userByPerson.ContainsKey(a.OwnerPersonId)).GroupBy(a => _userByPerson[a.OwnerPersonId]))
        {
            var lines = g.OrderBy(a => a.DueDate).Select(a => $"- {a.AgendaItem.Meeting.Pathway.Name}, due {Date(a.DueDate)}: {Shorten(a.Description, 200)}");
            var count = g.Count() == 1 ? "1 overdue action" : $"{g.Count()} overdue actions";
            Add(g.Key, NotificationKinds.ActionsOverdue, $"actions-overdue:{week}:user:{g.Key}", dates.NowUtc.AddHours(-3), $"You have {count}",
                $"You have {count}:\n{string.Join("\n", lines)}\nMark each one done, or add a note saying when it will be.", "/my-actions");
        }
    }

    /// <summary>Commissioners: each 6-, 3- and 1-month mark passed by an agreement still running, and milestones due and overdue.</summary>
    private async Task AddCommissioningNoticesAsync(CancellationToken ct)
    {
        var commissioners = await UsersInRoleAsync(Roles.Commissioner, ct);
        var agreements = await db.Agreements.Include(a => a.Supplier).Include(a => a.Milestones)
            .Where(a => a.Status != AgreementStatus.Terminated && a.EndDate > dates.Today).ToListAsync(ct);
        foreach (var a in agreements)
        foreach (var user in commissioners)
        {
            foreach (var months in EndingMonths.Where(n => a.EndDate.AddMonths(-n) <= dates.Today))
                Add(user, NotificationKinds.AgreementEnding, $"agreement:{a.Id}:ends-{months}-months:user:{user}", DemoDates.Utc(a.EndDate.AddMonths(-months), new TimeOnly(7, 0)),
                    $"{a.Reference} ends in {(months == 1 ? "a month" : months + " months")}{(a.Decision == RecommissioningDecision.Undecided ? ": recommissioning undecided" : "")}",
                    $"{a.Title} ({a.Supplier.Name}) ends on {Date(a.EndDate)}." + (a.Decision == RecommissioningDecision.Undecided
                        ? $"\nNo recommissioning decision is recorded. It is due by {Date(a.DecisionDueDate)}: recommission, extend or let it lapse."
                        : $"\nRecommissioning decision: {a.Decision}."), $"/commissioning/agreements/{a.Id}");
            foreach (var m in a.Milestones.Where(m => m.Status == MilestoneStatus.Scheduled && m.DueDate < dates.Today))
                Add(user, NotificationKinds.MilestoneDue, $"milestone:{m.Id}:overdue:user:{user}", DemoDates.Utc(m.DueDate.AddDays(1), new TimeOnly(7, 0)),
                    $"Milestone overdue: {m.Title} ({a.Reference})",
                    $"The milestone \"{m.Title}\" of {a.Reference} was due on {Date(m.DueDate)} and is not marked met, not met or partially met.", $"/commissioning/agreements/{a.Id}");
        }
    }

    /// <summary>Provider editors: this month's reminder for each published listing of theirs not confirmed for six months.</summary>
    private async Task AddListingReviewsAsync(CancellationToken ct)
    {
        var cutoff = dates.Today.AddMonths(-options.ListingReviewMonths);
        var editors = await UsersInRoleAsync(Roles.ProviderEditor, ct);
        var rows = await (from s in db.Services
                          where s.IsPublished && s.Status == ServiceStatus.Active && (s.AssuredDate == null || s.AssuredDate < cutoff)
                          join u in db.Users on s.OrganisationId equals u.OrganisationId
                          where editors.Contains(u.Id)
                          select new { s.Id, s.Name, s.AssuredDate, UserId = u.Id }).ToListAsync(ct);
        var month = new DateOnly(dates.Today.Year, dates.Today.Month, 1);
        foreach (var r in rows)
            Add(r.UserId, NotificationKinds.ListingReviewDue, $"service:{r.Id}:listing-review-due:{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}:user:{r.UserId}",
                DemoDates.Utc(month, new TimeOnly(7, 0)), $"Please review your listing: {r.Name}",
                (r.AssuredDate is { } d ? $"The listing of {r.Name} was last confirmed on {Date(d)}." : $"The listing of {r.Name} has never been confirmed.")
                + "\nPeople rely on the directory being right. Check the listing, then choose Still accurate or submit your changes.", $"/directory/services/{r.Id}");
    }

    /// <summary>Users with a sign-in who sat on the Pathway that day (optionally in one role).</summary>
    private IEnumerable<string> Recipients(int pathwayId, DateOnly day, MembershipRole? role = null) =>
        _seats.Where(s => s.PathwayId == pathwayId && s.Seat.IsCurrentOn(day) && (role is null || s.Seat.Role == role) && _userByPerson.ContainsKey(s.PersonId))
            .Select(s => _userByPerson[s.PersonId]).Distinct();

    private async Task<List<string>> UsersInRoleAsync(string role, CancellationToken ct) =>
        await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == role select ur.UserId).ToListAsync(ct);

    private void Add(string userId, string kind, string key, DateTime atUtc, string subject, string body, string link)
    {
        if (atUtc > dates.NowUtc) return;
        var at = DateTime.SpecifyKind(atUtc, DateTimeKind.Utc);
        db.Notifications.Add(new Notification
        {
            RecipientId = userId, Kind = kind, DedupKey = key, Subject = subject, Body = body, Link = link, Channels = Channels.Both, CreatedUtc = at,
            EmailSentUtc = at, Attempts = 1, ReadUtc = at < dates.NowUtc.AddDays(-3) ? at.AddHours(20) : null,
        });
    }

    private static string Long(DateTime utc) => UkCalendar.ToUk(utc).ToString("dddd d MMMM yyyy 'at' HH:mm", EnGb);
    private static string Short(DateTime utc) => UkCalendar.ToUk(utc).ToString("d MMMM yyyy", EnGb);
    private static string Date(DateOnly day) => day.ToString("d MMMM yyyy", EnGb);
    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
