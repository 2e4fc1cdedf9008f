using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.DeliveryPlans.Actions;

/// <summary>
/// A plan's actions and measures. The coordinator assigns and changes them; an action's owner (the member, or a provider
/// editor of the owning organisation) updates its status and adds dated progress notes.
/// </summary>
public sealed class PlanActionService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    /// <summary>The people and organisations an action can be given to: for the coordinator, who alone assigns actions.</summary>
    public async Task<OwnerOptions> OwnerOptionsAsync(int pathwayId, CancellationToken ct = default)
    {
        PlanGuards.RequireCoordinator(user);
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var people = await db.Memberships.AsNoTracking().Where(Membership.CurrentOn(today))
            .Where(m => m.PathwayId == pathwayId && m.Role != MembershipRole.Associate)
            .OrderBy(m => m.Person.FullName).Select(m => new { m.PersonId, m.Person.FullName }).ToListAsync(ct);
        var orgs = await db.Organisations.AsNoTracking().Where(o => o.Status == OrganisationStatus.Active).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return new OwnerOptions(people.Select(p => (p.PersonId, p.FullName)).ToList(), orgs.Select(o => (o.Id, o.Name)).ToList());
    }

    /// <summary>Adds an action to an objective (no <paramref name="actionId"/>) or changes any of its fields. Coordinator only.</summary>
    public async Task<int> SaveActionAsync(int objectiveId, int? actionId, PlanActionInput input, CancellationToken ct = default)
    {
        var actor = PlanGuards.RequireCoordinator(user);
        var errors = new Dictionary<string, string>();
        PlanGuards.Text(errors, nameof(input.Description), input.Description, 2000, "Describe the action.");
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
        if (input.DueDate is { } due && PlanAction.Contradiction(input.Status, due, today) is { } contradiction) errors[nameof(input.Status)] = contradiction;
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
        var actor = PlanGuards.RequireCoordinator(user);
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
        var actor = PlanGuards.RequireReader(user);
        if (note?.Length > 2000) throw PlanGuards.Invalid("Note", "The note must be 2,000 characters or fewer.");
        await using var db = await dbs.OpenAsync(actor, ct);
        var action = await db.PlanActions.FirstOrDefaultAsync(a => a.Id == actionId && !a.Archived, ct) ?? throw new NotFoundException("That action no longer exists.");
        if (!PlanGuards.MayUpdate(actor, action.OwnerPersonId, action.OwnerOrganisationId))
            throw new ForbiddenException("Only the action's owner or the coordinator can update its progress.");
        if (status == action.Status && string.IsNullOrWhiteSpace(note)) throw PlanGuards.Invalid("Note", "Choose a new status or add a progress note.");
        if (status is PlanActionStatus.AtRisk or PlanActionStatus.OffTrack && status != action.Status && string.IsNullOrWhiteSpace(note))
            throw PlanGuards.Invalid("Note", "Say what is holding the action up.");
        if (PlanAction.Contradiction(status, action.DueDate, Today) is { } contradiction) throw PlanGuards.Invalid("Status", contradiction);
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
        var actor = PlanGuards.RequireCoordinator(user);
        var errors = new Dictionary<string, string>();
        PlanGuards.Text(errors, nameof(input.Name), input.Name, 300, "Name the measure.");
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

    private void SetStatus(PlanAction action, PlanActionStatus status)
    {
        if (action.Status == status && action.Id != 0) return;
        action.Status = status;
        action.CompletedUtc = status == PlanActionStatus.Complete ? Now : null;
    }
}
