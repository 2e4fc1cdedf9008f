using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.DeliveryPlans;

public sealed record RagCounts(int Red, int Amber, int Green, int Complete)
{
    public static readonly RagCounts None = new(0, 0, 0, 0);
    public int Total => Red + Amber + Green + Complete;
    public int Of(Rag rag) => rag switch { Rag.Red => Red, Rag.Amber => Amber, Rag.Green => Green, _ => Complete };

    public static RagCounts From(IEnumerable<Rag> rags)
    {
        int r = 0, a = 0, g = 0, c = 0;
        foreach (var x in rags)
        {
            switch (x)
            {
                case Rag.Red: r++; break;
                case Rag.Amber: a++; break;
                case Rag.Green: g++; break;
                default: c++; break;
            }
        }
        return new RagCounts(r, a, g, c);
    }
}

public sealed record PlanNoteView(DateTime AtUtc, string Author, PlanActionStatus Status, string Text);
public sealed record PlanActionView(int Id, int ObjectiveId, string Description, int? OwnerPersonId, int? OwnerOrganisationId, string Owner, DateOnly DueDate,
    PlanActionStatus Status, Rag Rag, IReadOnlyList<PlanNoteView> Notes, bool CanUpdate, Guid Version);
public sealed record PlanMeasureView(int Id, string Name, IReadOnlyList<decimal?> Targets, IReadOnlyList<decimal?> Actuals, Guid Version);
public sealed record PlanObjectiveView(int Id, string Title, string Description, string OutcomeSought, IReadOnlyList<PlanActionView> Actions,
    IReadOnlyList<PlanMeasureView> Measures, Guid Version)
{
    public RagCounts Rag => RagCounts.From(Actions.Select(a => a.Rag));
}

/// <summary>A Pathway's plan for one year; <see cref="Id"/> is null when none has been drawn up for that year.</summary>
public sealed record PlanView(int? Id, int PathwayId, string PathwaySlug, string PathwayName, int Year, string? Summary,
    IReadOnlyList<PlanObjectiveView> Objectives, bool CanEdit, Guid Version, IReadOnlyList<int> Years)
{
    public RagCounts Rag => RagCounts.From(Objectives.SelectMany(o => o.Actions).Select(a => a.Rag));
}

public sealed record RegionPlanRow(int PathwayId, string Slug, string Name, bool HasPlan, int Objectives, RagCounts Rag);
public sealed record HistoryRow(DateTime AtUtc, string Who, string What, string Action, IReadOnlyList<string> Changes);
public sealed record OwnerOptions(IReadOnlyList<(int Id, string Name)> People, IReadOnlyList<(int Id, string Name)> Organisations);

public sealed class ObjectiveInput
{
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string OutcomeSought { get; set; } = "";
    public Guid Version { get; set; }
}

public sealed class PlanActionInput
{
    public string Description { get; set; } = "";
    public int? OwnerPersonId { get; set; }
    public int? OwnerOrganisationId { get; set; }
    public DateOnly? DueDate { get; set; }
    public PlanActionStatus Status { get; set; }
    public Guid Version { get; set; }
}

public sealed class MeasureInput
{
    public string Name { get; set; } = "";
    public decimal?[] Targets { get; set; } = new decimal?[4];
    public decimal?[] Actuals { get; set; } = new decimal?[4];
    public Guid Version { get; set; }
}

