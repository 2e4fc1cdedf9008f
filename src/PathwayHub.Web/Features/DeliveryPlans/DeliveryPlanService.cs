using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.DeliveryPlans;

/// <summary>
/// Delivery Plans and their objectives: every signed-in user reads them (the plan is the Pathway's published commitment);
/// the coordinator draws them up. Actions and measures are <see cref="Actions.PlanActionService"/>'s; the history,
/// read back from the audit trail, is <see cref="History.PlanHistoryService"/>'s.
/// </summary>
public sealed class DeliveryPlanService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    public static (DateOnly From, DateOnly To) YearRange(int year) => (new DateOnly(year, 4, 1), new DateOnly(year + 1, 3, 31));

    public int CurrentYear => UkCalendar.FinancialYear(Today);

    public async Task<PlanView> GetAsync(int pathwayId, int? year = null, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireReader(user);
        var y = year ?? CurrentYear;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pathway = await db.Pathways.AsNoTracking().Where(p => p.Id == pathwayId).Select(p => new { p.Id, p.Slug, p.Name }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("That Pathway does not exist.");
        var years = await db.DeliveryPlans.Where(p => p.PathwayId == pathwayId).Select(p => p.Year).OrderByDescending(x => x).ToListAsync(ct);
        var plan = await db.DeliveryPlans.AsNoTracking().FirstOrDefaultAsync(p => p.PathwayId == pathwayId && p.Year == y, ct);
        if (plan is null) return new PlanView(null, pathway.Id, pathway.Slug, pathway.Name, y, null, [], actor.IsCoordinator, Guid.Empty, years);
        var objectives = await LoadObjectivesAsync(db, [plan.Id], actor, Today, ct);
        return new PlanView(plan.Id, pathway.Id, pathway.Slug, pathway.Name, y, plan.Summary, objectives.GetValueOrDefault(plan.Id, []), actor.IsCoordinator, plan.Version, years);
    }

    /// <summary>The objectives of the given plans, with live actions and measures, for the report builders and pages alike.</summary>
    internal static async Task<Dictionary<int, IReadOnlyList<PlanObjectiveView>>> LoadObjectivesAsync(AppDbContext db, IReadOnlyCollection<int> planIds, Actor actor, DateOnly today, CancellationToken ct)
    {
        var objectives = await db.PlanObjectives.AsNoTracking().Where(o => planIds.Contains(o.DeliveryPlanId) && !o.Archived)
            .OrderBy(o => o.Order).ThenBy(o => o.Id).ToListAsync(ct);
        var objectiveIds = objectives.Select(o => o.Id).ToList();
        var actions = await db.PlanActions.AsNoTracking().Where(a => objectiveIds.Contains(a.ObjectiveId) && !a.Archived)
            .OrderBy(a => a.Order).ThenBy(a => a.Id)
            .Select(a => new
            {
                a.Id, a.ObjectiveId, a.Description, a.OwnerPersonId, a.OwnerOrganisationId, Owner = a.OwnerPerson != null ? a.OwnerPerson.FullName : a.OwnerOrganisation!.Name,
                a.DueDate, a.Status, a.Version,
            }).ToListAsync(ct);
        var actionIds = actions.Select(a => a.Id).ToList();
        var notes = (await db.PlanProgressNotes.AsNoTracking().Where(n => actionIds.Contains(n.PlanActionId)).ToListAsync(ct))
            .OrderByDescending(n => n.AtUtc).ThenByDescending(n => n.Id).ToLookup(n => n.PlanActionId);
        var measures = (await db.PlanMeasures.AsNoTracking().Where(m => objectiveIds.Contains(m.ObjectiveId) && !m.Archived).OrderBy(m => m.Id).ToListAsync(ct))
            .ToLookup(m => m.ObjectiveId);
        var actionViews = actions.Select(a => new PlanActionView(a.Id, a.ObjectiveId, a.Description, a.OwnerPersonId, a.OwnerOrganisationId, a.Owner, a.DueDate,
            PlanAction.StatusOn(a.Status, a.DueDate, today), PlanAction.RagFor(a.Status, a.DueDate, today),
            notes[a.Id].Select(n => new PlanNoteView(n.AtUtc, n.Author, n.Status, n.Text)).ToList(),
            PlanGuards.MayUpdate(actor, a.OwnerPersonId, a.OwnerOrganisationId), a.Version)).ToLookup(a => a.ObjectiveId);
        return objectives.GroupBy(o => o.DeliveryPlanId).ToDictionary(g => g.Key, g => (IReadOnlyList<PlanObjectiveView>)g.Select(o =>
            new PlanObjectiveView(o.Id, o.Title, o.Description, o.OutcomeSought, actionViews[o.Id].ToList(),
                measures[o.Id].Select(m => new PlanMeasureView(m.Id, m.Name, [m.TargetQ1, m.TargetQ2, m.TargetQ3, m.TargetQ4], [m.ActualQ1, m.ActualQ2, m.ActualQ3, m.ActualQ4], m.Version)).ToList(),
                o.Version)).ToList());
    }

    /// <summary>The seven Pathways side by side for a year: RAG counts of each plan.</summary>
    public async Task<IReadOnlyList<RegionPlanRow>> RegionAsync(int? year = null, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireReader(user);
        var y = year ?? CurrentYear;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var plans = await db.DeliveryPlans.AsNoTracking().Where(p => p.Year == y).ToDictionaryAsync(p => p.PathwayId, p => p.Id, ct);
        var withPlans = plans.Keys.ToList();
        // The seven Pathways always; a sub-group only when it has a plan of its own.
        var pathways = await db.Pathways.AsNoTracking().Where(p => p.ParentId == null || withPlans.Contains(p.Id)).OrderBy(p => p.SortOrder)
            .Select(p => new { p.Id, p.Slug, p.Name }).ToListAsync(ct);
        var objectives = await LoadObjectivesAsync(db, plans.Values.ToList(), actor, Today, ct);
        return pathways.Select(p =>
        {
            var has = plans.TryGetValue(p.Id, out var planId);
            var objs = has ? objectives.GetValueOrDefault(planId, []) : [];
            return new RegionPlanRow(p.Id, p.Slug, p.Name, has, objs.Count, RagCounts.From(objs.SelectMany(o => o.Actions).Select(a => a.Rag)));
        }).ToList();
    }

    public async Task<int> CreatePlanAsync(int pathwayId, int year, string? summary, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireCoordinator(user);
        if (year < 2000 || year > 2100) throw PlanGuards.Invalid("Year", "Enter the year the plan starts, for example 2026 for 2026/27.");
        await using var db = await dbs.OpenAsync(actor, ct);
        if (!await db.Pathways.AnyAsync(p => p.Id == pathwayId, ct)) throw new NotFoundException("That Pathway does not exist.");
        if (await db.DeliveryPlans.AnyAsync(p => p.PathwayId == pathwayId && p.Year == year, ct))
            throw PlanGuards.Invalid("Year", $"The Pathway already has a plan for {DeliveryPlanText.YearLabel(year)}.");
        var plan = new DeliveryPlan { PathwayId = pathwayId, Year = year, Summary = FieldRules.Clean(summary) };
        db.DeliveryPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    public async Task UpdateSummaryAsync(int planId, string? summary, Guid version, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireCoordinator(user);
        if (summary?.Length > 4000) throw PlanGuards.Invalid("Summary", "The summary must be 4,000 characters or fewer.");
        await using var db = await dbs.OpenAsync(actor, ct);
        var plan = await db.DeliveryPlans.FirstOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException("That plan no longer exists.");
        db.Entry(plan).Property(p => p.Version).OriginalValue = version;
        plan.Summary = FieldRules.Clean(summary);
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Adds an objective (no <paramref name="objectiveId"/>) or changes one. Returns its id.</summary>
    public async Task<int> SaveObjectiveAsync(int planId, int? objectiveId, ObjectiveInput input, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireCoordinator(user);
        var errors = new Dictionary<string, string>();
        PlanGuards.Text(errors, nameof(input.Title), input.Title, 300, "Enter the objective's title.");
        PlanGuards.Text(errors, nameof(input.Description), input.Description, 4000, "Describe the objective.");
        PlanGuards.Text(errors, nameof(input.OutcomeSought), input.OutcomeSought, 2000, "Enter the outcome the objective seeks.");
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(actor, ct);
        PlanObjective objective;
        if (objectiveId is { } id)
        {
            objective = await db.PlanObjectives.FirstOrDefaultAsync(o => o.Id == id && o.DeliveryPlanId == planId, ct) ?? throw new NotFoundException("That objective no longer exists.");
            db.Entry(objective).Property(o => o.Version).OriginalValue = input.Version;
        }
        else
        {
            if (!await db.DeliveryPlans.AnyAsync(p => p.Id == planId, ct)) throw new NotFoundException("That plan no longer exists.");
            var last = await db.PlanObjectives.Where(o => o.DeliveryPlanId == planId).MaxAsync(o => (int?)o.Order, ct) ?? 0;
            objective = new PlanObjective { DeliveryPlanId = planId, Order = last + 10 };
            db.PlanObjectives.Add(objective);
        }
        objective.Title = input.Title.Trim();
        objective.Description = input.Description.Trim();
        objective.OutcomeSought = input.OutcomeSought.Trim();
        await db.SaveChangesOrConflictAsync(ct);
        return objective.Id;
    }

    /// <summary>Withdraws an objective from the plan; it stays in the history.</summary>
    public async Task ArchiveObjectiveAsync(int objectiveId, Guid version, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireCoordinator(user);
        await using var db = await dbs.OpenAsync(actor, ct);
        var objective = await db.PlanObjectives.FirstOrDefaultAsync(o => o.Id == objectiveId, ct) ?? throw new NotFoundException("That objective no longer exists.");
        db.Entry(objective).Property(o => o.Version).OriginalValue = version;
        objective.Archived = true;
        await db.SaveChangesOrConflictAsync(ct);
    }
}
