using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;
using static PathwayHub.Tests.Builders.CommissioningBuilders;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>
/// On first start, or after an outage, a threshold reminder says only what is true today, and the on-time sequence still
/// sends each threshold once.
/// </summary>
public sealed class ReminderCatchUpTests
{
    private static async Task<IReadOnlyList<OutgoingNotification>> ScanAsync<TRule>(TestApp app, string marker, bool send = false) where TRule : IReminderRule
    {
        var rule = app.Services.GetServices<IReminderRule>().OfType<TRule>().Single();
        await using var db = await app.DbAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var due = (await rule.FindDueAsync(new ReminderContext(db, now, new ReminderOptions()), CancellationToken.None))
            .Where(n => n.Subject.Contains(marker, StringComparison.Ordinal)).ToList();
        if (send && due.Count > 0) await NotificationService.EnqueueAsync(db, due, now, CancellationToken.None);
        return due;
    }

    private static async Task<string> CommissionerIdAsync(TestApp app) => (await CommissionerAsync(app)).UserId!;

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task On_1_December_an_agreement_ending_on_31_March_gets_the_3_month_reminder_with_its_overdue_decision(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using (var db = await app.DbAsync())
        {
            var a = Agreement("R-CU-MARCH", await OrgAsync(app, "NEPACS"), new DateOnly(2027, 3, 31));
            a.DecisionDueDate = new DateOnly(2026, 9, 30);
            db.Agreements.Add(a);
            await db.SaveChangesAsync();
        }
        var commissioner = await CommissionerIdAsync(app);

        var mine = (await ScanAsync<AgreementEndingRule>(app, "R-CU-MARCH", send: true)).Where(n => n.RecipientId == commissioner).ToList();
        var only = Assert.Single(mine);
        Assert.Contains(":ends-3-months:", only.DedupKey, StringComparison.Ordinal);
        Assert.Equal("R-CU-MARCH ends in 4 months: recommissioning undecided", only.Subject);
        Assert.DoesNotContain("6 months", only.Subject, StringComparison.Ordinal);
        Assert.Contains("It was due on 30 September 2026 and is overdue", only.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("is due by", only.Body, StringComparison.Ordinal);

        // The 3-month moment (31 December) sends nothing more; the 1-month one does.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 9, 0, 0, TimeSpan.Zero));
        Assert.Empty(await ScanAsync<AgreementEndingRule>(app, "R-CU-MARCH", send: true));
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 9, 0, 0, TimeSpan.Zero));
        Assert.Contains(await ScanAsync<AgreementEndingRule>(app, "R-CU-MARCH"), n => n.RecipientId == commissioner && n.Subject == "R-CU-MARCH ends in a month: recommissioning undecided");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task On_time_the_6_and_3_month_reminders_each_come_once(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var start = new DateOnly(2026, 12, 1);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using (var db = await app.DbAsync())
        {
            db.Agreements.Add(Agreement("R-CU-ONTIME", await OrgAsync(app, "NEPACS"), start.AddMonths(6), decision: RecommissioningDecision.Extend));
            await db.SaveChangesAsync();
        }
        var commissioner = await CommissionerIdAsync(app);
        var subjects = new List<string>();
        // Daily scans from the 6-month moment to just before the 1-month one.
        for (var day = start; day < start.AddMonths(5); day = day.AddDays(1))
        {
            app.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
            subjects.AddRange((await ScanAsync<AgreementEndingRule>(app, "R-CU-ONTIME", send: true)).Where(n => n.RecipientId == commissioner).Select(n => n.Subject));
        }
        Assert.Equal(["R-CU-ONTIME ends in 6 months", "R-CU-ONTIME ends in 3 months"], subjects);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_clarification_deadline_three_days_away_is_not_due_in_a_week(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = await NepacsEditorAsync(app);
        await using (var db = await app.DbAsync())
        {
            var tender = Tender("R-CU-TND", await OrgAsync(app, "NOMS North East"), TestApp.Now.UtcDateTime.AddDays(20), interested: [editor.OrganisationId!.Value]);
            tender.ClarificationDeadlineUtc = TestApp.Now.UtcDateTime.AddDays(3);
            db.Tenders.Add(tender);
            await db.SaveChangesAsync();
        }

        var only = Assert.Single(await ScanAsync<TenderDeadlineRule>(app, "R-CU-TND", send: true), n => n.RecipientId == editor.UserId);
        Assert.Equal("Clarification questions for R-CU-TND are due in 3 days", only.Subject);
        // The day before, the last reminder still comes.
        app.Clock.SetUtcNow(TestApp.Now.AddDays(2).AddHours(1));
        Assert.Contains(await ScanAsync<TenderDeadlineRule>(app, "R-CU-TND"), n => n.RecipientId == editor.UserId && n.Subject == "Clarification questions for R-CU-TND are due tomorrow");
    }
}
