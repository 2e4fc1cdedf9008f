using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

public sealed record Named(int Id, string Name);

public sealed record TenderRow(int Id, string Reference, string Title, TenderStatus Status, ProcurementMethod Method, string Buyer, decimal? EstimatedValue,
    DateTime? SubmissionDeadlineUtc, int Interests, int Bids, bool MyInterest, bool MyBid);

/// <summary>A document as listed; <paramref name="Publishable"/> only means something for an agreement's documents (open data).</summary>
public sealed record DocumentView(int Id, string Title, string FileName, long Size, DateTime AddedUtc, bool Publishable = false);

public sealed record AgreementRow(int Id, string Reference, string Title, AgreementKind Kind, int SupplierId, string Supplier, string Buyer, decimal Value,
    DateOnly StartDate, DateOnly EndDate, AgreementStatus Status, RecommissioningDecision? Decision, DateOnly? DecisionDueDate,
    IReadOnlyList<string> Pathways, IReadOnlyList<string> Prisons);
