using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.DeliveryPlans.Actions;
using PathwayHub.Web.Features.DeliveryPlans.History;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.DeliveryPlans;

/// <summary>The Delivery Plan services as one signed-in user.</summary>
public sealed record PlansAs(DeliveryPlanService Plans, PlanActionService Actions, PlanHistoryService History)
{
    public PlansAs(TestApp app, Actor actor) : this(app.As<DeliveryPlanService>(actor), app.As<PlanActionService>(actor), app.As<PlanHistoryService>(actor)) { }
}

/// <summary>A Pathway's seeded Delivery Plan and the people who read and change it.</summary>
public sealed record PlanWorld(TestApp App, Actor Coordinator, Actor Member, Actor Associate, Actor Provider, int PathwayId, PlanView Plan) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => App.DisposeAsync();
    public PlansAs Plans(Actor a) => new(App, a);
    public PlanObjectiveView Objective(string title) => Plan.Objectives.Single(o => o.Title == title);

    /// <summary>
    /// The reference seed's 2026/27 plan of the Families and Social Support Pathway, on 23 November 2026, read and changed by the
    /// Pathway's built team (<see cref="PathwayTeam"/>: NEPACS's editor is the provider).
    /// </summary>
    public static async Task<PlanWorld> StartAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app);
        var plan = await app.As<DeliveryPlanService>(team.Coordinator).GetAsync(team.PathwayId);
        return new PlanWorld(app, team.Coordinator, team.Member, team.Associate, team.Provider, team.PathwayId, plan);
    }
}
