using PathwayHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Commissioning;


/// <summary>One measure of a quarterly performance return (UK financial-year quarters: Q1 is April to June).</summary>
public sealed class PerformanceReturn : IAudited
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    /// <summary>The year the financial year starts in: 2026 for 2026-27.</summary>
    public int FinancialYear { get; set; }
    public int Quarter { get; set; }
    public string Measure { get; set; } = "";
    public decimal Target { get; set; }
    public decimal Actual { get; set; }
    public string? Commentary { get; set; }
    public Rag Rag { get; set; }
    public DateTime SubmittedUtc { get; set; }
    public string SubmittedBy { get; set; } = "";

    /// <summary>Green at or above target (or with no target), amber within 20% below it, red otherwise.</summary>
    public static Rag DeriveRag(decimal target, decimal actual) =>
        target == 0 || actual >= target ? Rag.Green : actual >= target * 0.8m ? Rag.Amber : Rag.Red;
}

internal sealed class PerformanceReturnConfiguration : IEntityTypeConfiguration<PerformanceReturn>
{
    public void Configure(EntityTypeBuilder<PerformanceReturn> b)
    {
        b.Property(x => x.Measure).HasMaxLength(200);
        b.Property(x => x.Target).HasPrecision(14, 2);
        b.Property(x => x.Actual).HasPrecision(14, 2);
        b.Property(x => x.Commentary).HasMaxLength(2000);
        b.Property(x => x.Rag).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.SubmittedBy).HasMaxLength(200);
        b.HasOne(x => x.Agreement).WithMany(a => a.Returns).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgreementId, x.FinancialYear, x.Quarter, x.Measure }).IsUnique();
    }
}
