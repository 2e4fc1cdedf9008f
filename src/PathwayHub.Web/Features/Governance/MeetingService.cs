using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance;

public sealed class MeetingInput
{
    public string Title { get; set; } = "";
    /// <summary>UK local date and time of the start.</summary>
    public DateTime? StartLocal { get; set; }
    public int DurationMinutes { get; set; } = 120;
    public string? Venue { get; set; }
    public string? OnlineLink { get; set; }
    /// <summary>1 for a single meeting; 4 for a quarterly series over a year.</summary>
    public int Occurrences { get; set; } = 1;
}

public sealed record MeetingSummary(int Id, int PathwayId, string PathwaySlug, string PathwayName, string Title, DateTime StartUtc, DateTime EndUtc, MeetingStatus Status, string? Venue);

public sealed record PaperView(int Id, string Title, string FileName, long Size, bool Confidential, bool Supplement);
public sealed record DecisionView(int Id, int Number, string Text);
public sealed record ActionView(int Id, string Description, int OwnerPersonId, string Owner, DateOnly DueDate, ActionStatus Status, bool Overdue, Guid Version, int PathwayId, string? MeetingTitle);
public sealed record ItemView(int Id, int Order, string Title, ItemPurpose Purpose, string? Presenter, int Minutes, bool IsStanding, bool IsActionLog,
    string? MinutesText, IReadOnlyList<PaperView> Papers, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<ActionView> Actions, Guid Version);
public sealed record AttendeeView(int PersonId, string Name, bool IsAssociate, AttendanceStatus? Status);
public sealed record ProposalView(int Id, string Title, ItemPurpose Purpose, string Proposer, ProposalStatus Status, string? DeclineReason, bool Mine);
public sealed record DeclarationView(string Person, string? Item, string Interest);

public sealed record MeetingView(
    int Id, int PathwayId, string PathwaySlug, string PathwayName, string Title, DateTime StartUtc, DateTime EndUtc, string? Venue, string? OnlineLink,
    MeetingStatus Status, string? CancellationReason, IReadOnlyList<ItemView> Items, IReadOnlyList<ActionView> CarriedActions,
    IReadOnlyList<AttendeeView> Attendees, int QuorumCount, int MembersPresent, IReadOnlyList<ProposalView> Proposals,
    IReadOnlyList<DeclarationView> Declarations, bool MinutesVisible, bool CanManage, bool CanPropose, Guid Version)
{
    public bool Quorate => MembersPresent >= QuorumCount;
}

/// <summary>
/// Meetings of a Pathway from planning to approved minutes. Coordinators manage; members and associates see a meeting once its
/// agenda is published; associates never see confidential papers; draft minutes are seen by the coordinator and chair only.
/// </summary>
public sealed class MeetingService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, FileStore files)
{
    public const long MaxPaperBytes = FileStore.MaxBytes;

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
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors[nameof(input.Title)] = "Enter a title for the meeting.";
        if (input.StartLocal is null) errors[nameof(input.StartLocal)] = "Enter the date and start time.";
        if (input.DurationMinutes is < 15 or > 480) errors[nameof(input.DurationMinutes)] = "A meeting lasts between 15 minutes and 8 hours.";
        if (input.Occurrences is < 1 or > 8) errors[nameof(input.Occurrences)] = "Create between 1 and 8 meetings at once.";
        if (string.IsNullOrWhiteSpace(input.Venue) && string.IsNullOrWhiteSpace(input.OnlineLink)) errors[nameof(input.Venue)] = "Enter a venue or an online link.";
        if (!string.IsNullOrWhiteSpace(input.OnlineLink) && !(Uri.TryCreate(input.OnlineLink, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps))
            errors[nameof(input.OnlineLink)] = "Enter the full https:// link to the online meeting.";
        ValidationFailedException.ThrowIfAny(errors);

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
        q = upcoming ? q.Where(m => m.EndUtc >= now).OrderBy(m => m.StartUtc) : q.Where(m => m.EndUtc < now).OrderByDescending(m => m.StartUtc);
        return await q.Take(200).Select(m => new MeetingSummary(m.Id, m.PathwayId, m.Pathway.Slug, m.Pathway.Name, m.Title, m.StartUtc, m.EndUtc, m.Status, m.Venue)).ToListAsync(ct);
    }

