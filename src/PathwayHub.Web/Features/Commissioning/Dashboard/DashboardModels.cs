namespace PathwayHub.Web.Features.Commissioning;

public sealed record ExpiringAgreement(int Id, string Reference, string Title, string Supplier, int SupplierId, DateOnly EndDate, RecommissioningDecision Decision,
    DateOnly DecisionDueDate, bool DecisionOverdue, decimal Value);

public sealed record DueMilestone(int Id, int AgreementId, string AgreementReference, string AgreementTitle, int SupplierId, string Title, MilestoneKind Kind, DateOnly DueDate, bool Overdue);

public sealed record ValueSlice(int Id, string Name, decimal Value, int Agreements);

public sealed record CommissioningDashboard(
    IReadOnlyDictionary<TenderStatus, int> Pipeline,
    int Ending3, int Ending6, int Ending12,
    IReadOnlyList<ExpiringAgreement> Expiring,
    int UndecidedCount, IReadOnlyList<ExpiringAgreement> Undecided,
    int OverdueMilestoneCount, IReadOnlyList<DueMilestone> OverdueMilestones,
    IReadOnlyList<ValueSlice> ValueByPathway, IReadOnlyList<ValueSlice> ValueByPrison);

public sealed record CommissioningHome(int Ending12, int UndecidedCount, IReadOnlyList<ExpiringAgreement> Undecided,
    IReadOnlyList<TenderRow> OpenTenders, IReadOnlyList<TenderRow> MyBids);
