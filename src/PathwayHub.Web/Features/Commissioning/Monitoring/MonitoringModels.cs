using PathwayHub.Web.Infrastructure;
namespace PathwayHub.Web.Features.Commissioning;

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

public sealed record MilestoneView(int Id, string Title, MilestoneKind Kind, DateOnly DueDate, MilestoneStatus Status, DateOnly? CompletedDate, string? Notes, bool Overdue, Guid Version, bool Publishable = false);

public sealed record ReturnView(int Id, int FinancialYear, int Quarter, string Measure, decimal Target, decimal Actual, string? Commentary, Rag Rag, string SubmittedBy, DateTime SubmittedUtc)
{
    public string Period => CommissioningText.Quarter(FinancialYear, Quarter);
}
