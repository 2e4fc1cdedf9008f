using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Features.Reports;

public sealed record ReportMember(string Name, string? Organisation, Sector Sector, MembershipRole Role);

/// <summary>A meeting held in the period: members expected (not associates), members and associates present.</summary>
public sealed record ReportMeeting(string Title, DateTime StartUtc, MeetingStatus Status, int MembersExpected, int MembersPresent, int AssociatesPresent, int Apologies)
{
    public double AttendanceRate => MembersExpected == 0 ? 0 : (double)MembersPresent / MembersExpected;
}

public sealed record ReportDecision(int Number, string Text, DateTime MeetingUtc);

/// <summary>An agreement (contract, grant or service-level agreement) serving a Pathway, with its recommissioning decision and when that is due.</summary>
public sealed record ReportAgreement(string Reference, string Title, string Type, string Provider, decimal Value, DateOnly Start, DateOnly End, string Status,
    string Decision = "Undecided", DateOnly? DecisionDue = null);

/// <summary>A service in a Pathway's report, with its evaluation (evaluator, date and link for an independent one).</summary>
public sealed record ReportServiceLine(string Name, string Organisation, IReadOnlyList<string> Prisons, bool HasEvidence,
    Directory.Evaluation.EvaluationStatus Evaluation = Directory.Evaluation.EvaluationStatus.None, string? Evaluator = null, DateOnly? EvaluationDate = null,
    string? EvaluationUrl = null);
public sealed record ReportCoverage(string Prison, int Services);
public sealed record ReportEvidence(string Service, string Organisation, string Summary, DateOnly? Date, string? Source);

/// <summary>Everything a Pathway's delivery-plan report shows, gathered by <see cref="ReportDataQuery"/>.</summary>
public sealed record PathwayReportData(
    int PathwayId, string PathwayName, string PathwaySlug, int Year, DateTime GeneratedUtc, bool HasPlan, string? Summary, string? Chair, string? LeadOrganisation,
    IReadOnlyList<PlanObjectiveView> Objectives, IReadOnlyList<ReportMember> Members, IReadOnlyList<ReportMeeting> Meetings, IReadOnlyList<ReportDecision> Decisions,
    IReadOnlyList<ReportAgreement> Agreements, IReadOnlyList<ReportServiceLine> Services, IReadOnlyList<ReportCoverage> Coverage, IReadOnlyList<ReportEvidence> Evidence,
    Estate.Offer.OfferTable Offer, Estate.Progress.ProgressView? Progress = null)
{
    public RagCounts Rag => RagCounts.From(Objectives.SelectMany(o => o.Actions).Select(a => a.Rag));
    public string Period => $"1 April {Year} to 31 March {Year + 1}";
}

/// <summary>The regional report: each Pathway's data, the coverage matrix, agreements ending within a year and each open prison's VCS role.</summary>
public sealed record RegionalReportData(int Year, DateTime GeneratedUtc, IReadOnlyList<PathwayReportData> Pathways, IReadOnlyList<string> Prisons,
    IReadOnlyList<ReportAgreement> AgreementsEnding, IReadOnlyList<Directory.Prisons.VcsRoleView> VcsRoles, Estate.Progress.ProgressView? Progress = null);
