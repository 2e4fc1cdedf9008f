namespace PathwayHub.Web.Features.Commissioning;

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

/// <summary>A prison's page; <see cref="Closed"/> ("closed in 2011, now HMP Northumberland") and <see cref="Successor"/> once it has closed.</summary>
public sealed record PrisonView(int Id, string Name, string Type, string Town, string? Postcode, string? Note, IReadOnlyList<AgreementRow> Agreements, IReadOnlyList<TenderRow> Tenders,
    string? Closed = null, Named? Successor = null);
