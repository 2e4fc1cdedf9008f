using Microsoft.EntityFrameworkCore;
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
/// What commissioning's reminder rules find due, read straight from the rules the scan runs (as registered by
/// <c>AddCommissioning</c>), over tenders and agreements the tests build themselves. The timing of each message, and its
/// delivery by email, is in <c>ReminderTests</c>.
/// </summary>
public sealed class CommissioningRulesTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);

    private static async Task<IReadOnlyList<OutgoingNotification>> DueAsync<TRule>(TestApp app) where TRule : IReminderRule
    {
        var rule = app.Services.GetServices<IReminderRule>().OfType<TRule>().Single();
        await using var db = await app.DbAsync();
        return await rule.FindDueAsync(new ReminderContext(db, app.Clock.GetUtcNow().UtcDateTime, new ReminderOptions()), CancellationToken.None);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Live_agreements_ending_within_six_months_remind_the_commissioners_with_their_decision(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        int undecided, decided;
        await using (var db = await app.DbAsync())
        {
            var org = await OrgAsync(app, "NEPACS");
            var a = Agreement("R-END-2", org, Today.AddMonths(2));
            var b = Agreement("R-END-5", org, Today.AddMonths(5), decision: RecommissioningDecision.Recommission);
            db.Agreements.AddRange(a, b,
                Agreement("R-END-TERMINATED", org, Today.AddMonths(2), AgreementStatus.Terminated),
                Agreement("R-END-EXPIRED", org, Today.AddDays(-2)),
                Agreement("R-END-13", org, Today.AddMonths(13)));
            await db.SaveChangesAsync();
            (undecided, decided) = (a.Id, b.Id);
        }
        var commissioner = (await CommissionerAsync(app)).UserId!;

        var mine = (await DueAsync<AgreementEndingRule>(app)).Where(n => n.Subject.StartsWith("R-END-", StringComparison.Ordinal)).ToList();
        Assert.All(mine, n => Assert.Equal(NotificationKinds.AgreementEnding, n.Kind));
        var toCommissioner = mine.Where(n => n.RecipientId == commissioner).OrderBy(n => n.Subject, StringComparer.Ordinal).ToList();
        // Both found a month after a threshold passed: the true time left, filed under the next threshold (ReminderCatchUpTests).
        Assert.Equal(["R-END-2 ends in 2 months: recommissioning undecided", "R-END-5 ends in 5 months"], toCommissioner.Select(n => n.Subject));
        Assert.Equal([$"/commissioning/agreements/{undecided}", $"/commissioning/agreements/{decided}"], toCommissioner.Select(n => n.Link));
        Assert.Contains("No recommissioning decision is recorded", toCommissioner[0].Body, StringComparison.Ordinal);
        Assert.Contains("Recommissioning decision: Recommission.", toCommissioner[1].Body, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Scheduled_milestones_due_within_a_week_or_overdue_remind_the_commissioners(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using (var db = await app.DbAsync())
        {
            var org = await OrgAsync(app, "NEPACS");
            var live = Agreement("R-MS-LIVE", org, Today.AddYears(1));
            live.Milestones.Add(Milestone("R-MS overdue", Today.AddDays(-10)));
            live.Milestones.Add(Milestone("R-MS due in 5 days", Today.AddDays(5)));
            live.Milestones.Add(Milestone("R-MS due in 20 days", Today.AddDays(20)));
            live.Milestones.Add(Milestone("R-MS met", Today.AddDays(3), MilestoneStatus.Met));
            var terminated = Agreement("R-MS-TERMINATED", org, Today.AddYears(1), AgreementStatus.Terminated);
            terminated.Milestones.Add(Milestone("R-MS of a terminated agreement", Today.AddDays(-10)));
            db.Agreements.AddRange(live, terminated);
            await db.SaveChangesAsync();
        }
        var commissioner = (await CommissionerAsync(app)).UserId!;

        var mine = (await DueAsync<MilestoneRule>(app)).Where(n => n.RecipientId == commissioner && n.Subject.Contains("R-MS", StringComparison.Ordinal))
            .Select(n => n.Subject).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            $"Milestone due {Today.AddDays(5):d MMMM yyyy}: R-MS due in 5 days (R-MS-LIVE)",
            "Milestone overdue: R-MS overdue (R-MS-LIVE)",
        ], mine);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_open_tenders_deadline_reminds_only_the_editors_of_the_organisations_that_registered_interest(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var nepacsEditor = await NepacsEditorAsync(app);
        // Pact's editor has a sign-in but Pact registered no interest; Action for Prisoners' Families registered interest but has no editor.
        var pactEditor = await EditorOfAsync(app, "Pact");
        int open;
        await using (var db = await app.DbAsync())
        {
            var buyer = await OrgAsync(app, "NOMS North East");
            int[] interested = [nepacsEditor.OrganisationId!.Value, await OrgAsync(app, "Action for Prisoners' Families")];
            var inThreeDays = TestApp.Now.UtcDateTime.AddDays(3);
            var tender = Tender("R-TND-OPEN", buyer, inThreeDays, interested: interested);
            db.Tenders.AddRange(tender,
                Tender("R-TND-PLANNING", buyer, inThreeDays, TenderStatus.Planning, interested),
                Tender("R-TND-LATER", buyer, TestApp.Now.UtcDateTime.AddDays(30), interested: interested));
            await db.SaveChangesAsync();
            open = tender.Id;
        }

        var mine = (await DueAsync<TenderDeadlineRule>(app)).Where(n => n.Subject.Contains("R-TND-", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(mine);
        Assert.Equal(nepacsEditor.UserId, only.RecipientId);
        Assert.Equal("Bids for R-TND-OPEN are due in 3 days", only.Subject);
        Assert.Equal($"/commissioning/tenders/{open}", only.Link);
        Assert.DoesNotContain(mine, n => n.RecipientId == pactEditor.UserId);
    }
}
