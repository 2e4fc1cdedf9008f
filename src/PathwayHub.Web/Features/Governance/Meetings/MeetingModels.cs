using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Features.Governance.Meetings;

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
public sealed record ActionView(int Id, string Description, int OwnerPersonId, string Owner, DateOnly DueDate, ActionStatus Status, bool Overdue, Guid Version, int PathwayId, string? MeetingTitle,
    IReadOnlyList<ActionNoteView> Notes);
/// <summary>A dated progress note on an action; listed newest first.</summary>
public sealed record ActionNoteView(int Id, DateTime AtUtc, string Author, string Text);
public sealed record ItemView(int Id, int Order, string Title, ItemPurpose Purpose, string? Presenter, int Minutes, bool IsStanding, bool IsActionLog,
    string? MinutesText, IReadOnlyList<PaperView> Papers, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<ActionView> Actions, Guid Version)
{
    /// <summary>The tender the item is linked to; null when none, or when the reader may not see the tender (one still being planned).</summary>
    public Conflicts.LinkedTender? Tender { get; init; }
    /// <summary>Whether the item is linked to a tender at all (the coordinator's agenda editor needs it even where <see cref="Tender"/> is hidden).</summary>
    public int? TenderId { get; init; }
}
public sealed record AttendeeView(int PersonId, string Name, bool IsAssociate, AttendanceStatus? Status, MembershipRole Role = MembershipRole.Member);
public sealed record ProposalView(int Id, string Title, ItemPurpose Purpose, string Proposer, ProposalStatus Status, string? DeclineReason, bool Mine);
public sealed record DeclarationView(string Person, string? Item, string Interest);

public sealed record MeetingView(
    int Id, int PathwayId, string PathwaySlug, string PathwayName, string Title, DateTime StartUtc, DateTime EndUtc, string? Venue, string? OnlineLink,
    MeetingStatus Status, string? CancellationReason, IReadOnlyList<ItemView> Items, IReadOnlyList<ActionView> CarriedActions,
    IReadOnlyList<AttendeeView> Attendees, int QuorumCount, int MembersPresent, IReadOnlyList<ProposalView> Proposals,
    IReadOnlyList<DeclarationView> Declarations, bool MinutesVisible, bool CanManage, bool CanPropose, Guid Version)
{
    public bool Quorate => MembersPresent >= QuorumCount;
    /// <summary>Whether this reader is told about the quorum yet (<see cref="MeetingGuards.ShowsQuorum"/>).</summary>
    public bool ShowQuorum { get; init; }
    /// <summary>Whether the meeting's start time has passed: only then can it be marked held (<see cref="MeetingGuards.RequireStarted"/>).</summary>
    public bool HasStarted { get; init; }
    /// <summary>Possible conflicts of interest over the tenders on the agenda, as far as the reader may see them (<see cref="Conflicts.ConflictAccess"/>).</summary>
    public IReadOnlyList<Conflicts.ConflictView> Conflicts { get; init; } = [];
}
