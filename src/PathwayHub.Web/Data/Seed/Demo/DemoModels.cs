using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Data.Seed.Demo;

// The shapes of seed-data/demo/*.json. Dates are relative strings read by DemoDates; people are named by email.

internal sealed record DemoPeopleSeed(List<DemoOrganisationSeed>? Organisations, List<DemoPersonSeed> People, Dictionary<string, string>? Leads,
    List<DemoMembershipSeed> Memberships, List<DemoAccountSeed> Accounts);
internal sealed record DemoOrganisationSeed(string Name, Sector Sector, string? Description, string? Website);
internal sealed record DemoPersonSeed(string FullName, string Email, string? JobTitle, string? Organisation, Sector Sector);
internal sealed record DemoMembershipSeed(string Email, string Pathway, MembershipRole Role, string Start, string? End);
internal sealed record DemoAccountSeed(string Email, string Role, string? Organisation);

internal sealed record DemoTermsSeed(DemoTermsSections Common, List<DemoTermsPathway> Pathways, List<DemoTermsDraft>? Drafts);
internal sealed record DemoTermsSections(string Membership, string Quorum, string MeetingFrequency, string DecisionMaking, string ReportingLines, string Introduction);
internal sealed record DemoTermsPathway(string Pathway, string Purpose, string Scope, string? Approved, string? ApprovedAtMeeting);
internal sealed record DemoTermsDraft(string Pathway, string? Scope, string? Quorum, string? Introduction);

internal sealed record DemoMeetingsSeed(List<DemoStandingItemSeed> StandingItems, List<DemoMeetingSeed> Meetings);
internal sealed record DemoStandingItemSeed(string Title, ItemPurpose Purpose, int Minutes, bool ActionLog);
internal sealed record DemoMeetingSeed(
    string Key, string Pathway, string Title, string Day, string Time, int DurationMinutes, string? Venue, string? OnlineLink, MeetingStatus Status,
    string? Published, Dictionary<string, string>? StandingMinutes, List<DemoItemSeed>? Items, DemoAttendanceSeed? Attendance,
    List<DemoDeclarationSeed>? Declarations, List<DemoProposalSeed>? Proposals);
internal sealed record DemoItemSeed(string Title, ItemPurpose Purpose, string? Presenter, int Minutes, string? MinutesText, List<string>? Decisions,
    List<DemoActionSeed>? Actions, List<DemoPaperSeed>? Papers, string? Tender = null);
internal sealed record DemoActionSeed(string Description, string Owner, string Due, string? Done, List<string>? Notes);
internal sealed record DemoPaperSeed(string Title, string FileName, bool Confidential, List<string> Lines);
internal sealed record DemoAttendanceSeed(List<string>? Present, List<string>? Apologies, List<string>? Absent);
internal sealed record DemoDeclarationSeed(string Email, string? Item, string Interest);
internal sealed record DemoProposalSeed(string Email, string Title, ItemPurpose Purpose);
