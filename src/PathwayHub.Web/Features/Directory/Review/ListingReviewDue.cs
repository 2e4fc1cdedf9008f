using System.Linq.Expressions;
using PathwayHub.Web.Features.Notifications;

namespace PathwayHub.Web.Features.Directory.Review;

/// <summary>
/// "Due for review": a listing never confirmed, or last confirmed more than <see cref="ReminderOptions.ListingReviewMonths"/>
/// months ago. The directory's flags and filter, the editor's home page and the reminder all ask here.
/// </summary>
public static class ListingReviewDue
{
    /// <summary>Listings not confirmed on or after this day are due for review.</summary>
    public static DateOnly Cutoff(DateOnly today, ReminderOptions options) => today.AddMonths(-options.ListingReviewMonths);

    public static Expression<Func<Service, bool>> Before(DateOnly cutoff) => s => s.AssuredDate == null || s.AssuredDate < cutoff;

    public static bool IsDue(DateOnly? assuredDate, DateOnly cutoff) => assuredDate is null || assuredDate < cutoff;
}
