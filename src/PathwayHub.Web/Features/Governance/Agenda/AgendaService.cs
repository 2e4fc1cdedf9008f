using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Agenda;

/// <summary>A meeting's agenda: items and their order, members' proposals, and papers (stored outside the web root by content hash).</summary>
public sealed class AgendaService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, FileStore files)
{
    public const long MaxPaperBytes = FileStore.MaxBytes;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    public async Task<int> AddItemAsync(int meetingId, string title, ItemPurpose purpose, string? presenter, int minutes, CancellationToken ct = default) =>
        await AddItemAsync(meetingId, title, purpose, presenter, minutes, tenderId: null, ct);

    /// <summary>Adds an item, linked to the tender it concerns if any (one serving the meeting's Pathway).</summary>
    public async Task<int> AddItemAsync(int meetingId, string title, ItemPurpose purpose, string? presenter, int minutes, int? tenderId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        ValidateItem(title, minutes);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var meeting = await MeetingGuards.EditableAsync(db, meetingId, ct);
        if (tenderId is { } tid) await RequireServingAsync(db, tid, meeting.PathwayId, ct);
        // New items go before "Any other business", which stays last.
        var items = await db.AgendaItems.Where(i => i.MeetingId == meetingId).OrderBy(i => i.Order).ToListAsync(ct);
        var aob = items.LastOrDefault(i => i.IsStanding && i.Title == "Any other business");
        var order = aob is null ? (items.LastOrDefault()?.Order ?? 0) + 10 : aob.Order;
        if (aob is not null) aob.Order += 10;
        var item = new AgendaItem { MeetingId = meeting.Id, Title = title.Trim(), Purpose = purpose, Presenter = FieldRules.Clean(presenter), Minutes = minutes, Order = order, TenderId = tenderId };
        db.AgendaItems.Add(item);
        await db.SaveChangesAsync(ct);
        return item.Id;
    }

    /// <summary>
    /// Links an item to the tender it concerns, or unlinks it (null). The tender must serve the meeting's Pathway: that is what
    /// makes its bidders' members possibly conflicted at this meeting. Standing items are not about a tender.
    /// </summary>
    public async Task<Guid> LinkTenderAsync(int itemId, int? tenderId, Guid version, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        var meeting = await MeetingGuards.EditableAsync(db, item.MeetingId, ct);
        if (item.IsStanding && tenderId is not null)
            throw new ValidationFailedException(new Dictionary<string, string> { ["TenderId"] = "A standing item is not about a tender: add an item for it." });
        if (tenderId is { } tid) await RequireServingAsync(db, tid, meeting.PathwayId, ct);
        db.Entry(item).Property(i => i.Version).OriginalValue = version;
        item.TenderId = tenderId;
        await db.SaveChangesOrConflictAsync(ct);
        return item.Version;
    }

    /// <summary>The tenders an item of this meeting can be linked to: those serving its Pathway, newest first (the coordinator's choice).</summary>
    public async Task<IReadOnlyList<Conflicts.LinkedTender>> TenderOptionsAsync(int meetingId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pathwayId = await db.Meetings.Where(m => m.Id == meetingId).Select(m => (int?)m.PathwayId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("That meeting does not exist.");
        return await db.Tenders.AsNoTracking().Where(t => t.Pathways.Any(p => p.PathwayId == pathwayId)).OrderByDescending(t => t.Id)
            .Select(t => new Conflicts.LinkedTender(t.Id, t.Reference, t.Title)).ToListAsync(ct);
    }

    private static async Task RequireServingAsync(AppDbContext db, int tenderId, int pathwayId, CancellationToken ct)
    {
        if (!await db.TenderPathways.AnyAsync(tp => tp.TenderId == tenderId && tp.PathwayId == pathwayId, ct))
            throw new ValidationFailedException(new Dictionary<string, string> { ["TenderId"] = "Choose a tender that serves this meeting's Pathway." });
    }

    /// <summary>Moves an item one place up (-1) or down (+1): the keyboard-friendly way to reorder.</summary>
    public async Task MoveItemAsync(int itemId, int direction, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var item = await db.AgendaItems.FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw new NotFoundException("That agenda item no longer exists.");
        await MeetingGuards.EditableAsync(db, item.MeetingId, ct);
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
        var (meeting, access) = await MeetingGuards.ReadableAsync(db, user.Actor, Today, meetingId, ct);
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
        var (_, access) = await MeetingGuards.ReadableAsync(db, user.Actor, Today, paper.AgendaItem.MeetingId, ct);
        if (paper.Confidential && !access.SeesConfidential) throw new ForbiddenException("This paper is confidential to the Pathway's members.");
        return (files.Open(paper.Sha256), paper.ContentType, paper.FileName);
    }

    private static void ValidateItem(string title, int minutes)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(title)) errors["Title"] = "Enter the item's title.";
        if (minutes is < 0 or > 240) errors["Minutes"] = "Allot between 0 and 240 minutes.";
        ValidationFailedException.ThrowIfAny(errors);
    }
}
