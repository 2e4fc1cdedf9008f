namespace PathwayHub.Web.Features.Commissioning;

// What one batch of releases is written from: read once per batch, then written process by process.

internal sealed record OcdsParty(int Id, string Name, string? CharityNumber, string? CompanyNumber);
internal sealed record OcdsTender(int Id, string Reference, string Title, string Description, TenderStatus Status, ProcurementMethod Method, decimal? EstimatedValue,
    int BuyerId, DateTime? PublishedUtc, DateTime? ClarificationUtc, DateTime? SubmissionUtc, DateOnly? AwardDate, string? ClosureReason, DateTime LastModifiedUtc);
internal sealed record OcdsAgreement(int Id, int? TenderId, string Reference, string Title, string Description, AgreementKind Kind, int SupplierId, int BuyerId,
    decimal Value, DateOnly Start, DateOnly End, AgreementStatus Status, DateTime LastModifiedUtc);
internal sealed record OcdsMilestone(int Id, int AgreementId, string Title, MilestoneKind Kind, DateOnly Due, MilestoneStatus Status, DateOnly? Completed);
internal sealed record OcdsAmendment(int Id, int AgreementId, DateOnly Date, string Reason, string Changes);
internal sealed record OcdsDocument(int Id, int? TenderId, int? AgreementId, string Title, string ContentType, DateTime AddedUtc);

internal sealed class OcdsProcess
{
    public required string Ocid { get; init; }
    public OcdsTender? Tender { get; init; }
    public List<OcdsAgreement> Agreements { get; } = [];
    public List<int> Tenderers { get; } = [];
    public List<(string Slug, string Name)> Pathways { get; } = [];
    public DateTime LastModified { get; set; }
}

internal sealed record OcdsBatch(List<OcdsProcess> Processes, Dictionary<int, OcdsParty> Parties, ILookup<int, OcdsMilestone> Milestones,
    ILookup<int, OcdsAmendment> Amendments, ILookup<int, OcdsDocument> TenderDocs, ILookup<int, OcdsDocument> AgreementDocs, DateOnly Today);
