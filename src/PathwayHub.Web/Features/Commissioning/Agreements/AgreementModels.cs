namespace PathwayHub.Web.Features.Commissioning;

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

public sealed record AmendmentView(int Id, DateOnly Date, string Reason, IReadOnlyList<TermChange> Changes, string RecordedBy, DateTime RecordedUtc);

public sealed record AgreementView(int Id, string Reference, string Title, string Description, AgreementKind Kind, int SupplierId, string Supplier,
    int BuyerId, string Buyer, int? TenderId, string? TenderReference, decimal Value, DateOnly StartDate, DateOnly EndDate, string? ExtensionOptions,
    AgreementStatus Status, DateOnly? TerminatedDate, string? TerminationReason,
    IReadOnlyList<Named> Pathways, IReadOnlyList<Named> Prisons, IReadOnlyList<Named> Subcontractors, IReadOnlyList<Named> Services,
    /// <summary>Null for those who may not see the commissioners' decision.</summary>
    RecommissioningDecision? Decision, DateOnly? DecisionDueDate, string? DecisionNote, DateTime? DecidedUtc, string? DecidedBy, bool NeedsDecision,
    IReadOnlyList<AmendmentView> Amendments, IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<ReturnView> Returns, IReadOnlyList<DocumentView> Documents,
    bool CanManage, bool SeesDelivery, Guid Version);
