using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>
/// One kind of notification: what users see on the preferences page, who can receive it, whether its email can be switched
/// off, and the words of its email (the rest of the email is the shared layout in <see cref="EmailTemplates"/>).
/// </summary>
public sealed record NotificationKind(string Id, string Label, string Description, string ActionLabel, bool EmailOptional = true, IReadOnlyList<string>? Roles = null)
{
    /// <summary>
    /// Whether the actor can receive this kind (shown on their preferences page). Pathway kinds go to whoever sits on a
    /// Pathway, whatever their role (a provider editor may be a member too), so anyone linked to a person record gets them.
    /// </summary>
    public bool IsFor(Actor actor) =>
        Roles is null || actor.IsIn([.. Roles]) || (actor.PersonId is not null && Roles.Contains(Infrastructure.Auth.Roles.PathwayMember));
}

/// <summary>Every kind the portal sends. A new rule or event adds its kind here, and nowhere else.</summary>
public static class NotificationKinds
{
    public const string AgendaPublished = "agenda-published";
    public const string MeetingCancelled = "meeting-cancelled";
    public const string MeetingMoved = "meeting-moved";
    public const string MinutesApproved = "minutes-approved";
    public const string CallForItems = "call-for-items";
    public const string PapersReminder = "papers-reminder";
    public const string MeetingTomorrow = "meeting-tomorrow";
    public const string MinutesDue = "minutes-due";
    public const string ActionDueSoon = "action-due-soon";
    public const string ActionsOverdue = "actions-overdue";
    public const string TorReviewDue = "tor-review-due";
    public const string ListingReviewDue = "listing-review-due";
    public const string DirectoryChangePending = "directory-change-pending";
    public const string DirectoryChangeReviewed = "directory-change-reviewed";
    public const string AgreementEnding = "agreement-ending";
    public const string MilestoneDue = "milestone-due";
    public const string TenderDeadline = "tender-deadline";
    public const string TenderAwarded = "tender-awarded";
    public const string TenderUnsuccessful = "tender-unsuccessful";
    public const string DirectoryRegistration = "directory-registration";

    private static readonly string[] Members = [Roles.Coordinator, Roles.PathwayMember, Roles.AssociateMember];
    private static readonly string[] CoordinatorOnly = [Roles.Coordinator];
    private static readonly string[] Editors = [Roles.ProviderEditor];
    private static readonly string[] Commissioners = [Roles.Commissioner];

    public static readonly IReadOnlyList<NotificationKind> All =
    [
        new(MeetingCancelled, "Meeting cancelled", "A Pathway meeting you were invited to is cancelled. Always sent by email so nobody travels to a meeting that is not happening.",
            "See the meeting", EmailOptional: false, Roles: Members),
        new(MeetingMoved, "Meeting moved", "A published meeting of your Pathway has a new date, time or place. Always sent by email so nobody goes to the old one.",
            "See the meeting", EmailOptional: false, Roles: Members),
        new(AgendaPublished, "Agenda published", "The agenda pack of a meeting of your Pathway is published.", "Open the agenda pack", Roles: Members),
        new(CallForItems, "Call for agenda items", "A meeting of your Pathway is three weeks away: propose items for its agenda.", "Propose an item", Roles: Members),
        new(PapersReminder, "Agenda pack reminder", "A week before a meeting: a reminder to read its papers.", "Read the papers", Roles: Members),
        new(MeetingTomorrow, "Meeting tomorrow", "The day before a meeting of your Pathway.", "See the meeting", Roles: Members),
        new(MinutesApproved, "Minutes approved", "The minutes of a meeting of your Pathway are approved and published.", "Read the minutes", Roles: Members),
        new(MinutesDue, "Draft minutes due", "A held meeting's minutes have not been drafted 10 days later.", "Draft the minutes", Roles: CoordinatorOnly),
        new(ActionDueSoon, "Action due soon", "An action you own is due in the next few days.", "Update the action", Roles: Members),
        new(ActionsOverdue, "Overdue actions (weekly)", "Once a week, one message listing every action you own that is past its due date.", "Update your actions", Roles: Members),
        new(TorReviewDue, "Terms of reference review", "A Pathway's terms of reference are due for their annual review (coordinator and chair).", "Review the terms of reference", Roles: Members),
        new(ListingReviewDue, "Directory listing not reviewed", "A service listing of your organisation has not been confirmed for six months; sent again each month until it is.",
            "Review the listing", Roles: Editors),
        new(DirectoryChangePending, "Directory change to review", "A provider editor submitted a change to a listing.", "Review the change", Roles: CoordinatorOnly),
        new(DirectoryChangeReviewed, "Your directory change was reviewed", "The coordinator approved or returned a change you submitted.", "See the listing", Roles: Editors),
        new(AgreementEnding, "Agreement ending", "An agreement ends in 6, 3 or 1 months, with its recommissioning decision if undecided.", "See the agreement", Roles: Commissioners),
        new(MilestoneDue, "Milestone due or overdue", "A milestone of an agreement is due within 7 days, or is overdue.", "See the agreement", Roles: Commissioners),
        new(TenderDeadline, "Tender deadline", "A tender your organisation registered interest in closes for clarification questions or bids in 7 days or 1 day.",
            "See the tender", Roles: Editors),
        new(TenderAwarded, "Tender won", "Your organisation's bid for a tender was successful.", "See the tender", Roles: Editors),
        new(TenderUnsuccessful, "Tender not won", "A tender your organisation bid for was awarded to another bidder, or closed.", "See the tender", Roles: Editors),
        new(DirectoryRegistration, "Organisation registration", "An organisation registered to join the directory, or your registration was reviewed.",
            "See the registration", Roles: [Roles.Coordinator, Roles.ProviderEditor]),
    ];

    private static readonly Dictionary<string, NotificationKind> ById = All.ToDictionary(k => k.Id);

    /// <summary>The kind, or a generic one for a kind no longer listed (old rows keep rendering).</summary>
    public static NotificationKind Get(string id) => ById.TryGetValue(id, out var k) ? k : new NotificationKind(id, id, "", "Open in PathwayHub");

    /// <summary>Kinds whose email nobody may switch off.</summary>
    public static IReadOnlyList<string> Mandatory { get; } = All.Where(k => !k.EmailOptional).Select(k => k.Id).ToList();
}
