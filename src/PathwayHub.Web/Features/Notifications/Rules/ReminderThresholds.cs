using System.Globalization;

namespace PathwayHub.Web.Features.Notifications.Rules;

/// <summary>
/// The one home of "which threshold reminder is due" for rules that remind a fixed time before a date (an agreement's end
/// 6, 3 and 1 months ahead; a tender deadline a week and a day ahead). On time, the threshold whose moment has just passed
/// is sent. After an outage, or on first start, that message is no longer true ("ends in 6 months" four months before the
/// end), so the nearest threshold at or below the time remaining is sent instead, worded with the time that really remains,
/// and the thresholds already passed are never sent late.
/// </summary>
public static class ReminderThresholds
{
    /// <summary>
    /// The threshold to send now, or null. <paramref name="thresholds"/> run from the earliest moment (the largest threshold)
    /// to the latest; <paramref name="sent"/> says whether a threshold's message already went to this recipient. A threshold
    /// found within <see cref="ReminderOptions.MaxLateDays"/> of its moment is on time (a short outage changes nothing).
    /// </summary>
    public static T? Due<T>(IReadOnlyList<(T Threshold, DateTime Moment)> thresholds, DateTime now, ReminderOptions options, Func<T, bool> sent) where T : struct
    {
        var passed = -1;
        for (var i = 0; i < thresholds.Count; i++)
            if (thresholds[i].Moment <= now) passed = i;
        if (passed < 0) return null;
        var current = thresholds[passed];
        // Sent (on time or caught up): the sequence goes on at the next threshold's own moment.
        if (sent(current.Threshold)) return null;
        if (now - current.Moment <= TimeSpan.FromDays(options.MaxLateDays) || passed == thresholds.Count - 1) return current.Threshold;
        var next = thresholds[passed + 1].Threshold;
        return sent(next) ? null : next;
    }

    /// <summary>
    /// How long from <paramref name="today"/> to <paramref name="day"/>, in the words a reminder uses, to the nearest month
    /// from a fortnight on: "in 4 months", "in a month", "in a week", "in 3 days", "tomorrow".
    /// </summary>
    public static string Until(DateOnly today, DateOnly day)
    {
        var months = 0;
        while (today.AddMonths(months + 1) <= day) months++;
        if (day.DayNumber - today.AddMonths(months).DayNumber >= 15) months++;
        if (months >= 2) return $"in {months.ToString(CultureInfo.InvariantCulture)} months";
        if (months == 1) return "in a month";
        var days = day.DayNumber - today.DayNumber;
        return days switch
        {
            < 0 => "on " + NotificationText.Date(day),
            0 => "today",
            1 => "tomorrow",
            7 => "in a week",
            14 => "in 2 weeks",
            _ => $"in {days.ToString(CultureInfo.InvariantCulture)} days",
        };
    }

    /// <summary>A due date as a sentence that stays true once it has passed: "is due by 1 March 2027" or "was due on 1 March 2027 and is overdue".</summary>
    public static string DueBy(DateOnly today, DateOnly due) =>
        due < today ? $"was due on {NotificationText.Date(due)} and is overdue" : $"is due by {NotificationText.Date(due)}";

    public static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
