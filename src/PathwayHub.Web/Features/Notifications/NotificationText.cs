using System.Globalization;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>Dates as notifications write them, in UK time.</summary>
public static class NotificationText
{
    public static string LongDate(DateTime utc) => UkCalendar.ToUk(utc).ToString("dddd d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));
    public static string ShortDate(DateTime utc) => UkCalendar.ToUk(utc).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
