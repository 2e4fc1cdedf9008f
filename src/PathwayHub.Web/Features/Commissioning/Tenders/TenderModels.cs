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

public sealed record BidView(int Id, int OrganisationId, string Organisation, DateTime SubmittedUtc, string SubmittedBy, decimal Value, string Summary,
    decimal? Score, string? EvaluationNotes, BidOutcome Outcome, IReadOnlyList<DocumentView> Documents, Guid Version);

public sealed record TenderView(int Id, string Reference, string Title, string Description, decimal? EstimatedValue, ProcurementMethod Method,
    int BuyerId, string Buyer, TenderStatus Status, DateTime? PublishedUtc, DateTime? ClarificationDeadlineUtc, DateTime? SubmissionDeadlineUtc,
    DateOnly? AwardDate, string? ClosureReason, IReadOnlyList<Named> Pathways, IReadOnlyList<Named> Prisons, IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<Named> InterestedOrganisations, IReadOnlyList<BidView> Bids, IReadOnlyList<AgreementRow> Agreements,
    bool CanManage, bool CanBid, bool MyInterest, bool DeadlinePassed, Guid Version);
