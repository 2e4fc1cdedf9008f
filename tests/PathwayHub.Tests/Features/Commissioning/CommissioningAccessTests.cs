using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>The access rules of <see cref="CommissioningAccess"/>, across the workflows that apply them.</summary>
public sealed class CommissioningAccessTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Provider_editor_cannot_change_tenders_or_agreements_nor_see_another_organisations_bids(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissionerActor = await CommissionerAsync(app);
        var nepacsActor = await NepacsEditorAsync(app);
        var pactActor = await EditorOfAsync(app, "Pact");
        var commissioner = app.As<TenderService>(commissionerActor);
        var nepacs = app.As<TenderService>(nepacsActor);
        var pact = app.As<TenderService>(pactActor);
        var member = app.As<TenderService>(await MemberAsync(app));
        var nepacsAgreements = app.As<AgreementLifecycleService>(nepacsActor);
        var (id, version) = await OpenTenderAsync(app, commissioner);

        await Assert.ThrowsAsync<ForbiddenException>(async () => await nepacs.CreateTenderAsync(await TenderAsync(app, "T-NEPACS")));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacs.ChangeTenderStatusAsync(id, TenderStatus.Cancelled, "mine now", version));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await nepacsAgreements.CreateAgreementAsync(await AgreementAsync(app)));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<CommissioningDashboardService>(nepacsActor).DashboardAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => member.SubmitBidAsync(id, new BidInput { Value = 1m, Summary = "x" }));
        var seeded = (await app.As<AgreementRegisterService>(commissionerActor).SearchAgreementsAsync(new AgreementQuery { Text = "SLA-DUR" })).Items.Single();
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsAgreements.RecordDecisionAsync(seeded.Id, RecommissioningDecision.LetLapse, null, null, Guid.Empty));

        await nepacs.SubmitBidAsync(id, new BidInput { Value = 48_000m, Summary = "NEPACS offer" });
        await pact.SubmitBidAsync(id, new BidInput { Value = 45_000m, Summary = "Pact offer" });

        var nepacsView = await nepacs.GetTenderAsync(id);
        Assert.Equal("NEPACS offer", Assert.Single(nepacsView.Bids).Summary);
        Assert.Equal("NEPACS", Assert.Single(nepacsView.InterestedOrganisations).Name);
        Assert.False(nepacsView.CanManage);
        Assert.Equal("Pact offer", Assert.Single((await pact.GetTenderAsync(id)).Bids).Summary);
        Assert.Empty((await member.GetTenderAsync(id)).Bids);
        Assert.Equal(2, (await commissioner.GetTenderAsync(id)).Bids.Count);

        // A tender still being planned does not exist for anyone but commissioners.
        var planned = await commissioner.CreateTenderAsync(await TenderAsync(app, "T-PLANNED"));
        await Assert.ThrowsAsync<NotFoundException>(() => nepacs.GetTenderAsync(planned));
        Assert.DoesNotContain(await nepacs.ListTendersAsync(), r => r.Id == planned);

        // Delivery detail and the decision are for commissioners and the agreement's own providers.
        var pactView = await app.As<AgreementLifecycleService>(pactActor).GetAgreementAsync(seeded.Id);
        Assert.True(pactView.SeesDelivery);
        Assert.Null(pactView.Decision);
        Assert.NotEmpty(pactView.Milestones);
        var nepacsOnPact = await nepacsAgreements.GetAgreementAsync(seeded.Id);
        Assert.False(nepacsOnPact.SeesDelivery);
        Assert.Empty(nepacsOnPact.Milestones);
    }
}
