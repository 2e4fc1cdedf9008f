using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;

namespace PathwayHub.Web.Features.Directory.Review;

/// <summary>Who hears of a change to review and of its outcome: queued in the outbox inside the caller's transaction.</summary>
public static class ReviewNotifications
{
    /// <summary>Every coordinator hears of a change waiting for review, through the outbox in the same transaction.</summary>
    public static async Task PendingAsync(AppDbContext db, ChangeRequest change, string serviceName, DateTime nowUtc, CancellationToken ct)
    {
        var coordinators = await Recipients.Coordinators(db).ToListAsync(ct);
        var what = change.IsNewListing ? "A new listing" : "A change to a listing";
        await NotificationService.EnqueueAsync(db, coordinators.Select(id => new OutgoingNotification(id, NotificationKinds.DirectoryChangePending,
            $"directory-change:{change.Id}:pending:user:{id}", $"To review: {serviceName}",
            $"{what} ({serviceName}) was submitted by {change.SubmittedByName} and is waiting for your review.", "/directory/changes")),
            nowUtc, ct);
    }

    /// <summary>The editor who submitted a change hears whether it was approved or returned.</summary>
    public static async Task ReviewedAsync(AppDbContext db, ChangeRequest change, string serviceName, DateTime nowUtc, CancellationToken ct)
    {
        if (change.SubmittedById is not { } editor) return;
        var approved = change.Status == ChangeRequestStatus.Approved;
        await NotificationService.EnqueueAsync(db, [new OutgoingNotification(editor, NotificationKinds.DirectoryChangeReviewed,
            $"directory-change:{change.Id}:reviewed:user:{editor}",
            approved ? $"Published: your change to {serviceName}" : $"Returned: your change to {serviceName}",
            approved ? $"The coordinator approved your change to {serviceName}; it is now in the directory."
                     : $"The coordinator returned your change to {serviceName}: {change.ReviewComment}\nMake the change again with the comment in mind.",
            $"/directory/services/{change.ServiceId}")], nowUtc, ct);
    }
}
