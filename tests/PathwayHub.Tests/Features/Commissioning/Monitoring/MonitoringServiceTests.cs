using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

public sealed class MonitoringServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Milestones_and_performance_returns_are_recorded_with_a_derived_rag(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissionerActor = await CommissionerAsync(app);
        var agreements = app.As<AgreementLifecycleService>(commissionerActor);
        var commissioner = app.As<MonitoringService>(commissionerActor);
        var id = await agreements.CreateAgreementAsync(await AgreementAsync(app));
        var m = await commissioner.AddMilestoneAsync(id, new MilestoneInput { Title = "Q3 report", Kind = MilestoneKind.Reporting, DueDate = new DateOnly(2026, 11, 20) });
        var view = Assert.Single((await agreements.GetAgreementAsync(id)).Milestones);
        Assert.True(view.Overdue);
        await commissioner.UpdateMilestoneAsync(m, MilestoneStatus.PartiallyMet, null, "Late, missing one prison", view.Version);
        view = Assert.Single((await agreements.GetAgreementAsync(id)).Milestones);
        Assert.Equal((MilestoneStatus.PartiallyMet, new DateOnly(2026, 11, 23), false), (view.Status, view.CompletedDate!.Value, view.Overdue));

        await commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Families supported", Target = 100, Actual = 85 });
        await commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Sessions run", Target = 20, Actual = 12 });
        await commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Referrals", Target = 10, Actual = 9, Rag = Rag.Green });
        var dup = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Sessions run", Target = 1, Actual = 1 }));
        Assert.Equal("This measure is already recorded for 2026-27 Q2 (Jul to Sep).", dup.Errors["Measure"]);
        var negative = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 3, Measure = "x", Target = -1, Actual = -2 }));
        Assert.Equal(2, negative.Errors.Count);
        var complete = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 3, Measure = "x", Target = 1, Actual = 1, Rag = Rag.Complete }));
        Assert.Contains("red, amber or green", complete.Errors["Rag"], StringComparison.Ordinal);
        var returns = (await agreements.GetAgreementAsync(id)).Returns;
        Assert.Equal([("Families supported", Rag.Amber), ("Referrals", Rag.Green), ("Sessions run", Rag.Red)], returns.Select(r => (r.Measure, r.Rag)));
    }
}
