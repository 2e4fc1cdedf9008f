using PathwayHub.Tests.Builders;
using Microsoft.Extensions.Time.Testing;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// 00:30 BST on 1 April 2027 is still 31 March in UTC: the moment a UTC "today" and the UK's disagree, and with them the
/// financial year. Every feature must take the UK's.
/// </summary>
public sealed class UkCalendarTests
{
    private static readonly DateTimeOffset HalfPastMidnightBst = new(2027, 3, 31, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Today_the_financial_year_and_the_quarter_are_the_uks()
    {
        var clock = new FakeTimeProvider(HalfPastMidnightBst);

        Assert.Equal(new DateOnly(2027, 4, 1), clock.UkToday());
        Assert.Equal((2027, 1), UkCalendar.QuarterOf(clock.UkToday()));
        Assert.Equal(new DateTime(2027, 3, 31, 23, 0, 0), UkCalendar.StartUtc(new DateOnly(2027, 4, 1)));
        Assert.Equal((new DateTime(2026, 3, 31, 23, 0, 0), new DateTime(2027, 3, 31, 23, 0, 0)), UkCalendar.FinancialYearUtc(2026));
        Assert.Equal(new DateOnly(2026, 12, 31), UkCalendar.DayOf(new DateTime(2026, 12, 31, 23, 30, 0))); // GMT: no offset in winter
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_feature_agrees_on_today_at_half_past_midnight_in_summer(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        app.Clock.SetUtcNow(HalfPastMidnightBst);
        var coordinator = await app.CoordinatorAsync();

        Assert.Equal(2027, app.As<DeliveryPlanService>(coordinator).CurrentYear);
        Assert.Equal(2027, app.As<ReportService>(coordinator).CurrentYear);
        await using var db = await app.DbAsync();
        Assert.Equal(new DateOnly(2027, 4, 1), new ReminderContext(db, app.Clock.UtcNow(), new ReminderOptions()).Today);
    }
}
