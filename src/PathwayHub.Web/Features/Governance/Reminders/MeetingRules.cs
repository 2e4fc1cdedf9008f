using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Governance.Reminders;

/// <summary>Meetings starting within a window, with each current member and associate who has a sign-in and has not had this reminder.</summary>
internal static class MeetingReminderQuery
{
    public sealed record Row(int MeetingId, string Pathway, string Slug, DateTime StartUtc, MeetingStatus Status, string UserId, string Key);

    public static async Task<List<Row>> DueAsync(ReminderContext c, string kind, MeetingStatus[] statuses, DateTime startsAfter, DateTime startsBy, CancellationToken ct,
        DateTime? publishedBefore = null)
    {
        var db = c.Db;
        var recipients = Recipients.PathwayMembers(db, c.Today);
        var rows = await (
            from m in db.Meetings
            where statuses.Contains(m.Status) && m.StartUtc > startsAfter && m.StartUtc <= startsBy
                  && (publishedBefore == null || m.PublishedUtc < publishedBefore)
            join r in recipients on m.PathwayId equals r.PathwayId
            let key = "meeting:" + m.Id.ToString() + ":" + kind + ":user:" + r.UserId
            where !db.Notifications.Any(n => n.DedupKey == key)
            select new Row(m.Id, m.Pathway.Name, m.Pathway.Slug, m.StartUtc, m.Status, r.UserId, key)).ToListAsync(ct);
        return rows.DistinctBy(r => r.Key).ToList();
    }
}

/// <summary>Three weeks before a meeting (until the papers reminder is due): members and associates are asked for agenda items.</summary>
public sealed class CallForItemsRule : IReminderRule
{
    public string Kind => NotificationKinds.CallForItems;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var o = c.Options;
        var rows = await MeetingReminderQuery.DueAsync(c, Kind, [MeetingStatus.Planned, MeetingStatus.AgendaPublished],
            c.NowUtc.AddDays(o.PapersReminderDaysBefore), c.NowUtc.AddDays(o.CallForItemsDaysBefore), ct);
        return rows.Select(r =>
        {
            var by = r.StartUtc.AddDays(-o.PapersReminderDaysBefore - 3);
            // Found after the deadline (first start, or an outage): a date in the past would read as a mistake.
            var deadline = by < c.NowUtc ? "as soon as you can" : "by " + NotificationText.ShortDate(by);
            // Until the agenda is published only the coordinator sees the meeting, so the link goes to the Pathway.
            var link = r.Status == MeetingStatus.Planned ? $"/pathways/{r.Slug}" : $"/meetings/{r.MeetingId}";
            return new OutgoingNotification(r.UserId, Kind, r.Key, $"Call for agenda items: {r.Pathway} meeting on {NotificationText.ShortDate(r.StartUtc)}",
                $"The {r.Pathway} Pathway meets on {NotificationText.LongDate(r.StartUtc)}.\nIf you want an item on the agenda, send it to the coordinator {deadline}.", link);
        }).ToList();
    }
}

/// <summary>A week before a meeting whose agenda pack is out: members and associates are reminded to read the papers.</summary>
public sealed class PapersReminderRule : IReminderRule
{
    public string Kind => NotificationKinds.PapersReminder;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var o = c.Options;
        // A pack published in the last day has just been announced; a reminder on top would be noise.
        var rows = await MeetingReminderQuery.DueAsync(c, Kind, [MeetingStatus.AgendaPublished],
            c.NowUtc.AddHours(o.MeetingTomorrowHoursBefore), c.NowUtc.AddDays(o.PapersReminderDaysBefore), ct, publishedBefore: c.NowUtc.AddDays(-1));
        return rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key, $"Papers for the {r.Pathway} meeting on {NotificationText.ShortDate(r.StartUtc)}",
            $"The {r.Pathway} Pathway meets on {NotificationText.LongDate(r.StartUtc)}.\nThe agenda pack is published: please read the papers before the meeting.",
            $"/meetings/{r.MeetingId}")).ToList();
    }
}

/// <summary>The day before a meeting whose agenda is published.</summary>
public sealed class MeetingTomorrowRule : IReminderRule
{
    public string Kind => NotificationKinds.MeetingTomorrow;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var rows = await MeetingReminderQuery.DueAsync(c, Kind, [MeetingStatus.AgendaPublished], c.NowUtc, c.NowUtc.AddHours(c.Options.MeetingTomorrowHoursBefore), ct);
        return rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key, $"Tomorrow: {r.Pathway} Pathway meeting",
            $"The {r.Pathway} Pathway meets on {NotificationText.LongDate(r.StartUtc)}.\nIf you cannot attend, send your apologies to the coordinator.",
            $"/meetings/{r.MeetingId}")).ToList();
    }
}

/// <summary>Ten days after a held meeting whose minutes are not drafted: the coordinators are told the draft is due.</summary>
public sealed class MinutesDueRule : IReminderRule
{
    public string Kind => NotificationKinds.MinutesDue;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var db = c.Db;
        var o = c.Options;
        var coordinators = Recipients.Coordinators(db);
        var heldBy = c.NowUtc.AddDays(-o.MinutesDueDaysAfter);
        var heldAfter = heldBy.AddDays(-o.MaxLateDays);
        var kind = Kind;
        var rows = await (
            from m in db.Meetings
            where m.Status == MeetingStatus.Held && m.StartUtc > heldAfter && m.StartUtc <= heldBy
            from userId in coordinators
            let key = "meeting:" + m.Id.ToString() + ":" + kind + ":user:" + userId
            where !db.Notifications.Any(n => n.DedupKey == key)
            select new { m.Id, Pathway = m.Pathway.Name, m.StartUtc, UserId = userId, Key = key }).ToListAsync(ct);
        return rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key, $"Draft minutes due: {r.Pathway}, {NotificationText.ShortDate(r.StartUtc)}",
            $"The {r.Pathway} Pathway met on {NotificationText.LongDate(r.StartUtc)}. Its draft minutes are due {o.MinutesDueDaysAfter} days after the meeting and are not recorded yet.",
            $"/meetings/{r.Id}")).ToList();
    }
}
