using System.Globalization;
using System.Text.RegularExpressions;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// The demo's dates, written relative to the day it is loaded so that it never goes stale: "-30m" is 30 months before, "+2d" two
/// days after, and terms add up ("-7d-39w"). Units are d, w, m and y; "0d" is the day itself. Today is the UK's (<see cref="UkCalendar"/>).
/// </summary>
public sealed partial class DemoDates(TimeProvider clock)
{
    public DateTime NowUtc { get; } = clock.UtcNow();
    public DateOnly Today => UkCalendar.DayOf(NowUtc);

    public DateOnly Day(string relative)
    {
        var matches = Term().Matches(relative.Replace(" ", "", StringComparison.Ordinal));
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != relative.Replace(" ", "", StringComparison.Ordinal))
            throw new InvalidDataException($"\"{relative}\" is not a relative date such as -30m or -7d+13w.");
        var day = Today;
        foreach (Match m in matches)
        {
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * (m.Groups[1].Value == "-" ? -1 : 1);
            day = m.Groups[3].Value switch
            {
                "d" => day.AddDays(n),
                "w" => day.AddDays(7 * n),
                "m" => day.AddMonths(n),
                _ => day.AddYears(n),
            };
        }
        return day;
    }

    public DateOnly? DayOrNull(string? relative) => relative is null ? null : Day(relative);

    /// <summary>A meeting's day: moved off a weekend (Saturday to Friday, Sunday to Monday), as nobody meets at weekends.</summary>
    public DateOnly WorkingDay(string relative)
    {
        var day = Day(relative);
        return day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(-1),
            DayOfWeek.Sunday => day.AddDays(1),
            _ => day,
        };
    }

    /// <summary>A UK wall-clock time on a day, as UTC.</summary>
    public static DateTime Utc(DateOnly day, TimeOnly time) => UkCalendar.ToUtc(day.ToDateTime(time));

    [GeneratedRegex(@"([+-]?)(\d+)([dwmy])")]
    private static partial Regex Term();
}
