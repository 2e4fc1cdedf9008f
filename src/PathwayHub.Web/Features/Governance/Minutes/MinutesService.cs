using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Minutes;

/// <summary>A held meeting's minutes: each item's text and decisions (numbered in the Pathway's register), then approval and publication.</summary>
public sealed class MinutesService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    /// <summary>Saves an item's minutes. <paramref name="version"/> is the item's version as read: a save over someone else's newer text is refused.</summary>
    public async Task<Guid> SaveMinutesAsync(int itemId, string? text, Guid version, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.Include(i => i.Meeting).FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        if (item.Version != version) throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
        MeetingGuards.RequireDrafting(item.Meeting, Now);
        db.Entry(item).Property(i => i.Version).OriginalValue = version;
        item.MinutesText = FieldRules.Clean(text);
        item.Meeting.Status = MeetingStatus.MinutesDrafted;
        await db.SaveChangesOrConflictAsync(ct);
        return item.Version;
    }

    /// <summary>Records a decision under an item, numbered in the Pathway's decisions register.</summary>
    public async Task<int> AddDecisionAsync(int itemId, string text, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        if (string.IsNullOrWhiteSpace(text)) throw new ValidationFailedException(new Dictionary<string, string> { ["Decision"] = "Enter the decision." });
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var item = await db.AgendaItems.Include(i => i.Meeting).FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        MeetingGuards.RequireDrafting(item.Meeting, Now);
        var number = (await db.Decisions.Where(d => d.PathwayId == item.Meeting.PathwayId).MaxAsync(d => (int?)d.Number, ct) ?? 0) + 1;
        db.Decisions.Add(new Decision { PathwayId = item.Meeting.PathwayId, Number = number, AgendaItemId = itemId, Text = text.Trim() });
        item.Meeting.Status = MeetingStatus.MinutesDrafted;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return number;
    }

    /// <summary>Approves the minutes: they are published to members and associates, who are notified.</summary>
    public async Task ApproveMinutesAsync(int meetingId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = await db.Meetings.Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status != MeetingStatus.MinutesDrafted) throw MeetingGuards.Invalid($"Only drafted minutes can be approved; the meeting is {GovernanceText.Label(meeting.Status)}.");
        MeetingGuards.RequireStarted(meeting, Now, "approved");
        meeting.Status = MeetingStatus.MinutesApproved;
        await db.SaveChangesAsync(ct);
        await MeetingNotifications.PathwayAsync(db, Today, Now, meeting, NotificationKinds.MinutesApproved, $"Minutes approved: {meeting.Pathway.Name}, {UkCalendar.ToUk(meeting.StartUtc):d MMMM yyyy}",
            "The minutes of the meeting are approved and published.", ct);
        await tx.CommitAsync(ct);
    }

    public async Task<(IReadOnlyList<(int Number, string Text, DateTime MeetingUtc, int MeetingId)> Rows, int Total)> DecisionsAsync(int pathwayId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await PathwayAccess.ForAsync(db, user.Actor, pathwayId, Today, ct);
        if (!access.CanRead) throw new ForbiddenException("Only the Pathway's members and associates can see its decisions.");
        var q = db.Decisions.AsNoTracking().Where(d => d.PathwayId == pathwayId).Where(MinutesAccess.VisibleDecisions(access));
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(d => d.Number).Skip(page * pageSize).Take(pageSize)
            .Select(d => new { d.Number, d.Text, d.AgendaItem.Meeting.StartUtc, d.AgendaItem.MeetingId }).ToListAsync(ct);
        return (rows.Select(r => (r.Number, r.Text, r.StartUtc, r.MeetingId)).ToList(), total);
    }
}
