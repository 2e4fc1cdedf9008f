using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance.Actions;
using PathwayHub.Web.Features.Governance.Conflicts;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Meetings;

/// <summary>
/// Meetings of a Pathway: scheduling, publishing, cancelling, holding, attendance and declarations. Coordinators manage;
/// members and associates see a meeting once its agenda is published (<see cref="MeetingAccess"/>). The agenda, minutes and
/// actions have services of their own.
/// </summary>
public sealed class MeetingService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private static readonly (string Title, ItemPurpose Purpose, int Minutes, bool ActionLog)[] StandingItems =
    [
        ("Welcome and apologies", ItemPurpose.Information, 5, false),
        ("Declarations of interest", ItemPurpose.Information, 5, false),
        ("Minutes of the previous meeting and matters arising", ItemPurpose.Decision, 10, false),
        ("Review of the action log", ItemPurpose.Discussion, 15, true),
        ("Any other business", ItemPurpose.Discussion, 10, false),
    ];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    /// <summary>Creates one meeting, or a quarterly series, each with the standing agenda items. Returns the ids.</summary>
    public async Task<IReadOnlyList<int>> CreateAsync(int pathwayId, MeetingInput input, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        Validate(input, series: true);

        await using var db = await dbs.OpenAsync(user.Actor, ct);
        if (!await db.Pathways.AnyAsync(p => p.Id == pathwayId, ct)) throw new NotFoundException("That Pathway no longer exists.");
        var meetings = new List<Meeting>();
        for (var i = 0; i < input.Occurrences; i++)
        {
            var startUtc = UkCalendar.ToUtc(input.StartLocal!.Value.AddMonths(3 * i));
            var meeting = new Meeting
            {
                PathwayId = pathwayId, Title = input.Title.Trim(), StartUtc = startUtc, EndUtc = startUtc.AddMinutes(input.DurationMinutes),
                Venue = FieldRules.Clean(input.Venue), OnlineLink = FieldRules.Clean(input.OnlineLink), Status = MeetingStatus.Planned,
            };
            var order = 0;
            foreach (var s in StandingItems)
                meeting.Items.Add(new AgendaItem { Order = ++order * 10, Title = s.Title, Purpose = s.Purpose, Minutes = s.Minutes, IsStanding = true, IsActionLog = s.ActionLog });
            meetings.Add(meeting);
        }
        db.Meetings.AddRange(meetings);
        await db.SaveChangesAsync(ct);
        return meetings.Select(m => m.Id).ToList();
    }

    /// <summary>
    /// Moves a planned or published meeting to another time or place (title, start, duration, venue, online link). Calendar
    /// apps see the change as a new SEQUENCE of the same event (<see cref="Meeting.Stamp"/>).
    /// </summary>
    public async Task RescheduleAsync(int meetingId, MeetingInput input, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        Validate(input, series: false);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = await db.Meetings.Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status is not (MeetingStatus.Planned or MeetingStatus.AgendaPublished))
            throw MeetingGuards.Invalid($"A meeting that is {GovernanceText.Label(meeting.Status)} cannot be moved.");
        var sequence = meeting.Sequence;
        meeting.Title = input.Title.Trim();
        meeting.StartUtc = UkCalendar.ToUtc(input.StartLocal!.Value);
        meeting.EndUtc = meeting.StartUtc.AddMinutes(input.DurationMinutes);
        meeting.Venue = FieldRules.Clean(input.Venue);
        meeting.OnlineLink = FieldRules.Clean(input.OnlineLink);
        await db.SaveChangesAsync(ct);
        // Members know a published meeting's time and place: a new one (a new SEQUENCE) is news, sent once per move. A planned
        // meeting is not theirs to see yet, and a new title alone changes nowhere anyone has to be.
        if (meeting.Status == MeetingStatus.AgendaPublished && meeting.Sequence != sequence)
        {
            var when = UkCalendar.ToUk(meeting.StartUtc).ToString("dddd d MMMM yyyy 'at' HH:mm");
            var place = string.Join(" and ", new[] { meeting.Venue, meeting.OnlineLink is null ? null : $"online at {meeting.OnlineLink}" }.Where(p => p is not null));
            await MeetingNotifications.PathwayAsync(db, Today, Now, meeting, NotificationKinds.MeetingMoved, $"Moved: {meeting.Pathway.Name} meeting, now {when}",
                $"The {meeting.Pathway.Name} Pathway meeting has moved. It is now on {when}, {place}.", ct, occasion: $"sequence-{meeting.Sequence}");
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>The rules of a meeting's details, for a new meeting (or <paramref name="series"/>) and a moved one.</summary>
    private static void Validate(MeetingInput input, bool series)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors[nameof(input.Title)] = "Enter a title for the meeting.";
        if (input.StartLocal is null) errors[nameof(input.StartLocal)] = "Enter the date and start time.";
        if (input.DurationMinutes is < 15 or > 480) errors[nameof(input.DurationMinutes)] = "A meeting lasts between 15 minutes and 8 hours.";
        if (series && input.Occurrences is < 1 or > 8) errors[nameof(input.Occurrences)] = "Create between 1 and 8 meetings at once.";
        if (string.IsNullOrWhiteSpace(input.Venue) && string.IsNullOrWhiteSpace(input.OnlineLink)) errors[nameof(input.Venue)] = "Enter a venue or an online link.";
        if (!string.IsNullOrWhiteSpace(input.OnlineLink) && !(Uri.TryCreate(input.OnlineLink, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps))
            errors[nameof(input.OnlineLink)] = "Enter the full https:// link to the online meeting.";
        ValidationFailedException.ThrowIfAny(errors);
    }

    /// <summary>Meetings across the actor's Pathways (all for coordinators); unpublished ones only for coordinators.</summary>
    public async Task<IReadOnlyList<MeetingSummary>> ListAsync(int? pathwayId = null, bool upcoming = true, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.RequireRole();
        var today = Today;
        var now = Now;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Meetings.AsNoTracking();
        if (pathwayId is { } pid) q = q.Where(m => m.PathwayId == pid);
        q = q.Where(MeetingAccess.Visible(db, actor.IsCoordinator, actor.PersonId, today));
        q = upcoming ? q.Where(MeetingGuards.Upcoming(now)).OrderBy(m => m.StartUtc) : q.Where(MeetingGuards.Past(now)).OrderByDescending(m => m.StartUtc);
        return await q.Take(200).Select(m => new MeetingSummary(m.Id, m.PathwayId, m.Pathway.Slug, m.Pathway.Name, m.Title, m.StartUtc, m.EndUtc, m.Status, m.Venue)).ToListAsync(ct);
    }

    public async Task<MeetingView> GetAsync(int meetingId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (meeting, access) = await MeetingGuards.ReadableAsync(db, user.Actor, Today, meetingId, ct);
        var today = Today;
        var items = await db.AgendaItems.AsNoTracking().Where(i => i.MeetingId == meetingId).OrderBy(i => i.Order)
            .Include(i => i.Papers.Where(p => p.WithdrawnUtc == null)).Include(i => i.Decisions).ToListAsync(ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var minutesVisible = MinutesAccess.MinutesVisible(access, meeting.Status);
        var actions = minutesVisible
            ? await ActionService.Project(db.Actions.Where(a => itemIds.Contains(a.AgendaItemId)), today).ToListAsync(ct)
            : [];
        // Open actions from earlier meetings of the Pathway are carried into every later agenda until done, as far as the reader may see them.
        var carried = await ActionService.Project(db.Actions.Where(a => a.PathwayId == meeting.PathwayId && a.Status == ActionStatus.Open
            && !itemIds.Contains(a.AgendaItemId) && a.AgendaItem.Meeting.StartUtc < meeting.StartUtc).Where(MinutesAccess.VisibleActions(access, user.Actor.PersonId)), today).ToListAsync(ct);

        var quorum = await db.TermsOfReference.Where(t => t.PathwayId == meeting.PathwayId && t.Status == TorStatus.Approved).Select(t => (int?)t.QuorumCount).FirstOrDefaultAsync(ct) ?? 3;
        var meetingDay = UkCalendar.DayOf(meeting.StartUtc);
        var members = await db.Memberships.AsNoTracking().Where(Membership.CurrentOn(meetingDay))
            .Where(m => m.PathwayId == meeting.PathwayId)
            .Select(m => new { m.PersonId, m.Person.FullName, m.Role, IsAssociate = m.Role == MembershipRole.Associate }).ToListAsync(ct);
        var attendance = await db.Attendance.AsNoTracking().Where(a => a.MeetingId == meetingId).ToDictionaryAsync(a => a.PersonId, ct);
        // The chair first, then the vice-chair, members and associates: the order of an attendance list in minutes.
        var attendees = members.OrderBy(m => m.Role).ThenBy(m => m.FullName)
            .Select(m => new AttendeeView(m.PersonId, m.FullName, m.IsAssociate, attendance.TryGetValue(m.PersonId, out var a) ? a.Status : null, m.Role)).ToList();
        var present = attendance.Values.Count(a => a.Status == AttendanceStatus.Present && !a.IsAssociate);

        var me = user.Actor.PersonId;
        var proposals = await db.AgendaProposals.AsNoTracking().Where(p => p.MeetingId == meetingId && (access.IsCoordinator || p.ProposerPersonId == me))
            .Select(p => new ProposalView(p.Id, p.Title, p.Purpose, p.Proposer.FullName, p.Status, p.DeclineReason, p.ProposerPersonId == me)).ToListAsync(ct);
        var declarations = await db.Declarations.AsNoTracking().Where(d => d.MeetingId == meetingId)
            .Select(d => new DeclarationView(d.Person.FullName, db.AgendaItems.Where(i => i.Id == d.AgendaItemId).Select(i => i.Title).FirstOrDefault(), d.Interest)).ToListAsync(ct);

        var (tenders, conflicts) = await MeetingConflicts.ForAsync(db, user.Actor, access, meeting, items, ct);

        var itemViews = items.Select(i => new ItemView(i.Id, i.Order, i.Title, i.Purpose, i.Presenter, i.Minutes, i.IsStanding, i.IsActionLog,
            minutesVisible ? i.MinutesText : null,
            i.Papers.Where(p => access.SeesConfidential || !p.Confidential).OrderBy(p => p.Id).Select(p => new PaperView(p.Id, p.Title, p.FileName, p.Size, p.Confidential, p.Supplement)).ToList(),
            minutesVisible ? i.Decisions.OrderBy(d => d.Number).Select(d => new DecisionView(d.Id, d.Number, d.Text)).ToList() : [],
            actions.Where(a => a.AgendaItemId == i.Id).Select(a => a.View).ToList(), i.Version)
        {
            Tender = i.TenderId is { } t ? tenders.GetValueOrDefault(t) : null,
            TenderId = access.IsCoordinator ? i.TenderId : null,
        }).ToList();

        return new MeetingView(meeting.Id, meeting.PathwayId, meeting.Pathway.Slug, meeting.Pathway.Name, meeting.Title, meeting.StartUtc, meeting.EndUtc,
            meeting.Venue, meeting.OnlineLink, meeting.Status, meeting.CancellationReason, itemViews, carried.Select(a => a.View).ToList(),
            attendees, quorum, present, proposals, minutesVisible ? declarations : [], minutesVisible, access.IsCoordinator,
            access.CanRead && meeting.Status is MeetingStatus.Planned or MeetingStatus.AgendaPublished && me is not null, meeting.Version)
        {
            ShowQuorum = MeetingGuards.ShowsQuorum(access, meeting, Now, attendance.Count > 0),
            HasStarted = Now >= meeting.StartUtc,
            Conflicts = conflicts,
        };
    }

    /// <summary>Publishes the agenda pack: the meeting becomes visible to members and associates, who are each notified once.</summary>
    public async Task PublishAsync(int meetingId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = await db.Meetings.Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status != MeetingStatus.Planned) throw MeetingGuards.Invalid($"The agenda can be published only while the meeting is planned; it is {GovernanceText.Label(meeting.Status)}.");
        meeting.Status = MeetingStatus.AgendaPublished;
        meeting.PublishedUtc = Now;
        await db.SaveChangesAsync(ct);
        var when = UkCalendar.ToUk(meeting.StartUtc).ToString("dddd d MMMM yyyy 'at' HH:mm");
        await MeetingNotifications.PathwayAsync(db, Today, Now, meeting, NotificationKinds.AgendaPublished, $"Agenda published: {meeting.Pathway.Name}, {when}",
            $"The agenda pack for the {meeting.Pathway.Name} Pathway meeting on {when} is published.", ct);
        await tx.CommitAsync(ct);
    }

    public async Task CancelAsync(int meetingId, string reason, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException(new Dictionary<string, string> { ["Reason"] = "Give the reason for cancelling." });
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = await db.Meetings.Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status is not (MeetingStatus.Planned or MeetingStatus.AgendaPublished)) throw MeetingGuards.Invalid($"A meeting that is {GovernanceText.Label(meeting.Status)} cannot be cancelled.");
        var wasPublished = meeting.Status == MeetingStatus.AgendaPublished;
        meeting.Status = MeetingStatus.Cancelled;
        meeting.CancellationReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        if (wasPublished)
        {
            var when = UkCalendar.ToUk(meeting.StartUtc).ToString("dddd d MMMM yyyy");
            await MeetingNotifications.PathwayAsync(db, Today, Now, meeting, NotificationKinds.MeetingCancelled, $"Cancelled: {meeting.Pathway.Name} meeting on {when}", $"The meeting is cancelled: {meeting.CancellationReason}", ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task RecordAttendanceAsync(int meetingId, IReadOnlyDictionary<int, AttendanceStatus> statuses, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status is MeetingStatus.Planned or MeetingStatus.Cancelled) throw MeetingGuards.Invalid("Attendance is recorded once the agenda is published.");
        var day = UkCalendar.DayOf(meeting.StartUtc);
        var roles = await db.Memberships.Where(Membership.CurrentOn(day)).Where(m => m.PathwayId == meeting.PathwayId)
            .ToDictionaryAsync(m => m.PersonId, m => m.Role, ct);
        var existing = await db.Attendance.Where(a => a.MeetingId == meetingId).ToDictionaryAsync(a => a.PersonId, ct);
        foreach (var (personId, status) in statuses)
        {
            if (!roles.TryGetValue(personId, out var role)) throw MeetingGuards.Invalid("Attendance can be recorded only for the Pathway's members and associates.");
            if (!existing.TryGetValue(personId, out var row)) db.Attendance.Add(row = new Attendance { MeetingId = meetingId, PersonId = personId });
            row.Status = status;
            row.IsAssociate = role == MembershipRole.Associate;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Records a declaration of interest at a meeting: the coordinator for anyone on the Pathway, a member or associate for
    /// themselves (a possible conflict on the agenda asks them to). Declarations are never changed or removed afterwards.
    /// </summary>
    public async Task DeclareInterestAsync(int meetingId, int personId, int? itemId, string interest, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.RequireRole();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(interest)) errors["Interest"] = "Describe the interest declared.";
        else if (interest.Trim().Length > 1000) errors["Interest"] = "The declaration must be 1,000 characters or fewer.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(actor, ct);
        var (_, access) = await MeetingGuards.ReadableAsync(db, actor, Today, meetingId, ct);
        if (!access.IsCoordinator && (actor.PersonId != personId || access.Role is null))
            throw new ForbiddenException("Only the coordinator records declarations for others; members and associates declare their own.");
        var meeting = await MeetingGuards.EditableAsync(db, meetingId, ct, allowHeld: true);
        var day = UkCalendar.DayOf(meeting.StartUtc);
        if (!await db.Memberships.Where(Membership.CurrentOn(day)).AnyAsync(m => m.PathwayId == meeting.PathwayId && m.PersonId == personId, ct))
            errors["Person"] = "Choose someone who sits on the Pathway on the day of the meeting.";
        if (itemId is { } item && !await db.AgendaItems.AnyAsync(i => i.Id == item && i.MeetingId == meetingId, ct))
            errors["Item"] = "Choose an item on this meeting's agenda.";
        ValidationFailedException.ThrowIfAny(errors);
        db.Declarations.Add(new Declaration { MeetingId = meetingId, PersonId = personId, AgendaItemId = itemId, Interest = interest.Trim() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks the meeting held: minutes can then be drafted.</summary>
    public async Task MarkHeldAsync(int meetingId, CancellationToken ct = default) => await TransitionAsync(meetingId, MeetingStatus.AgendaPublished, MeetingStatus.Held, ct);

    private async Task TransitionAsync(int meetingId, MeetingStatus from, MeetingStatus to, CancellationToken ct)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status != from) throw MeetingGuards.Invalid($"A meeting that is {GovernanceText.Label(meeting.Status)} cannot become {GovernanceText.Label(to)}.");
        MeetingGuards.RequireStarted(meeting, Now, GovernanceText.Label(to));
        meeting.Status = to;
        await db.SaveChangesAsync(ct);
    }
}
