using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Tests.Features.DeliveryPlans.PlanWorld;

namespace PathwayHub.Tests.Features.DeliveryPlans.Actions;

/// <summary>An action's status and its RAG rating never tell a reader two different things ("on track" but red).</summary>
public sealed class PlanStatusRagTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>The RAG ratings each status may carry.</summary>
    private static Rag[] Agreeing(PlanActionStatus s) => s switch
    {
        PlanActionStatus.Complete => [Rag.Complete],
        PlanActionStatus.OffTrack => [Rag.Red],
        PlanActionStatus.AtRisk => [Rag.Amber],
        PlanActionStatus.OnTrack => [Rag.Green],
        _ => [Rag.Green, Rag.Amber], // not started: amber when due within a month
    };

    [Fact]
    public void The_status_shown_and_the_rag_agree_for_every_status_and_due_date()
    {
        foreach (var status in Enum.GetValues<PlanActionStatus>())
            foreach (var days in new[] { -400, -1, 0, 1, 29, 30, 31, 400 })
            {
                var due = Today.AddDays(days);
                var shown = PlanAction.StatusOn(status, due, Today);
                Assert.Contains(PlanAction.RagFor(status, due, Today), Agreeing(shown));
                // A recorded status the day already contradicts is refused when saved.
                Assert.Equal(shown != status, PlanAction.Contradiction(status, due, Today) is not null);
            }
        Assert.Equal(PlanActionStatus.OffTrack, PlanAction.StatusOn(PlanActionStatus.OnTrack, Today.AddDays(-1), Today));
        Assert.Equal(PlanActionStatus.Complete, PlanAction.StatusOn(PlanActionStatus.Complete, Today.AddDays(-100), Today));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_seeded_plans_record_no_status_their_due_dates_contradict(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        await using var db = await w.App.DbAsync();
        var today = UkCalendar.DayOf(w.App.Clock.GetUtcNow().UtcDateTime);
        var actions = await db.PlanActions.AsNoTracking().Where(a => !a.Archived).Select(a => new { a.Description, a.Status, a.DueDate }).ToListAsync();
        Assert.NotEmpty(actions);
        Assert.Empty(actions.Where(a => PlanAction.Contradiction(a.Status, a.DueDate, today) is not null).Select(a => a.Description));

        // And every plan as read agrees with itself.
        foreach (var row in await w.Plans(w.Associate).Plans.RegionAsync(2026))
        {
            var plan = await w.Plans(w.Coordinator).Plans.GetAsync(row.PathwayId, 2026);
            Assert.All(plan.Objectives.SelectMany(o => o.Actions), a => Assert.Contains(a.Rag, Agreeing(a.Status)));
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_status_the_due_date_contradicts_is_refused_with_a_clear_message_and_changes_nothing(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var objective = w.Objective("Help prisoners maintain family ties");
        var late = await Assert.ThrowsAsync<ValidationFailedException>(() => w.Plans(w.Coordinator).Actions.SaveActionAsync(objective.Id, null, new PlanActionInput
        {
            Description = "Run a family day", OwnerPersonId = w.Member.PersonId, DueDate = new DateOnly(2026, 11, 1), Status = PlanActionStatus.OnTrack,
        }));
        Assert.Equal("The action was due on 1 November 2026, so it is off track until it is complete or its due date moves; it cannot be on track.", late.Errors["Status"]);

        var id = await w.Plans(w.Coordinator).Actions.SaveActionAsync(objective.Id, null, new PlanActionInput
        {
            Description = "Run a family day", OwnerPersonId = w.Member.PersonId, DueDate = new DateOnly(2026, 12, 1), Status = PlanActionStatus.OnTrack,
        });
        w.App.Clock.Advance(TimeSpan.FromDays(10)); // 3 December: past due
        PlanActionView Read(PlanView p) => p.Objectives.Single(o => o.Id == objective.Id).Actions.Single(a => a.Id == id);
        var overdue = Read(await w.Plans(w.Member).Plans.GetAsync(w.PathwayId, 2026));
        Assert.Equal((PlanActionStatus.OffTrack, Rag.Red), (overdue.Status, overdue.Rag));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => w.Plans(w.Member).Actions.UpdateProgressAsync(id, PlanActionStatus.OnTrack, "Nearly there", overdue.Version));
        Assert.Contains("it cannot be on track", refused.Errors["Status"], StringComparison.Ordinal);
        Assert.Empty(Read(await w.Plans(w.Member).Plans.GetAsync(w.PathwayId, 2026)).Notes);

        await w.Plans(w.Member).Actions.UpdateProgressAsync(id, PlanActionStatus.Complete, "Held on 2 December.", overdue.Version);
        var done = Read(await w.Plans(w.Member).Plans.GetAsync(w.PathwayId, 2026));
        Assert.Equal((PlanActionStatus.Complete, Rag.Complete), (done.Status, done.Rag));
    }
}
