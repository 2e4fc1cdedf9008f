using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

public sealed class CommissioningDashboardServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dashboard_shows_what_ends_what_is_undecided_and_what_is_overdue(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissionerActor = await CommissionerAsync(app);
        var commissioner = app.As<CommissioningDashboardService>(commissionerActor);
        var agreements = app.As<AgreementLifecycleService>(commissionerActor);
        var nepacs = await NepacsEditorAsync(app);

        // Seeded: the One Plus One contract ends 31 December 2026 (within 3 months, decision overdue), Pact at Durham
        // 31 March 2027 (within 6), NEPACS grant 30 June 2027 (decided), Safe Ground 2028, Inside Out expired.
        var d = await commissioner.DashboardAsync();
        Assert.Equal((1, 2, 3), (d.Ending3, d.Ending6, d.Ending12));
        Assert.Equal(2, d.UndecidedCount);
        Assert.Equal(["NE-ROM-2024-019", "SLA-DUR-2024-03"], d.Undecided.Select(u => u.Reference));
        Assert.True(d.Undecided[0].DecisionOverdue);
        Assert.Equal(2, d.OverdueMilestoneCount);
        Assert.Equal(["Quarter 2 monitoring report", "Evaluation report"], d.OverdueMilestones.Select(m => m.Title));
        Assert.Equal(1, d.Pipeline[TenderStatus.Active]);
        Assert.Equal(1, d.Pipeline[TenderStatus.Evaluation]);
        Assert.Equal(0, d.Pipeline[TenderStatus.Cancelled]);
        var families = d.ValueByPathway.Single(v => v.Name == "Families and Social Support");
        Assert.Equal(48_000m + 120_000m + 85_000m + 36_000m, families.Value);
        Assert.Equal(48_000m + 120_000m + 85_000m, d.ValueByPrison.Single(v => v.Name == "HMP Durham").Value);

        // Deciding takes an agreement off the undecided list; the home card follows.
        var pact = await agreements.GetAgreementAsync(d.Undecided[1].Id);
        await agreements.RecordDecisionAsync(pact.Id, RecommissioningDecision.Extend, new DateOnly(2027, 1, 31), "Take up the first extension year", pact.Version);
        var home = await commissioner.HomeAsync();
        Assert.Equal(1, home.UndecidedCount);
        pact = await agreements.GetAgreementAsync(pact.Id);
        Assert.Equal((RecommissioningDecision.Extend, new DateOnly(2027, 1, 31), "Cam Commissioner"), (pact.Decision!.Value, pact.DecisionDueDate!.Value, pact.DecidedBy));

        var editorHome = await app.As<CommissioningDashboardService>(nepacs).HomeAsync();
        Assert.Equal("NE-ROM-2026-007", Assert.Single(editorHome.OpenTenders).Reference);
        Assert.Empty(editorHome.MyBids);
        Assert.Equal(0, editorHome.UndecidedCount);
    }
}
