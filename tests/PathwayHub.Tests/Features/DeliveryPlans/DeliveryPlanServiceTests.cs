using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Tests.Features.DeliveryPlans.PlanWorld;

namespace PathwayHub.Tests.Features.DeliveryPlans;

/// <summary>Plans and objectives: what everyone reads and what only the coordinator changes.</summary>
public sealed class DeliveryPlanServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Seeded_plan_has_the_reports_objectives_and_rag_follows_status_and_due_date(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);

        Assert.Equal(2026, w.Plan.Year);
        Assert.Equal(["Create a VCS offender coordinator post", "Strengthen the VCS coordinator role in each prison", "Help prisoners maintain family ties",
            "Evaluate the impact of family work"], w.Plan.Objectives.Select(o => o.Title));
        // Complete is blue; off track or overdue is red; at risk, or not started within a month of its due date, is amber.
        Assert.Equal(new RagCounts(Red: 1, Amber: 2, Green: 5, Complete: 1), w.Plan.Rag);
        var review = w.Objective("Strengthen the VCS coordinator role in each prison").Actions[0];
        Assert.Equal((PlanActionStatus.AtRisk, Rag.Amber, "HM Prison Service North East"), (review.Status, review.Rag, review.Owner));
        Assert.Equal("Reviews complete at HMP Durham and HMP Holme House; the others are waiting for staffing decisions.", Assert.Single(review.Notes).Text);
        var report = w.Objective("Create a VCS offender coordinator post").Actions.Single(a => a.DueDate == new DateOnly(2026, 12, 15));
        Assert.Equal(Rag.Amber, report.Rag);

        // A month later the not-started action is overdue: it reads off track and turns red; the on-track one due at the year end stays green.
        w.App.Clock.Advance(TimeSpan.FromDays(30));
        var later = await w.Plans(w.Member).Plans.GetAsync(w.PathwayId, 2026);
        Assert.Equal(new RagCounts(Red: 2, Amber: 1, Green: 5, Complete: 1), later.Rag);
        var overdue = later.Objectives.SelectMany(o => o.Actions).Single(a => a.DueDate == new DateOnly(2026, 12, 15));
        Assert.Equal((PlanActionStatus.OffTrack, Rag.Red), (overdue.Status, overdue.Rag));

        var region = await w.Plans(w.Associate).Plans.RegionAsync(2026);
        Assert.Equal(7, region.Count);
        Assert.Equal(7, region.Count(r => r.HasPlan));
        Assert.Equal(9, region.Single(r => r.Slug == "families-and-social-support").Rag.Total);
        Assert.Equal(3, region.Single(r => r.Slug == "life-skills-and-offending-behaviour").Rag.Total);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_the_coordinator_edits_the_plan(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var input = new ObjectiveInput { Title = "Share good practice", Description = "Put good practice into a framework.", OutcomeSought = "Every prison learns from HMP Durham." };

        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Member).Plans.SaveObjectiveAsync(w.Plan.Id!.Value, null, input));
        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Provider).Actions.SaveActionAsync(w.Plan.Objectives[0].Id, null,
            new PlanActionInput { Description = "x", OwnerOrganisationId = 1, DueDate = new DateOnly(2027, 1, 1) }));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => w.Plans(w.Coordinator).Plans.SaveObjectiveAsync(w.Plan.Id!.Value, null, new ObjectiveInput()));
        Assert.Equal(["Description", "OutcomeSought", "Title"], bad.Errors.Keys.Order());

        var id = await w.Plans(w.Coordinator).Plans.SaveObjectiveAsync(w.Plan.Id!.Value, null, input);
        var plan = await w.Plans(w.Member).Plans.GetAsync(w.PathwayId);
        Assert.Equal("Share good practice", plan.Objectives[^1].Title);
        Assert.False(plan.CanEdit);

        await w.Plans(w.Coordinator).Plans.ArchiveObjectiveAsync(id, plan.Objectives[^1].Version);
        Assert.Equal(4, (await w.Plans(w.Member).Plans.GetAsync(w.PathwayId)).Objectives.Count);
        await using var db = await w.App.DbAsync();
        Assert.True(await db.PlanObjectives.AnyAsync(o => o.Id == id && o.Archived)); // withdrawn, never deleted
    }

}
