using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.DeliveryPlans;

public sealed class DeliveryPlanServiceTests
{
    private sealed record World(TestApp App, Actor Coordinator, Actor Member, Actor Associate, Actor Provider, int PathwayId, PlanView Plan) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
        public DeliveryPlanService Plans(Actor a) => App.As<DeliveryPlanService>(a);
        public PlanObjectiveView Objective(string title) => Plan.Objectives.Single(o => o.Title == title);
    }

    /// <summary>The seeded 2026/27 plan of the Families and Social Support Pathway, on 23 November 2026.</summary>
    private static async Task<World> StartAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ActorAsync("coordinator@pathwayhub.example");
        await using var db = await app.DbAsync();
        var pathwayId = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        var plan = await app.As<DeliveryPlanService>(coordinator).GetAsync(pathwayId);
        return new World(app, coordinator, await app.ActorAsync("member@pathwayhub.example"), await app.ActorAsync("associate@pathwayhub.example"),
            await app.ActorAsync("provider@pathwayhub.example"), pathwayId, plan);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Seeded_plan_has_the_reports_objectives_and_rag_follows_status_and_due_date(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);

        Assert.Equal(2026, w.Plan.Year);
        Assert.Equal(["Create a VCS offender coordinator post", "Strengthen the VCS coordinator role in each prison", "Help prisoners maintain family ties",
            "Evaluate the impact of family work"], w.Plan.Objectives.Select(o => o.Title));
        // Complete is blue; off track or overdue is red; not started within a month of its due date is amber.
        Assert.Equal(new RagCounts(Red: 3, Amber: 1, Green: 4, Complete: 1), w.Plan.Rag);
        var review = w.Objective("Strengthen the VCS coordinator role in each prison").Actions[0];
        Assert.Equal((PlanActionStatus.AtRisk, Rag.Red, "HM Prison Service North East"), (review.Status, review.Rag, review.Owner));
        Assert.Equal("Reviews complete at HMP Durham and HMP Holme House; the others are waiting for staffing decisions.", Assert.Single(review.Notes).Text);
        var report = w.Objective("Create a VCS offender coordinator post").Actions.Single(a => a.DueDate == new DateOnly(2026, 12, 15));
        Assert.Equal(Rag.Amber, report.Rag);

        // A month later the not-started action is overdue and turns red; the on-track one due at the year end stays green.
        w.App.Clock.Advance(TimeSpan.FromDays(30));
        var later = await w.Plans(w.Member).GetAsync(w.PathwayId, 2026);
        Assert.Equal(new RagCounts(Red: 4, Amber: 0, Green: 4, Complete: 1), later.Rag);

        var region = await w.Plans(w.Associate).RegionAsync(2026);
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

        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Member).SaveObjectiveAsync(w.Plan.Id!.Value, null, input));
        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Provider).SaveActionAsync(w.Plan.Objectives[0].Id, null,
            new PlanActionInput { Description = "x", OwnerOrganisationId = 1, DueDate = new DateOnly(2027, 1, 1) }));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => w.Plans(w.Coordinator).SaveObjectiveAsync(w.Plan.Id!.Value, null, new ObjectiveInput()));
        Assert.Equal(["Description", "OutcomeSought", "Title"], bad.Errors.Keys.Order());

        var id = await w.Plans(w.Coordinator).SaveObjectiveAsync(w.Plan.Id!.Value, null, input);
        var plan = await w.Plans(w.Member).GetAsync(w.PathwayId);
        Assert.Equal("Share good practice", plan.Objectives[^1].Title);
        Assert.False(plan.CanEdit);

        await w.Plans(w.Coordinator).ArchiveObjectiveAsync(id, plan.Objectives[^1].Version);
        Assert.Equal(4, (await w.Plans(w.Member).GetAsync(w.PathwayId)).Objectives.Count);
        await using var db = await w.App.DbAsync();
        Assert.True(await db.PlanObjectives.AnyAsync(o => o.Id == id && o.Archived)); // withdrawn, never deleted
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_member_owner_updates_their_own_action_and_the_history_says_who_and_what(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var objective = w.Objective("Help prisoners maintain family ties");
        var actionId = await w.Plans(w.Coordinator).SaveActionAsync(objective.Id, null, new PlanActionInput
        {
            Description = "Run a family day at HMP Holme House", OwnerPersonId = w.Member.PersonId, DueDate = new DateOnly(2027, 2, 1), Status = PlanActionStatus.NotStarted,
        });
        var action = (await w.Plans(w.Member).GetAsync(w.PathwayId)).Objectives.Single(o => o.Id == objective.Id).Actions.Single(a => a.Id == actionId);
        Assert.True(action.CanUpdate);
        Assert.Equal(("Mark Charlton", Rag.Green), (action.Owner, action.Rag));

        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Associate).UpdateProgressAsync(actionId, PlanActionStatus.OnTrack, "x", action.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Provider).UpdateProgressAsync(actionId, PlanActionStatus.OnTrack, "x", action.Version));
        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => w.Plans(w.Member).UpdateProgressAsync(actionId, PlanActionStatus.AtRisk, null, action.Version));
        Assert.Equal("Say what is holding the action up.", noReason.Errors["Note"]);

        w.App.Clock.Advance(TimeSpan.FromDays(2));
        await w.Plans(w.Member).UpdateProgressAsync(actionId, PlanActionStatus.AtRisk, "Waiting for the visits hall to be booked.", action.Version);
        // The coordinator working from the stale copy is refused rather than overwriting the owner's update.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => w.Plans(w.Coordinator).UpdateProgressAsync(actionId, PlanActionStatus.OnTrack, "Booked", action.Version));

        var updated = (await w.Plans(w.Coordinator).GetAsync(w.PathwayId)).Objectives.Single(o => o.Id == objective.Id).Actions.Single(a => a.Id == actionId);
        Assert.Equal((PlanActionStatus.AtRisk, Rag.Amber), (updated.Status, updated.Rag));
        var note = Assert.Single(updated.Notes);
        Assert.Equal(("Mark Charlton", new DateTime(2026, 11, 25, 10, 0, 0), "Waiting for the visits hall to be booked."), (note.Author, note.AtUtc, note.Text));

        var history = await w.Plans(w.Member).HistoryAsync(w.Plan.Id!.Value);
        var change = history.First(h => h.What == "Action: Run a family day at HMP Holme House" && h.Action == "Changed");
        Assert.Equal(("Mark Charlton", new DateTime(2026, 11, 25, 10, 0, 0)), (change.Who, change.AtUtc));
        Assert.Contains("Status: Not started → At risk", change.Changes);
        Assert.Contains(history, h => h.What == "Progress note on: Run a family day at HMP Holme House" && h.Changes.Contains("Text: Waiting for the visits hall to be booked."));
        Assert.Contains(history, h => h.What == "Action: Run a family day at HMP Holme House" && h.Action == "Added" && h.Who == "Helen Armstrong");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_provider_editor_updates_actions_their_organisation_owns_and_no_others(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var ties = w.Objective("Help prisoners maintain family ties");
        var nepacs = ties.Actions.Single(a => a.Owner == "NEPACS");
        var pact = ties.Actions.First(a => a.Owner == "Pact");
        var asProvider = await w.Plans(w.Provider).GetAsync(w.PathwayId);
        Assert.Equal([nepacs.Id], asProvider.Objectives.SelectMany(o => o.Actions).Where(a => a.CanUpdate).Select(a => a.Id));

        await w.Plans(w.Provider).UpdateProgressAsync(nepacs.Id, PlanActionStatus.Complete, "Coordinator in post from January.", nepacs.Version);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Provider).UpdateProgressAsync(pact.Id, PlanActionStatus.Complete, null, pact.Version));

        var after = (await w.Plans(w.Associate).GetAsync(w.PathwayId)).Objectives.SelectMany(o => o.Actions).Single(a => a.Id == nepacs.Id);
        Assert.Equal((PlanActionStatus.Complete, Rag.Complete), (after.Status, after.Rag));
        Assert.Equal("Sarah Milburn", after.Notes[0].Author);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_action_has_exactly_one_owner_and_a_person_owner_must_be_a_current_member(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var objectiveId = w.Plan.Objectives[0].Id;
        var plans = w.Plans(w.Coordinator);
        var both = await Assert.ThrowsAsync<ValidationFailedException>(() => plans.SaveActionAsync(objectiveId, null,
            new PlanActionInput { Description = "x", OwnerPersonId = w.Member.PersonId, OwnerOrganisationId = 1, DueDate = new DateOnly(2027, 1, 1) }));
        Assert.Equal("Choose one owner: a member of the Pathway or an organisation.", both.Errors["Owner"]);
        var associate = await Assert.ThrowsAsync<ValidationFailedException>(() => plans.SaveActionAsync(objectiveId, null,
            new PlanActionInput { Description = "x", OwnerPersonId = w.Associate.PersonId, DueDate = null }));
        Assert.Equal(["DueDate", "Owner"], associate.Errors.Keys.Order());

        var measureId = await plans.SaveMeasureAsync(objectiveId, null, new MeasureInput { Name = "Prisons visited", Targets = [1, 2, 3, 4], Actuals = [1, 2.5m, null, null] });
        var measure = (await plans.GetAsync(w.PathwayId)).Objectives[0].Measures.Single(m => m.Id == measureId);
        Assert.Equal([1m, 2.5m, null, null], measure.Actuals);
        await Assert.ThrowsAsync<ValidationFailedException>(() => plans.CreatePlanAsync(w.PathwayId, 2026, null));
        var next = await plans.CreatePlanAsync(w.PathwayId, 2027, "Next year");
        Assert.Equal([2027, 2026], (await plans.GetAsync(w.PathwayId, 2027)).Years);
        Assert.True(next > 0);
    }
}