/// <summary>
/// Delivery Plans: every signed-in user reads them (the plan is the Pathway's published commitment); the coordinator edits the
/// plan; an action's owner (the member, or a provider editor of the owning organisation) updates its status and adds progress
/// notes. Every change is kept in the audit trail, which <see cref="HistoryAsync"/> reads back as the plan's history.
/// </summary>
public sealed class DeliveryPlanService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    public static string YearLabel(int year) => $"{year}/{(year + 1) % 100:00}";

    public static (DateOnly From, DateOnly To) YearRange(int year) => (new DateOnly(year, 4, 1), new DateOnly(year + 1, 3, 31));

    public static string StatusLabel(PlanActionStatus s) => s switch
    {
        PlanActionStatus.NotStarted => "Not started",
        PlanActionStatus.OnTrack => "On track",
        PlanActionStatus.AtRisk => "At risk",
        PlanActionStatus.OffTrack => "Off track",
        _ => "Complete",
    };

    public static string RagLabel(Rag r) => r switch { Rag.Complete => "Complete", _ => r.ToString() };

    public int CurrentYear => UkCalendar.FinancialYear(Today);

    public async Task<PlanView> GetAsync(int pathwayId, int? year = null, CancellationToken ct = default)
    {
        var actor = RequireReader();
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
        var actionViews = actions.Select(a => new PlanActionView(a.Id, a.ObjectiveId, a.Description, a.OwnerPersonId, a.OwnerOrganisationId, a.Owner, a.DueDate, a.Status,
            PlanAction.RagFor(a.Status, a.DueDate, today),
            notes[a.Id].Select(n => new PlanNoteView(n.AtUtc, n.Author, n.Status, n.Text)).ToList(),
            MayUpdate(actor, a.OwnerPersonId, a.OwnerOrganisationId), a.Version)).ToLookup(a => a.ObjectiveId);
        return objectives.GroupBy(o => o.DeliveryPlanId).ToDictionary(g => g.Key, g => (IReadOnlyList<PlanObjectiveView>)g.Select(o =>
            new PlanObjectiveView(o.Id, o.Title, o.Description, o.OutcomeSought, actionViews[o.Id].ToList(),
                measures[o.Id].Select(m => new PlanMeasureView(m.Id, m.Name, [m.TargetQ1, m.TargetQ2, m.TargetQ3, m.TargetQ4], [m.ActualQ1, m.ActualQ2, m.ActualQ3, m.ActualQ4], m.Version)).ToList(),
                o.Version)).ToList());
    }

    /// <summary>The seven Pathways side by side for a year: RAG counts of each plan.</summary>
    public async Task<IReadOnlyList<RegionPlanRow>> RegionAsync(int? year = null, CancellationToken ct = default)
    {
        var actor = RequireReader();
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

    /// <summary>The people and organisations an action can be given to: for the coordinator, who alone assigns actions.</summary>
    public async Task<OwnerOptions> OwnerOptionsAsync(int pathwayId, CancellationToken ct = default)
    {
        RequireCoordinator();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var people = await db.Memberships.AsNoTracking().Where(Membership.CurrentOn(today))
            .Where(m => m.PathwayId == pathwayId && m.Role != MembershipRole.Associate)
            .OrderBy(m => m.Person.FullName).Select(m => new { m.PersonId, m.Person.FullName }).ToListAsync(ct);
        var orgs = await db.Organisations.AsNoTracking().Where(o => o.Status == OrganisationStatus.Active).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return new OwnerOptions(people.Select(p => (p.PersonId, p.FullName)).ToList(), orgs.Select(o => (o.Id, o.Name)).ToList());
    }

    public async Task<int> CreatePlanAsync(int pathwayId, int year, string? summary, CancellationToken ct = default)
    {
        var actor = RequireCoordinator();
        if (year < 2000 || year > 2100) throw Invalid("Year", "Enter the year the plan starts, for example 2026 for 2026/27.");
        await using var db = await dbs.OpenAsync(actor, ct);
        if (!await db.Pathways.AnyAsync(p => p.Id == pathwayId, ct)) throw new NotFoundException("That Pathway does not exist.");
        if (await db.DeliveryPlans.AnyAsync(p => p.PathwayId == pathwayId && p.Year == year, ct))
            throw Invalid("Year", $"The Pathway already has a plan for {YearLabel(year)}.");
        var plan = new DeliveryPlan { PathwayId = pathwayId, Year = year, Summary = FieldRules.Clean(summary) };
        db.DeliveryPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    public async Task UpdateSummaryAsync(int planId, string? summary, Guid version, CancellationToken ct = default)
    {
        var actor = RequireCoordinator();
        if (summary?.Length > 4000) throw Invalid("Summary", "The summary must be 4,000 characters or fewer.");
        await using var db = await dbs.OpenAsync(actor, ct);
        var plan = await db.DeliveryPlans.FirstOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException("That plan no longer exists.");
        db.Entry(plan).Property(p => p.Version).OriginalValue = version;
        plan.Summary = FieldRules.Clean(summary);
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Adds an objective (no <paramref name="objectiveId"/>) or changes one. Returns its id.</summary>
    public async Task<int> SaveObjectiveAsync(int planId, int? objectiveId, ObjectiveInput input, CancellationToken ct = default)
    {
        var actor = RequireCoordinator();
        var errors = new Dictionary<string, string>();
        Text(errors, nameof(input.Title), input.Title, 300, "Enter the objective's title.");
        Text(errors, nameof(input.Description), input.Description, 4000, "Describe the objective.");
        Text(errors, nameof(input.OutcomeSought), input.OutcomeSought, 2000, "Enter the outcome the objective seeks.");
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
        var actor = RequireCoordinator();
        await using var db = await dbs.OpenAsync(actor, ct);
        var objective = await db.PlanObjectives.FirstOrDefaultAsync(o => o.Id == objectiveId, ct) ?? throw new NotFoundException("That objective no longer exists.");
        db.Entry(objective).Property(o => o.Version).OriginalValue = version;
        objective.Archived = true;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Adds an action to an objective (no <paramref name="actionId"/>) or changes any of its fields. Coordinator only.</summary>
    public async Task<int> SaveActionAsync(int objectiveId, int? actionId, PlanActionInput input, CancellationToken ct = default)
    {
        var actor = RequireCoordinator();
        var errors = new Dictionary<string, string>();
        Text(errors, nameof(input.Description), input.Description, 2000, "Describe the action.");
        if (input.DueDate is null) errors[nameof(input.DueDate)] = "Enter the date the action is due.";
        if ((input.OwnerPersonId is null) == (input.OwnerOrganisationId is null)) errors["Owner"] = "Choose one owner: a member of the Pathway or an organisation.";
        await using var db = await dbs.OpenAsync(actor, ct);
        var objective = await db.PlanObjectives.Include(o => o.DeliveryPlan).FirstOrDefaultAsync(o => o.Id == objectiveId, ct)
            ?? throw new NotFoundException("That objective no longer exists.");
        var today = Today;
        if (input.OwnerPersonId is { } pid && input.OwnerOrganisationId is null && !await db.Memberships.Where(Membership.CurrentOn(today)).AnyAsync(m => m.PathwayId == objective.DeliveryPlan.PathwayId
                && m.PersonId == pid && m.Role != MembershipRole.Associate, ct))
            errors["Owner"] = "The owner must be a current member (not an associate) of the Pathway.";
        if (input.OwnerOrganisationId is { } oid && input.OwnerPersonId is null && !await db.Organisations.AnyAsync(o => o.Id == oid, ct))
            errors["Owner"] = "Choose an organisation from the list.";
        ValidationFailedException.ThrowIfAny(errors);

        PlanAction action;
        if (actionId is { } id)
        {
            action = await db.PlanActions.FirstOrDefaultAsync(a => a.Id == id && a.ObjectiveId == objectiveId, ct) ?? throw new NotFoundException("That action no longer exists.");
            db.Entry(action).Property(a => a.Version).OriginalValue = input.Version;
        }
        else
        {
            var last = await db.PlanActions.Where(a => a.ObjectiveId == objectiveId).MaxAsync(a => (int?)a.Order, ct) ?? 0;
            action = new PlanAction { ObjectiveId = objectiveId, Order = last + 10 };
            db.PlanActions.Add(action);
        }
        action.Description = input.Description.Trim();
        action.OwnerPersonId = input.OwnerPersonId;
        action.OwnerOrganisationId = input.OwnerOrganisationId;
        action.DueDate = input.DueDate!.Value;
        SetStatus(action, input.Status);
        await db.SaveChangesOrConflictAsync(ct);
        return action.Id;
    }

    public async Task ArchiveActionAsync(int actionId, Guid version, CancellationToken ct = default)
    {
        var actor = RequireCoordinator();
        await using var db = await dbs.OpenAsync(actor, ct);
        var action = await db.PlanActions.FirstOrDefaultAsync(a => a.Id == actionId, ct) ?? throw new NotFoundException("That action no longer exists.");
        db.Entry(action).Property(a => a.Version).OriginalValue = version;
        action.Archived = true;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>
    /// The owner (the member, or a provider editor of the owning organisation) or the coordinator sets the action's status and
    /// may add a dated progress note. Nothing else about the action changes here.
    /// </summary>
    public async Task UpdateProgressAsync(int actionId, PlanActionStatus status, string? note, Guid version, CancellationToken ct = default)
    {
        var actor = RequireReader();
        if (note?.Length > 2000) throw Invalid("Note", "The note must be 2,000 characters or fewer.");
        await using var db = await dbs.OpenAsync(actor, ct);
        var action = await db.PlanActions.FirstOrDefaultAsync(a => a.Id == actionId && !a.Archived, ct) ?? throw new NotFoundException("That action no longer exists.");
        if (!MayUpdate(actor, action.OwnerPersonId, action.OwnerOrganisationId))
            throw new ForbiddenException("Only the action's owner or the coordinator can update its progress.");
        if (status == action.Status && string.IsNullOrWhiteSpace(note)) throw Invalid("Note", "Choose a new status or add a progress note.");
        if (status is PlanActionStatus.AtRisk or PlanActionStatus.OffTrack && status != action.Status && string.IsNullOrWhiteSpace(note))
            throw Invalid("Note", "Say what is holding the action up.");
        db.Entry(action).Property(a => a.Version).OriginalValue = version;
        SetStatus(action, status);
        // Touch the action even when only a note is added, so two owners writing at once still conflict.
        if (!db.Entry(action).Property(a => a.Status).IsModified) db.Entry(action).Property(a => a.Status).IsModified = true;
        if (!string.IsNullOrWhiteSpace(note))
            db.PlanProgressNotes.Add(new PlanProgressNote { PlanActionId = actionId, AtUtc = Now, Author = actor.Name, Status = status, Text = note.Trim() });
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Adds a measure (no <paramref name="measureId"/>) or changes its targets and actuals.</summary>
    public async Task<int> SaveMeasureAsync(int objectiveId, int? measureId, MeasureInput input, CancellationToken ct = default)
    {
        var actor = RequireCoordinator();
        var errors = new Dictionary<string, string>();
        Text(errors, nameof(input.Name), input.Name, 300, "Name the measure.");
        if (input.Targets.Length != 4 || input.Actuals.Length != 4) errors[""] = "Give four quarters of targets and actuals.";
        else if (input.Targets.Concat(input.Actuals).Any(v => v is < 0 or > 1_000_000_000)) errors[""] = "Targets and actuals are numbers from 0 to 1,000,000,000.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(actor, ct);
        PlanMeasure measure;
        if (measureId is { } id)
        {
            measure = await db.PlanMeasures.FirstOrDefaultAsync(m => m.Id == id && m.ObjectiveId == objectiveId, ct) ?? throw new NotFoundException("That measure no longer exists.");
            db.Entry(measure).Property(m => m.Version).OriginalValue = input.Version;
        }
        else
        {
            if (!await db.PlanObjectives.AnyAsync(o => o.Id == objectiveId, ct)) throw new NotFoundException("That objective no longer exists.");
            measure = new PlanMeasure { ObjectiveId = objectiveId };
            db.PlanMeasures.Add(measure);
        }
        measure.Name = input.Name.Trim();
        (measure.TargetQ1, measure.TargetQ2, measure.TargetQ3, measure.TargetQ4) = (input.Targets[0], input.Targets[1], input.Targets[2], input.Targets[3]);
        (measure.ActualQ1, measure.ActualQ2, measure.ActualQ3, measure.ActualQ4) = (input.Actuals[0], input.Actuals[1], input.Actuals[2], input.Actuals[3]);
        await db.SaveChangesOrConflictAsync(ct);
        return measure.Id;
    }

    /// <summary>Every change to the plan, newest first: who, when and what changed, read from the audit trail.</summary>
    public async Task<IReadOnlyList<HistoryRow>> HistoryAsync(int planId, int take = 200, CancellationToken ct = default)
    {
        RequireReader();
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.DeliveryPlans.AnyAsync(p => p.Id == planId, ct)) throw new NotFoundException("That delivery plan does not exist.");
        var objectives = await db.PlanObjectives.AsNoTracking().Where(o => o.DeliveryPlanId == planId).Select(o => new { o.Id, o.Title }).ToListAsync(ct);
        var objectiveIds = objectives.Select(o => o.Id).ToList();
        var actions = await db.PlanActions.AsNoTracking().Where(a => objectiveIds.Contains(a.ObjectiveId)).Select(a => new { a.Id, a.Description }).ToListAsync(ct);
        var actionIds = actions.Select(a => a.Id).ToList();
        var measures = await db.PlanMeasures.AsNoTracking().Where(m => objectiveIds.Contains(m.ObjectiveId)).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        var notes = await db.PlanProgressNotes.AsNoTracking().Where(n => actionIds.Contains(n.PlanActionId)).Select(n => new { n.Id, n.PlanActionId }).ToListAsync(ct);

        string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
        var names = new Dictionary<(string, string), string> { [(nameof(DeliveryPlan), Key(planId))] = "Plan" };
        foreach (var o in objectives) names[(nameof(PlanObjective), Key(o.Id))] = $"Objective: {o.Title}";
        var actionNames = actions.ToDictionary(a => a.Id, a => a.Description);
        foreach (var a in actions) names[(nameof(PlanAction), Key(a.Id))] = $"Action: {a.Description}";
        foreach (var m in measures) names[(nameof(PlanMeasure), Key(m.Id))] = $"Measure: {m.Name}";
        foreach (var n in notes) names[(nameof(PlanProgressNote), Key(n.Id))] = $"Progress note on: {actionNames[n.PlanActionId]}";

        var byType = names.Keys.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Select(k => k.Item2).ToList());
        List<string> Ids(string type) => byType.GetValueOrDefault(type, []);
        var (planIds, objIds, actIds, measIds, noteIds) = (Ids(nameof(DeliveryPlan)), Ids(nameof(PlanObjective)), Ids(nameof(PlanAction)), Ids(nameof(PlanMeasure)), Ids(nameof(PlanProgressNote)));
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => (a.EntityType == nameof(DeliveryPlan) && planIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanObjective) && objIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanAction) && actIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanMeasure) && measIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanProgressNote) && noteIds.Contains(a.EntityId)))
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
        return rows.Select(r => new HistoryRow(r.AtUtc, r.UserName, names.GetValueOrDefault((r.EntityType, r.EntityId), r.EntityType),
            r.Action switch { Infrastructure.Audit.AuditAction.Insert => "Added", Infrastructure.Audit.AuditAction.Delete => "Removed", _ => "Changed" },
            DescribeChanges(r.Changes, r.Action == Infrastructure.Audit.AuditAction.Insert))).ToList();
    }

    private static readonly HashSet<string> HiddenFields = ["Id", "DeliveryPlanId", "ObjectiveId", "PlanActionId", "PathwayId", "Order", "CompletedUtc"];

    /// <summary>"Status: On track → At risk" lines from the audit trail's JSON of changed values.</summary>
    internal static IReadOnlyList<string> DescribeChanges(string json, bool insert)
    {
        var lines = new List<string>();
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (HiddenFields.Contains(p.Name)) continue;
            var label = p.Name switch
            {
                "OwnerPersonId" => "Owner (member)", "OwnerOrganisationId" => "Owner (organisation)", "DueDate" => "Due date", "OutcomeSought" => "Outcome sought",
                "AtUtc" => "Dated", _ => System.Text.RegularExpressions.Regex.Replace(p.Name, "(?<=[a-z])(?=[A-Z0-9])", " "),
            };
            string Value(string key) => p.Value.TryGetProperty(key, out var v) ? Format(p.Name, v) : "(none)";
            lines.Add(insert ? $"{label}: {Value("new")}" : $"{label}: {Value("old")} → {Value("new")}");
        }
        return lines;
    }

    private static string Format(string field, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => "(none)",
        JsonValueKind.String when field == "Status" && Enum.TryParse<PlanActionStatus>(v.GetString(), out var s) => StatusLabel(s),
        JsonValueKind.String => v.GetString() ?? "",
        _ => v.GetRawText(),
    };

    internal static bool MayUpdate(Actor actor, int? ownerPersonId, int? ownerOrganisationId) =>
        actor.IsCoordinator
        || (ownerPersonId is not null && actor.PersonId == ownerPersonId)
        || (ownerOrganisationId is not null && actor.OrganisationId == ownerOrganisationId && actor.IsIn(Roles.ProviderEditor));

    private void SetStatus(PlanAction action, PlanActionStatus status)
    {
        if (action.Status == status && action.Id != 0) return;
        action.Status = status;
        action.CompletedUtc = status == PlanActionStatus.Complete ? Now : null;
    }

    /// <summary>
    /// Who may read delivery plans, their progress notes and history: anyone with a role (plans are reported to members,
    /// associates, commissioners and providers alike); never a visitor or an account whose registration is not approved.
    /// </summary>
    private Actor RequireReader()
    {
        var actor = user.Actor;
        actor.RequireRole();
        return actor;
    }

    private Actor RequireCoordinator()
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        return actor;
    }

    private static void Text(Dictionary<string, string> errors, string field, string? value, int max, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = missing;
        else if (value.Length > max) errors[field] = $"Use {max:N0} characters or fewer.";
    }

    private static ValidationFailedException Invalid(string field, string message) => new(new Dictionary<string, string> { [field] = message });
}
