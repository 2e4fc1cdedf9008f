using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Governance.Reminders;

/// <summary>Approved terms of reference whose annual review falls within 30 days (or has passed): the coordinators and the Pathway's chair, once per version.</summary>
public sealed class TermsOfReferenceReviewRule : IReminderRule
{
    public string Kind => NotificationKinds.TorReviewDue;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var db = c.Db;
        var dueBy = c.Today.AddDays(c.Options.TorReviewDaysBefore);
        var kind = Kind;
        var recipients = Recipients.PathwayMembers(db, c.Today);
        var coordinatorIds = Recipients.Coordinators(db);
        var due = db.TermsOfReference.Where(t => t.Status == TorStatus.Approved && t.ReviewDue != null && t.ReviewDue <= dueBy);
        var chairs = from t in due
                     join r in recipients on t.PathwayId equals r.PathwayId
                     where r.Role == MembershipRole.Chair
                     select new { t.Id, UserId = r.UserId };
        var coordinators = from t in due
                           from userId in coordinatorIds
                           select new { t.Id, UserId = userId };
        var rows = await (
            from x in chairs.Union(coordinators)
            join t in db.TermsOfReference on x.Id equals t.Id
            let key = "tor:" + t.Id.ToString() + ":" + kind + ":user:" + x.UserId
            where !db.Notifications.Any(n => n.DedupKey == key)
            select new { t.Id, Pathway = t.Pathway.Name, t.VersionNumber, t.ReviewDue, x.UserId, Key = key }).ToListAsync(ct);
        return rows.DistinctBy(r => r.Key).Select(r => new OutgoingNotification(r.UserId, Kind, r.Key,
            $"Terms of reference review due: {r.Pathway}",
            $"Version {r.VersionNumber} of the {r.Pathway} Pathway's terms of reference {ReminderThresholds.DueBy(c.Today, r.ReviewDue!.Value).Replace(" due ", " due for its annual review ", StringComparison.Ordinal)}.\nStart a new draft, or approve the current terms again at the next meeting.",
            $"/terms/{r.Id}")).ToList();
    }
}
