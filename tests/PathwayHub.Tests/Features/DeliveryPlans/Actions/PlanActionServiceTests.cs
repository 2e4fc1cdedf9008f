using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Tests.Features.DeliveryPlans.PlanWorld;

namespace PathwayHub.Tests.Features.DeliveryPlans.Actions;

/// <summary>Actions and measures: who owns and updates them, and the history their changes leave.</summary>
public sealed class PlanActionServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_member_owner_updates_their_own_action_and_the_history_says_who_and_what(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var objective = w.Objective("Help prisoners maintain family ties");
        var actionId = await w.Plans(w.Coordinator).Actions.SaveActionAsync(objective.Id, null, new PlanActionInput
        {
            Description = "Run a family day at HMP Holme House", OwnerPersonId = w.Member.PersonId, DueDate = new DateOnly(2027, 2, 1), Status = PlanActionStatus.NotStarted,
        });
        var action = (await w.Plans(w.Member).Plans.GetAsync(w.PathwayId)).Objectives.Single(o => o.Id == objective.Id).Actions.Single(a => a.Id == actionId);
        Assert.True(action.CanUpdate);
        Assert.Equal((w.Member.Name, Rag.Green), (action.Owner, action.Rag));

        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Associate).Actions.UpdateProgressAsync(actionId, PlanActionStatus.OnTrack, "x", action.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Provider).Actions.UpdateProgressAsync(actionId, PlanActionStatus.OnTrack, "x", action.Version));
        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => w.Plans(w.Member).Actions.UpdateProgressAsync(actionId, PlanActionStatus.AtRisk, null, action.Version));
        Assert.Equal("Say what is holding the action up.", noReason.Errors["Note"]);

        w.App.Clock.Advance(TimeSpan.FromDays(2));
        await w.Plans(w.Member).Actions.UpdateProgressAsync(actionId, PlanActionStatus.AtRisk, "Waiting for the visits hall to be booked.", action.Version);
        // The coordinator working from the stale copy is refused rather than overwriting the owner's update.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => w.Plans(w.Coordinator).Actions.UpdateProgressAsync(actionId, PlanActionStatus.OnTrack, "Booked", action.Version));

        var updated = (await w.Plans(w.Coordinator).Plans.GetAsync(w.PathwayId)).Objectives.Single(o => o.Id == objective.Id).Actions.Single(a => a.Id == actionId);
        Assert.Equal((PlanActionStatus.AtRisk, Rag.Amber), (updated.Status, updated.Rag));
        var note = Assert.Single(updated.Notes);
        Assert.Equal((w.Member.Name, new DateTime(2026, 11, 25, 10, 0, 0), "Waiting for the visits hall to be booked."), (note.Author, note.AtUtc, note.Text));

        var history = await w.Plans(w.Member).History.HistoryAsync(w.Plan.Id!.Value);
        var change = history.First(h => h.What == "Action: Run a family day at HMP Holme House" && h.Action == "Changed");
        Assert.Equal((w.Member.Name, new DateTime(2026, 11, 25, 10, 0, 0)), (change.Who, change.AtUtc));
        Assert.Contains("Status: Not started → At risk", change.Changes);
        Assert.Contains(history, h => h.What == "Progress note on: Run a family day at HMP Holme House" && h.Changes.Contains("Text: Waiting for the visits hall to be booked."));
        Assert.Contains(history, h => h.What == "Action: Run a family day at HMP Holme House" && h.Action == "Added" && h.Who == w.Coordinator.Name);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_provider_editor_updates_actions_their_organisation_owns_and_no_others(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var ties = w.Objective("Help prisoners maintain family ties");
        var nepacs = ties.Actions.Single(a => a.Owner == "NEPACS");
        var pact = ties.Actions.First(a => a.Owner == "Pact");
        var asProvider = await w.Plans(w.Provider).Plans.GetAsync(w.PathwayId);
        Assert.Equal([nepacs.Id], asProvider.Objectives.SelectMany(o => o.Actions).Where(a => a.CanUpdate).Select(a => a.Id));

        await w.Plans(w.Provider).Actions.UpdateProgressAsync(nepacs.Id, PlanActionStatus.Complete, "Coordinator in post from January.", nepacs.Version);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.Plans(w.Provider).Actions.UpdateProgressAsync(pact.Id, PlanActionStatus.Complete, null, pact.Version));

        var after = (await w.Plans(w.Associate).Plans.GetAsync(w.PathwayId)).Objectives.SelectMany(o => o.Actions).Single(a => a.Id == nepacs.Id);
        Assert.Equal((PlanActionStatus.Complete, Rag.Complete), (after.Status, after.Rag));
        Assert.Equal(w.Provider.Name, after.Notes[0].Author);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_action_has_exactly_one_owner_and_a_person_owner_must_be_a_current_member(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var objectiveId = w.Plan.Objectives[0].Id;
        var plans = w.Plans(w.Coordinator);
        var both = await Assert.ThrowsAsync<ValidationFailedException>(() => plans.Actions.SaveActionAsync(objectiveId, null,
            new PlanActionInput { Description = "x", OwnerPersonId = w.Member.PersonId, OwnerOrganisationId = 1, DueDate = new DateOnly(2027, 1, 1) }));
        Assert.Equal("Choose one owner: a member of the Pathway or an organisation.", both.Errors["Owner"]);
        var associate = await Assert.ThrowsAsync<ValidationFailedException>(() => plans.Actions.SaveActionAsync(objectiveId, null,
            new PlanActionInput { Description = "x", OwnerPersonId = w.Associate.PersonId, DueDate = null }));
        Assert.Equal(["DueDate", "Owner"], associate.Errors.Keys.Order());

        var measureId = await plans.Actions.SaveMeasureAsync(objectiveId, null, new MeasureInput { Name = "Prisons visited", Targets = [1, 2, 3, 4], Actuals = [1, 2.5m, null, null] });
        var measure = (await plans.Plans.GetAsync(w.PathwayId)).Objectives[0].Measures.Single(m => m.Id == measureId);
        Assert.Equal([1m, 2.5m, null, null], measure.Actuals);
        await Assert.ThrowsAsync<ValidationFailedException>(() => plans.Plans.CreatePlanAsync(w.PathwayId, 2026, null));
        var next = await plans.Plans.CreatePlanAsync(w.PathwayId, 2027, "Next year");
        Assert.Equal([2027, 2026], (await plans.Plans.GetAsync(w.PathwayId, 2027)).Years);
        Assert.True(next > 0);
    }
}
