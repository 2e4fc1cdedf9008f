namespace PathwayHub.Web.Features.Commissioning;

// What one batch of releases is written from: read once per batch, then written process by process.

internal sealed record OcdsParty(int Id, string Name, string? CharityNumber, string? CompanyNumber);
internal sealed record OcdsTender(int Id, string Reference, string Title, string Description, TenderStatus Status, ProcurementMethod Method, decimal? EstimatedValue,
    int BuyerId, DateTime? PublishedUtc, DateTime? ClarificationUtc, DateTime? SubmissionUtc, DateOnly? AwardDate, DateTime LastModifiedUtc);
internal sealed record OcdsAgreement(int Id, int? TenderId, string Reference, string Title, string Description, AgreementKind Kind, int SupplierId, int BuyerId,
    decimal Value, DateOnly Start, DateOnly End, AgreementStatus Status, DateOnly? TerminatedDate, DateTime LastModifiedUtc);
internal sealed record OcdsMilestone(int Id, int AgreementId, string Title, MilestoneKind Kind, DateOnly Due, MilestoneStatus Status, DateOnly? Completed);
internal sealed record OcdsAmendment(int Id, int AgreementId, DateOnly Date, string Reason, string Changes, DateTime RecordedUtc);
internal sealed record OcdsDocument(int Id, int? TenderId, int? AgreementId, string Title, string ContentType, DateTime AddedUtc);

/// <summary>A change to a tender recorded in the audit trail: its row id, when, and the JSON of old and new values per property.</summary>
internal sealed record OcdsTenderChange(long Id, int TenderId, DateTime AtUtc, string Changes);

internal sealed class OcdsProcess
{
    public required string Ocid { get; init; }
    public OcdsTender? Tender { get; init; }
    public List<OcdsAgreement> Agreements { get; } = [];
    public List<int> Tenderers { get; } = [];
    public List<(string Slug, string Name)> Pathways { get; } = [];
    /// <summary>The compiled release's date: the latest of the records' last changes and of the process's steps.</summary>
    public DateTime LastModified { get; set; }
    /// <summary>The process's steps in date order, each published as an individual release (<see cref="OcdsHistory"/>).</summary>
    public IReadOnlyList<OcdsStep> Steps { get; set; } = [];
}

internal sealed record OcdsBatch(List<OcdsProcess> Processes, Dictionary<int, OcdsParty> Parties, ILookup<int, OcdsMilestone> Milestones,
    ILookup<int, OcdsAmendment> Amendments, ILookup<int, OcdsDocument> TenderDocs, ILookup<int, OcdsDocument> AgreementDocs, DateOnly Today)
{
    /// <summary>Published changes to each tender after it was published, oldest first.</summary>
    public ILookup<int, OcdsTenderChange> TenderChanges { get; init; } = Array.Empty<OcdsTenderChange>().ToLookup(c => c.TenderId);
    /// <summary>When each agreement was recorded, from the audit trail (absent for rows written outside the application).</summary>
    public Dictionary<int, DateTime> AgreementRecorded { get; init; } = [];
}