    public async Task<MeetingView> GetAsync(int meetingId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (meeting, access) = await ReadableAsync(db, meetingId, ct);
        var today = Today;
        var items = await db.AgendaItems.AsNoTracking().Where(i => i.MeetingId == meetingId).OrderBy(i => i.Order)
            .Include(i => i.Papers.Where(p => p.WithdrawnUtc == null)).Include(i => i.Decisions).ToListAsync(ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var minutesVisible = MinutesAccess.MinutesVisible(access, meeting.Status);
        var actions = minutesVisible
            ? await Project(db.Actions.Where(a => itemIds.Contains(a.AgendaItemId)), today).ToListAsync(ct)
            : [];
        // Open actions from earlier meetings of the Pathway are carried into every later agenda until done, as far as the reader may see them.
        var carried = await Project(db.Actions.Where(a => a.PathwayId == meeting.PathwayId && a.Status == ActionStatus.Open
            && !itemIds.Contains(a.AgendaItemId) && a.AgendaItem.Meeting.StartUtc < meeting.StartUtc).Where(MinutesAccess.VisibleActions(access, user.Actor.PersonId)), today).ToListAsync(ct);

        var quorum = await db.TermsOfReference.Where(t => t.PathwayId == meeting.PathwayId && t.Status == TorStatus.Approved).Select(t => (int?)t.QuorumCount).FirstOrDefaultAsync(ct) ?? 3;
        var meetingDay = UkCalendar.DayOf(meeting.StartUtc);
        var members = await db.Memberships.AsNoTracking().Where(Membership.CurrentOn(meetingDay))
            .Where(m => m.PathwayId == meeting.PathwayId)
            .Select(m => new { m.PersonId, m.Person.FullName, IsAssociate = m.Role == MembershipRole.Associate }).ToListAsync(ct);
        var attendance = await db.Attendance.AsNoTracking().Where(a => a.MeetingId == meetingId).ToDictionaryAsync(a => a.PersonId, ct);
        var attendees = members.OrderBy(m => m.IsAssociate).ThenBy(m => m.FullName)
            .Select(m => new AttendeeView(m.PersonId, m.FullName, m.IsAssociate, attendance.TryGetValue(m.PersonId, out var a) ? a.Status : null)).ToList();
        var present = attendance.Values.Count(a => a.Status == AttendanceStatus.Present && !a.IsAssociate);

        var me = user.Actor.PersonId;
        var proposals = await db.AgendaProposals.AsNoTracking().Where(p => p.MeetingId == meetingId && (access.IsCoordinator || p.ProposerPersonId == me))
            .Select(p => new ProposalView(p.Id, p.Title, p.Purpose, p.Proposer.FullName, p.Status, p.DeclineReason, p.ProposerPersonId == me)).ToListAsync(ct);
        var declarations = await db.Declarations.AsNoTracking().Where(d => d.MeetingId == meetingId)
            .Select(d => new DeclarationView(d.Person.FullName, db.AgendaItems.Where(i => i.Id == d.AgendaItemId).Select(i => i.Title).FirstOrDefault(), d.Interest)).ToListAsync(ct);

        var itemViews = items.Select(i => new ItemView(i.Id, i.Order, i.Title, i.Purpose, i.Presenter, i.Minutes, i.IsStanding, i.IsActionLog,
            minutesVisible ? i.MinutesText : null,
            i.Papers.Where(p => access.SeesConfidential || !p.Confidential).OrderBy(p => p.Id).Select(p => new PaperView(p.Id, p.Title, p.FileName, p.Size, p.Confidential, p.Supplement)).ToList(),
            minutesVisible ? i.Decisions.OrderBy(d => d.Number).Select(d => new DecisionView(d.Id, d.Number, d.Text)).ToList() : [],
            actions.Where(a => a.AgendaItemId == i.Id).Select(a => a.View).ToList(), i.Version)).ToList();

        return new MeetingView(meeting.Id, meeting.PathwayId, meeting.Pathway.Slug, meeting.Pathway.Name, meeting.Title, meeting.StartUtc, meeting.EndUtc,
            meeting.Venue, meeting.OnlineLink, meeting.Status, meeting.CancellationReason, itemViews, carried.Select(a => a.View).ToList(),
            attendees, quorum, present, proposals, minutesVisible ? declarations : [], minutesVisible, access.IsCoordinator,
            access.CanRead && meeting.Status is MeetingStatus.Planned or MeetingStatus.AgendaPublished && me is not null, meeting.Version);
    }

    public async Task<int> AddItemAsync(int meetingId, string title, ItemPurpose purpose, string? presenter, int minutes, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        ValidateItem(title, minutes);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var meeting = await EditableAsync(db, meetingId, ct);
        // New items go before "Any other business", which stays last.
        var items = await db.AgendaItems.Where(i => i.MeetingId == meetingId).OrderBy(i => i.Order).ToListAsync(ct);
        var aob = items.LastOrDefault(i => i.IsStanding && i.Title == "Any other business");
        var order = aob is null ? (items.LastOrDefault()?.Order ?? 0) + 10 : aob.Order;
        if (aob is not null) aob.Order += 10;
        var item = new AgendaItem { MeetingId = meeting.Id, Title = title.Trim(), Purpose = purpose, Presenter = FieldRules.Clean(presenter), Minutes = minutes, Order = order };
        db.AgendaItems.Add(item);
        await db.SaveChangesAsync(ct);
        return item.Id;
    }

    /// <summary>Moves an item one place up (-1) or down (+1): the keyboard-friendly way to reorder.</summary>
    public async Task MoveItemAsync(int itemId, int direction, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        await EditableAsync(db, item.MeetingId, ct);
        var items = await db.AgendaItems.Where(i => i.MeetingId == item.MeetingId).OrderBy(i => i.Order).ToListAsync(ct);
        var index = items.IndexOf(item);
        var other = index + Math.Sign(direction);
        if (other < 0 || other >= items.Count) return;
        (items[index], items[other]) = (items[other], items[index]);
        for (var i = 0; i < items.Count; i++) items[i].Order = (i + 1) * 10;
        await db.SaveChangesAsync(ct);
    }

    public async Task ProposeItemAsync(int meetingId, string title, ItemPurpose purpose, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new ValidationFailedException(new Dictionary<string, string> { ["Title"] = "Enter the item you want to propose." });
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var (meeting, access) = await ReadableAsync(db, meetingId, ct);
        var person = user.Actor.PersonId;
        if (person is null || access.Role is null) throw new ForbiddenException("Only the Pathway's members and associates can propose items.");
        if (meeting.Status is not (MeetingStatus.Planned or MeetingStatus.AgendaPublished)) throw new ValidationFailedException(new Dictionary<string, string> { ["Title"] = "Items can be proposed only before the meeting is held." });
        db.AgendaProposals.Add(new AgendaProposal { MeetingId = meetingId, ProposerPersonId = person.Value, Title = title.Trim(), Purpose = purpose, Status = ProposalStatus.Proposed });
        await db.SaveChangesAsync(ct);
    }

    public async Task DecideProposalAsync(int proposalId, bool accept, string? declineReason, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        if (!accept && string.IsNullOrWhiteSpace(declineReason)) throw new ValidationFailedException(new Dictionary<string, string> { ["DeclineReason"] = "Give the reason the proposer will see." });
        int meetingId; string title; ItemPurpose purpose;
        await using (var db = await dbs.OpenAsync(user.Actor, ct))
        {
            var p = await db.AgendaProposals.FirstOrDefaultAsync(x => x.Id == proposalId, ct) ?? throw new NotFoundException("That proposal no longer exists.");
            if (p.Status != ProposalStatus.Proposed) throw new ValidationFailedException(new Dictionary<string, string> { [""] = "That proposal has already been decided." });
            p.Status = accept ? ProposalStatus.Accepted : ProposalStatus.Declined;
            p.DeclineReason = accept ? null : declineReason!.Trim();
            await db.SaveChangesAsync(ct);
            (meetingId, title, purpose) = (p.MeetingId, p.Title, p.Purpose);
        }
        if (accept) await AddItemAsync(meetingId, title, purpose, null, 10, ct);
    }

    /// <summary>Stores a paper outside the web root under its content hash after checking its content matches its type.</summary>
    public async Task<int> AddPaperAsync(int itemId, string title, string fileName, Stream content, bool confidential, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        var file = await files.SaveAsync(fileName, content, ct);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.Include(i => i.Meeting).FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        if (item.Meeting.Status == MeetingStatus.Cancelled) throw new ValidationFailedException(new Dictionary<string, string> { ["File"] = "The meeting is cancelled." });
        var paper = new Paper
        {
            AgendaItemId = itemId, Title = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(fileName) : title.Trim(),
            FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, Sha256 = file.Sha256, Confidential = confidential,
            Supplement = item.Meeting.PublishedUtc is not null, AddedUtc = Now,
        };
        db.Papers.Add(paper);
        await db.SaveChangesAsync(ct);
        return paper.Id;
    }

    /// <summary>Opens a paper for download, checking the same rules as the agenda: confidential papers never reach associates.</summary>
    public async Task<(Stream Content, string ContentType, string FileName)> OpenPaperAsync(int paperId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var paper = await db.Papers.AsNoTracking().Include(p => p.AgendaItem).FirstOrDefaultAsync(p => p.Id == paperId && p.WithdrawnUtc == null, ct)
            ?? throw new NotFoundException("That paper does not exist.");
        var (_, access) = await ReadableAsync(db, paper.AgendaItem.MeetingId, ct);
        if (paper.Confidential && !access.SeesConfidential) throw new ForbiddenException("This paper is confidential to the Pathway's members.");
        return (files.Open(paper.Sha256), paper.ContentType, paper.FileName);
    }

    /// <summary>Publishes the agenda pack: the meeting becomes visible to members and associates, who are each notified once.</summary>
    public async Task PublishAsync(int meetingId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = await db.Meetings.Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status != MeetingStatus.Planned) throw Invalid($"The agenda can be published only while the meeting is planned; it is {Label(meeting.Status)}.");
        meeting.Status = MeetingStatus.AgendaPublished;
        meeting.PublishedUtc = Now;
        await db.SaveChangesAsync(ct);
        var when = UkCalendar.ToUk(meeting.StartUtc).ToString("dddd d MMMM yyyy 'at' HH:mm");
        await NotifyPathwayAsync(db, meeting, NotificationKinds.AgendaPublished, $"Agenda published: {meeting.Pathway.Name}, {when}",
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
        if (meeting.Status is not (MeetingStatus.Planned or MeetingStatus.AgendaPublished)) throw Invalid($"A meeting that is {Label(meeting.Status)} cannot be cancelled.");
        var wasPublished = meeting.Status == MeetingStatus.AgendaPublished;
        meeting.Status = MeetingStatus.Cancelled;
        meeting.CancellationReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        if (wasPublished)
        {
            var when = UkCalendar.ToUk(meeting.StartUtc).ToString("dddd d MMMM yyyy");
            await NotifyPathwayAsync(db, meeting, NotificationKinds.MeetingCancelled, $"Cancelled: {meeting.Pathway.Name} meeting on {when}", $"The meeting is cancelled: {meeting.CancellationReason}", ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task RecordAttendanceAsync(int meetingId, IReadOnlyDictionary<int, AttendanceStatus> statuses, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status is MeetingStatus.Planned or MeetingStatus.Cancelled) throw Invalid("Attendance is recorded once the agenda is published.");
        var day = UkCalendar.DayOf(meeting.StartUtc);
        var roles = await db.Memberships.Where(Membership.CurrentOn(day)).Where(m => m.PathwayId == meeting.PathwayId)
            .ToDictionaryAsync(m => m.PersonId, m => m.Role, ct);
        var existing = await db.Attendance.Where(a => a.MeetingId == meetingId).ToDictionaryAsync(a => a.PersonId, ct);
        foreach (var (personId, status) in statuses)
        {
            if (!roles.TryGetValue(personId, out var role)) throw Invalid("Attendance can be recorded only for the Pathway's members and associates.");
            if (!existing.TryGetValue(personId, out var row)) db.Attendance.Add(row = new Attendance { MeetingId = meetingId, PersonId = personId });
            row.Status = status;
            row.IsAssociate = role == MembershipRole.Associate;
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task DeclareInterestAsync(int meetingId, int personId, int? itemId, string interest, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        if (string.IsNullOrWhiteSpace(interest)) throw new ValidationFailedException(new Dictionary<string, string> { ["Interest"] = "Describe the interest declared." });
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await EditableAsync(db, meetingId, ct, allowHeld: true);
        db.Declarations.Add(new Declaration { MeetingId = meetingId, PersonId = personId, AgendaItemId = itemId, Interest = interest.Trim() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks the meeting held: minutes can then be drafted.</summary>
    public async Task MarkHeldAsync(int meetingId, CancellationToken ct = default) => await TransitionAsync(meetingId, MeetingStatus.AgendaPublished, MeetingStatus.Held, ct);

    /// <summary>Saves an item's minutes. <paramref name="version"/> is the item's version as read: a save over someone else's newer text is refused.</summary>
    public async Task<Guid> SaveMinutesAsync(int itemId, string? text, Guid version, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.Include(i => i.Meeting).FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        if (item.Version != version) throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
        RequireDrafting(item.Meeting);
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
        RequireDrafting(item.Meeting);
        var number = (await db.Decisions.Where(d => d.PathwayId == item.Meeting.PathwayId).MaxAsync(d => (int?)d.Number, ct) ?? 0) + 1;
        db.Decisions.Add(new Decision { PathwayId = item.Meeting.PathwayId, Number = number, AgendaItemId = itemId, Text = text.Trim() });
        item.Meeting.Status = MeetingStatus.MinutesDrafted;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return number;
    }

    public async Task<int> AddActionAsync(int itemId, string description, int ownerPersonId, DateOnly? due, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(description)) errors["Description"] = "Describe the action.";
        if (due is null) errors["DueDate"] = "Enter the date the action is due.";
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.Include(i => i.Meeting).FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        RequireDrafting(item.Meeting);
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

    /// <summary>Approves the minutes: they are published to members and associates, who are notified.</summary>
    public async Task ApproveMinutesAsync(int meetingId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var meeting = await db.Meetings.Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status != MeetingStatus.MinutesDrafted) throw Invalid($"Only drafted minutes can be approved; the meeting is {Label(meeting.Status)}.");
        meeting.Status = MeetingStatus.MinutesApproved;
        await db.SaveChangesAsync(ct);
        await NotifyPathwayAsync(db, meeting, NotificationKinds.MinutesApproved, $"Minutes approved: {meeting.Pathway.Name}, {UkCalendar.ToUk(meeting.StartUtc):d MMMM yyyy}",
            "The minutes of the meeting are approved and published.", ct);
        await tx.CommitAsync(ct);
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

    private sealed record ActionRow(int AgendaItemId, ActionView View);

    /// <summary>Filter actions first, then project: EF cannot filter on members of a constructed record.</summary>
    private static IQueryable<ActionRow> Project(IQueryable<ActionItem> actions, DateOnly today) =>
        actions.AsNoTracking().Select(a => new ActionRow(a.AgendaItemId,
            new ActionView(a.Id, a.Description, a.OwnerPersonId, a.Owner.FullName, a.DueDate, a.Status, a.Status == ActionStatus.Open && a.DueDate < today,
                a.Version, a.PathwayId, a.AgendaItem.Meeting.Title)));

    private async Task NotifyPathwayAsync(AppDbContext db, Meeting meeting, string kind, string subject, string body, CancellationToken ct)
    {
        var day = UkCalendar.DayOf(meeting.StartUtc);
        var today = Today;
        var recipients = await db.Users.Where(u => u.PersonId != null && db.Memberships.Any(m => m.PersonId == u.PersonId && m.PathwayId == meeting.PathwayId
                && m.StartDate <= (day > today ? day : today) && (m.EndDate == null || m.EndDate >= today)))
            .Select(u => u.Id).ToListAsync(ct);
        await NotificationService.EnqueueAsync(db, recipients.Select(id =>
            new OutgoingNotification(id, kind, $"meeting:{meeting.Id}:{kind}:user:{id}", subject, body, $"/meetings/{meeting.Id}")), Now, ct);
    }

    private async Task<(Meeting Meeting, PathwayAccess Access)> ReadableAsync(AppDbContext db, int meetingId, CancellationToken ct)
    {
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        var access = await PathwayAccess.ForAsync(db, user.Actor, meeting.PathwayId, Today, ct);
        if (!MeetingAccess.CanSee(access, meeting.Status)) throw new NotFoundException("That meeting does not exist.");
        return (meeting, access);
    }

    private static async Task<Meeting> EditableAsync(AppDbContext db, int meetingId, CancellationToken ct, bool allowHeld = false)
    {
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        var ok = meeting.Status is MeetingStatus.Planned or MeetingStatus.AgendaPublished || (allowHeld && meeting.Status is MeetingStatus.Held or MeetingStatus.MinutesDrafted);
        if (!ok) throw Invalid($"The agenda cannot change once the meeting is {Label(meeting.Status)}.");
        return meeting;
    }

    private async Task TransitionAsync(int meetingId, MeetingStatus from, MeetingStatus to, CancellationToken ct)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("That meeting does not exist.");
        if (meeting.Status != from) throw Invalid($"A meeting that is {Label(meeting.Status)} cannot become {Label(to)}.");
        meeting.Status = to;
        await db.SaveChangesAsync(ct);
    }

    private static void RequireDrafting(Meeting m)
    {
        if (m.Status is not (MeetingStatus.Held or MeetingStatus.MinutesDrafted)) throw Invalid($"Minutes are written after the meeting is held and before they are approved; it is {Label(m.Status)}.");
    }

    private static void ValidateItem(string title, int minutes)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(title)) errors["Title"] = "Enter the item's title.";
        if (minutes is < 0 or > 240) errors["Minutes"] = "Allot between 0 and 240 minutes.";
        ValidationFailedException.ThrowIfAny(errors);
    }

    public static string Label(MeetingStatus s) => s switch
    {
        MeetingStatus.AgendaPublished => "agenda published",
        MeetingStatus.MinutesDrafted => "minutes drafted",
        MeetingStatus.MinutesApproved => "minutes approved",
        _ => s.ToString().ToLowerInvariant(),
    };

    private static ValidationFailedException Invalid(string message) => new(new Dictionary<string, string> { [""] = message });
}
