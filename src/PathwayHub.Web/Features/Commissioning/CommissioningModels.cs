using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>What a commissioner enters for a tender. Deadlines are UK local date and time.</summary>
public sealed class TenderInput
{
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal? EstimatedValue { get; set; }
    public ProcurementMethod Method { get; set; } = ProcurementMethod.Open;
    public int? BuyerOrganisationId { get; set; }
    public DateTime? ClarificationDeadlineLocal { get; set; }
    public DateTime? SubmissionDeadlineLocal { get; set; }
    public List<int> PathwayIds { get; set; } = [];
    public List<int> PrisonIds { get; set; } = [];
    public Guid Version { get; set; }
}

public sealed class BidInput
{
    public decimal? Value { get; set; }
    public string Summary { get; set; } = "";
}

public sealed class BidEvaluationInput
{
    public decimal? Score { get; set; }
    public string? Notes { get; set; }
    public BidOutcome Outcome { get; set; }
    public Guid Version { get; set; }
}

/// <summary>The terms of the agreements an award creates (each winning bid's value becomes its agreement's value).</summary>
public sealed class AwardInput
{
    public AgreementKind Kind { get; set; } = AgreementKind.Contract;
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? ExtensionOptions { get; set; }
    public Guid Version { get; set; }
}

/// <summary>The terms of an agreement: entered when it is made, and again (changed) for an amendment.</summary>
public sealed class AgreementInput
{
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public AgreementKind Kind { get; set; } = AgreementKind.Grant;
    public int? SupplierOrganisationId { get; set; }
    public int? BuyerOrganisationId { get; set; }
    public decimal? Value { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? ExtensionOptions { get; set; }
    public List<int> PathwayIds { get; set; } = [];
    public List<int> PrisonIds { get; set; } = [];
    public List<int> SubcontractorIds { get; set; } = [];
    public List<int> ServiceIds { get; set; } = [];
    public Guid Version { get; set; }

    public static AgreementInput From(AgreementView a) => new()
    {
        Reference = a.Reference, Title = a.Title, Description = a.Description, Kind = a.Kind, SupplierOrganisationId = a.SupplierId,
        BuyerOrganisationId = a.BuyerId, Value = a.Value, StartDate = a.StartDate, EndDate = a.EndDate, ExtensionOptions = a.ExtensionOptions,
        PathwayIds = a.Pathways.Select(p => p.Id).ToList(), PrisonIds = a.Prisons.Select(p => p.Id).ToList(),
        SubcontractorIds = a.Subcontractors.Select(s => s.Id).ToList(), ServiceIds = a.Services.Select(s => s.Id).ToList(), Version = a.Version,
    };
}

public sealed class MilestoneInput
{
    public string Title { get; set; } = "";
    public MilestoneKind Kind { get; set; } = MilestoneKind.Delivery;
    public DateOnly? DueDate { get; set; }
}

public sealed class ReturnInput
{
    public int FinancialYear { get; set; }
    public int Quarter { get; set; } = 1;
    public string Measure { get; set; } = "";
    public decimal? Target { get; set; }
    public decimal? Actual { get; set; }
    public string? Commentary { get; set; }
    /// <summary>Leave empty to derive it: green at or above target, amber within 20% below, red otherwise.</summary>
    public Rag? Rag { get; set; }
}

public sealed record Named(int Id, string Name);

public sealed record TenderRow(int Id, string Reference, string Title, TenderStatus Status, ProcurementMethod Method, string Buyer, decimal? EstimatedValue,
    DateTime? SubmissionDeadlineUtc, int Interests, int Bids, bool MyInterest, bool MyBid);

public sealed record BidView(int Id, int OrganisationId, string Organisation, DateTime SubmittedUtc, string SubmittedBy, decimal Value, string Summary,
    decimal? Score, string? EvaluationNotes, BidOutcome Outcome, IReadOnlyList<DocumentView> Documents, Guid Version);

/// <summary>A document as listed; <paramref name="Publishable"/> only means something for an agreement's documents (open data).</summary>
public sealed record DocumentView(int Id, string Title, string FileName, long Size, DateTime AddedUtc, bool Publishable = false);

public sealed record TenderView(int Id, string Reference, string Title, string Description, decimal? EstimatedValue, ProcurementMethod Method,
    int BuyerId, string Buyer, TenderStatus Status, DateTime? PublishedUtc, DateTime? ClarificationDeadlineUtc, DateTime? SubmissionDeadlineUtc,
    DateOnly? AwardDate, string? ClosureReason, IReadOnlyList<Named> Pathways, IReadOnlyList<Named> Prisons, IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<Named> InterestedOrganisations, IReadOnlyList<BidView> Bids, IReadOnlyList<AgreementRow> Agreements,
    bool CanManage, bool CanBid, bool MyInterest, bool DeadlinePassed, Guid Version);

public sealed record AgreementRow(int Id, string Reference, string Title, AgreementKind Kind, int SupplierId, string Supplier, string Buyer, decimal Value,
    DateOnly StartDate, DateOnly EndDate, AgreementStatus Status, RecommissioningDecision? Decision, DateOnly? DecisionDueDate,
    IReadOnlyList<string> Pathways, IReadOnlyList<string> Prisons);

public sealed record AmendmentView(int Id, DateOnly Date, string Reason, IReadOnlyList<TermChange> Changes, string RecordedBy, DateTime RecordedUtc);
public sealed record MilestoneView(int Id, string Title, MilestoneKind Kind, DateOnly DueDate, MilestoneStatus Status, DateOnly? CompletedDate, string? Notes, bool Overdue, Guid Version, bool Publishable = false);
public sealed record ReturnView(int Id, int FinancialYear, int Quarter, string Measure, decimal Target, decimal Actual, string? Commentary, Rag Rag, string SubmittedBy, DateTime SubmittedUtc)
{
    public string Period => CommissioningService.QuarterLabel(FinancialYear, Quarter);
}

public sealed record AgreementView(int Id, string Reference, string Title, string Description, AgreementKind Kind, int SupplierId, string Supplier,
    int BuyerId, string Buyer, int? TenderId, string? TenderReference, decimal Value, DateOnly StartDate, DateOnly EndDate, string? ExtensionOptions,
    AgreementStatus Status, DateOnly? TerminatedDate, string? TerminationReason,
    IReadOnlyList<Named> Pathways, IReadOnlyList<Named> Prisons, IReadOnlyList<Named> Subcontractors, IReadOnlyList<Named> Services,
    /// <summary>Null for those who may not see the commissioners' decision.</summary>
    RecommissioningDecision? Decision, DateOnly? DecisionDueDate, string? DecisionNote, DateTime? DecidedUtc, string? DecidedBy, bool NeedsDecision,
    IReadOnlyList<AmendmentView> Amendments, IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<ReturnView> Returns, IReadOnlyList<DocumentView> Documents,
    bool CanManage, bool SeesDelivery, Guid Version);

public enum AgreementSort { EndDate, Reference, Title, Supplier, Value, StartDate }

/// <summary>A search of the register of agreements. <see cref="EndingBefore"/> is inclusive.</summary>
public sealed record AgreementQuery
{
    public string? Text { get; init; }
    public int? PathwayId { get; init; }
    public int? PrisonId { get; init; }
    public int? SupplierId { get; init; }
    public AgreementKind? Kind { get; init; }
    public AgreementStatus? Status { get; init; }
    public DateOnly? EndingBefore { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
    public AgreementSort Sort { get; init; }
    public bool Descending { get; init; }
}

public sealed record AgreementResults(IReadOnlyList<AgreementRow> Items, int TotalItems);

public sealed record ExpiringAgreement(int Id, string Reference, string Title, string Supplier, int SupplierId, DateOnly EndDate, RecommissioningDecision Decision,
    DateOnly DecisionDueDate, bool DecisionOverdue, decimal Value);

public sealed record DueMilestone(int Id, int AgreementId, string AgreementReference, string AgreementTitle, int SupplierId, string Title, MilestoneKind Kind, DateOnly DueDate, bool Overdue);

public sealed record ClosingTender(int Id, string Reference, string Title, DateTime SubmissionDeadlineUtc, IReadOnlyList<Named> InterestedOrganisations,
    IReadOnlyList<string> RecipientUserIds);

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

public sealed record PrisonView(int Id, string Name, string Type, string Town, string? Postcode, string? Note, IReadOnlyList<AgreementRow> Agreements, IReadOnlyList<TenderRow> Tenders);
