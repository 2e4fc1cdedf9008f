using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Directory.Reminders;

/// <summary>
/// A published, active listing due for review (<see cref="ListingReviewDue"/>): its organisation's provider editors, again each calendar month
/// (the key names the month) until someone confirms it or changes it.
/// </summary>
public sealed class ListingReviewRule : IReminderRule
{
    public string Kind => NotificationKinds.ListingReviewDue;

    public async Task<IReadOnlyList<OutgoingNotification>> FindDueAsync(ReminderContext c, CancellationToken ct)
    {
        var db = c.Db;
        var cutoff = ListingReviewDue.Cutoff(c.Today, c.Options);
        var prefix = $":{Kind}:{c.Today.ToString("yyyy-MM", CultureInfo.InvariantCulture)}:user:";
        var editors = Recipients.UsersInRole(db, Roles.ProviderEditor);
        var rows = await (
            from s in db.Services.Where(ListingReviewDue.Before(cutoff))
            where s.IsPublished && s.Status == ServiceStatus.Active
                  && s.Organisation.Status == OrganisationStatus.Active
            join u in db.Users on s.OrganisationId equals u.OrganisationId
            where editors.Contains(u.Id)
            let key = "service:" + s.Id.ToString() + prefix + u.Id
            where !db.Notifications.Any(n => n.DedupKey == key)
            select new { s.Id, s.Name, s.AssuredDate, UserId = u.Id, Key = key }).ToListAsync(ct);
        return rows.Select(r => new OutgoingNotification(r.UserId, Kind, r.Key, $"Please review your listing: {r.Name}",
            (r.AssuredDate is { } d ? $"The listing of {r.Name} was last confirmed on {NotificationText.Date(d)}." : $"The listing of {r.Name} has never been confirmed.")
            + "\nPeople rely on the directory being right. Check the listing, then choose Still accurate or submit your changes.",
            $"/directory/services/{r.Id}")).ToList();
    }
}
