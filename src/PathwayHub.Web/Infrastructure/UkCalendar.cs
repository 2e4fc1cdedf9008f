namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// The UK calendar, on <see cref="TimeProvider"/>: the one home of the UK time zone, "today" in the UK, and the financial year
/// (April to March, named by the year it starts) with its quarters. Dates are stored in UTC; every "today", due date and
/// financial year is the UK's, so between midnight and 01:00 in summer nothing disagrees with the calendar on the wall.
/// </summary>
public static class UkCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime UtcNow(this TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today's date in the UK.</summary>
    public static DateOnly UkToday(this TimeProvider clock) => DayOf(clock.UtcNow());

    /// <summary>The UK date of a UTC moment.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToUk(utc));

    public static DateTime ToUk(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime ukLocal) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(ukLocal, DateTimeKind.Unspecified), Zone);

    /// <summary>The UTC moment a UK day starts.</summary>
    public static DateTime StartUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The financial year (April to March) a day falls in, named by the year it starts.</summary>
    public static int FinancialYear(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;

    /// <summary>Quarter 1 (April–June) to 4 (January–March) of the financial year.</summary>
    public static int Quarter(DateOnly day) => (day.Month + 8) % 12 / 3 + 1;

    public static (int Year, int Quarter) QuarterOf(DateOnly day) => (FinancialYear(day), Quarter(day));

    /// <summary>The UTC bounds of a financial year: from 00:00 on 1 April to 00:00 on the next 1 April, UK time.</summary>
    public static (DateTime FromUtc, DateTime ToUtc) FinancialYearUtc(int year) => (StartUtc(new DateOnly(year, 4, 1)), StartUtc(new DateOnly(year + 1, 4, 1)));
}
