using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Actions;

/// <summary>Actions agreed in minutes: recorded by the coordinator, updated by their owners, listed per person and per Pathway.</summary>
public sealed class ActionService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    public async Task<int> AddActionAsync(int itemId, string description, int ownerPersonId, DateOnly? due, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(description)) errors["Description"] = "Describe the action.";
        if (due is null) errors["DueDate"] = "Enter the date the action is due.";
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.Include(i => i.Meeting).FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        MeetingGuards.RequireDrafting(item.Meeting, Now);
        var today = Today;
        if (!await db.Memberships.Where(Membership.CurrentOn(today))
                .AnyAsync(m => m.PathwayId == item.Meeting.PathwayId && m.PersonId == ownerPersonId && m.Role != MembershipRole.Associate, ct))
            errors["Owner"] = "The owner must be a current member of the Pathway.";
        ValidationFailedException.ThrowIfAny(errors);
        var action = new ActionItem { PathwayId = item.Meeting.PathwayId, AgendaItemId = itemId, Description = description.Trim(), OwnerPersonId = ownerPersonId, DueDate = due!.Value, Status = ActionStatus.Open };
        db.Actions.Add(action);
        item.Meeting.Status = MeetingStatus.MinutesDrafted;
        await db.SaveChangesAsync(ct);
        return action.Id;
    }

    /// <summary>The actor's own open and done actions across Pathways.</summary>
    public async Task<IReadOnlyList<ActionView>> MyActionsAsync(CancellationToken ct = default)
    {
        var person = user.Actor.PersonId ?? -1;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await Project(db.Actions.Where(a => a.OwnerPersonId == person), Today).ToListAsync(ct)).Select(a => a.View).OrderBy(a => a.Status).ThenBy(a => a.DueDate).ToList();
    }

    public async Task<IReadOnlyList<ActionView>> PathwayActionsAsync(int pathwayId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await PathwayAccess.ForAsync(db, user.Actor, pathwayId, Today, ct);
        if (!access.CanRead) throw new ForbiddenException("Only the Pathway's members and associates can see its actions.");
        return (await Project(db.Actions.Where(a => a.PathwayId == pathwayId).Where(MinutesAccess.VisibleActions(access, user.Actor.PersonId)), Today).ToListAsync(ct))
            .Select(a => a.View).OrderBy(a => a.Status).ThenBy(a => a.DueDate).ToList();
    }

    /// <summary>The owner (or a coordinator) updates an action's status with a dated note.</summary>
    public async Task UpdateActionAsync(int actionId, ActionStatus status, string? note, Guid version, CancellationToken ct = default)
    {
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var action = await db.Actions.FirstOrDefaultAsync(a => a.Id == actionId, ct) ?? throw new NotFoundException("That action does not exist.");
        if (!user.Actor.IsCoordinator && user.Actor.PersonId != action.OwnerPersonId) throw new ForbiddenException("Only the action's owner or the coordinator can update it.");
        db.Entry(action).Property(a => a.Version).OriginalValue = version;
        action.Status = status;
        action.DoneUtc = status == ActionStatus.Done ? Now : null;
        if (!string.IsNullOrWhiteSpace(note)) db.ActionNotes.Add(new ActionNote { ActionItemId = actionId, AtUtc = Now, Author = user.Actor.Name, Text = note.Trim() });
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>
    /// Adds a dated progress note to an action without changing its status: an owner reports progress as often as there is
    /// progress, and only "Mark done" closes the action.
    /// </summary>
    public async Task AddNoteAsync(int actionId, string? note, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(note)) throw new ValidationFailedException(new Dictionary<string, string> { ["Note"] = "Write the progress note first." });
        if (note.Trim().Length > 2000) throw new ValidationFailedException(new Dictionary<string, string> { ["Note"] = "A progress note is at most 2,000 characters." });
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var action = await db.Actions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId, ct) ?? throw new NotFoundException("That action does not exist.");
        if (!user.Actor.IsCoordinator && user.Actor.PersonId != action.OwnerPersonId) throw new ForbiddenException("Only the action's owner or the coordinator can add a progress note.");
        db.ActionNotes.Add(new ActionNote { ActionItemId = actionId, AtUtc = Now, Author = user.Actor.Name, Text = note.Trim() });
        await db.SaveChangesAsync(ct);
    }

    internal sealed record ActionRow(int AgendaItemId, ActionView View);

    /// <summary>
    /// Filter actions first, then project: EF cannot filter on members of a constructed record. Every listing of actions (my
    /// actions, a Pathway's action log, the actions carried on an agenda) comes through here, so each shows the notes, newest first.
    /// </summary>
    internal static IQueryable<ActionRow> Project(IQueryable<ActionItem> actions, DateOnly today) =>
        actions.AsNoTracking().Select(a => new ActionRow(a.AgendaItemId,
            new ActionView(a.Id, a.Description, a.OwnerPersonId, a.Owner.FullName, a.DueDate, a.Status, a.Status == ActionStatus.Open && a.DueDate < today,
                a.Version, a.PathwayId, a.AgendaItem.Meeting.Title,
                a.Notes.OrderByDescending(n => n.AtUtc).ThenByDescending(n => n.Id).Select(n => new ActionNoteView(n.Id, n.AtUtc, n.Author, n.Text)).ToList())));
}
