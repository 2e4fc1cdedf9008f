using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Admin;

/// <summary>
/// Service reads that once answered anyone signed in (a circuit can call any service method, whatever the page shows):
/// an account waiting for review, or one with the wrong role, gets nothing from them.
/// </summary>
public sealed class ServiceReadAccessTests
{
    private static readonly RegistrationInput Registration = new()
    {
        Organisation = new OrganisationInput { Name = "Tyneside Family Links", Description = "Volunteers supporting families at HMP Durham." },
        ContactName = "Jo Robson", ContactEmail = "jo@familylinks.example", Password = "Family-Links-2026!",
    };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_account_without_a_role_reads_nothing_and_pending_organisations_stay_with_the_coordinator(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app); // the plan's owners to pick from
        await app.As<OrganisationService>(Actor.Anonymous).RegisterAsync(Registration);
        var applicant = await app.ActorAsync("jo@familylinks.example");
        var coordinator = team.Coordinator;
        var commissioner = await app.CommissionerAsync();
        var provider_ = team.Provider;
        int pending, pathway, plan;
        await using (var db = await app.DbAsync())
        {
            pending = await db.Organisations.Where(o => o.Name == "Tyneside Family Links").Select(o => o.Id).SingleAsync();
            pathway = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
            plan = await db.DeliveryPlans.Where(p => p.PathwayId == pathway).Select(p => p.Id).FirstAsync();
        }

        // The pending organisation: the coordinator only, and "not found" for everyone else (ids are sequential).
        Assert.Equal("Tyneside Family Links", (await app.As<OrganisationService>(coordinator).GetOrganisationAsync(pending)).Name);
        foreach (var other in new[] { applicant, commissioner, provider_ })
            await Assert.ThrowsAsync<NotFoundException>(() => app.As<OrganisationService>(other).GetOrganisationAsync(pending));
        var (orgs, _, _, _) = await app.As<AgreementRegisterService>(commissioner).OptionsAsync();
        Assert.DoesNotContain(orgs, o => o.Name == "Tyneside Family Links");

        // Without a role: no pickers, no plan, no history, no owner list.
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<AgreementRegisterService>(applicant).OptionsAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<DeliveryPlanService>(applicant).GetAsync(pathway));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<Web.Features.DeliveryPlans.History.PlanHistoryService>(applicant).HistoryAsync(plan));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<Web.Features.DeliveryPlans.Actions.PlanActionService>(applicant).OwnerOptionsAsync(pathway));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<OrganisationService>(applicant).OptionsAsync());

        // Owners are assigned by the coordinator alone; the history is read by anyone with a role.
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<Web.Features.DeliveryPlans.Actions.PlanActionService>(provider_).OwnerOptionsAsync(pathway));
        Assert.NotEmpty((await app.As<Web.Features.DeliveryPlans.Actions.PlanActionService>(coordinator).OwnerOptionsAsync(pathway)).People);
        await app.As<Web.Features.DeliveryPlans.History.PlanHistoryService>(provider_).HistoryAsync(plan);
        await Assert.ThrowsAsync<NotFoundException>(() => app.As<Web.Features.DeliveryPlans.History.PlanHistoryService>(provider_).HistoryAsync(-1));
    }
}
