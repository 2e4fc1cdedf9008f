using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Commissioning;

public enum MilestoneKind { Delivery, Reporting, Payment, Review }
public enum MilestoneStatus { Scheduled, Met, NotMet, PartiallyMet }

public sealed class Milestone : IAudited, IVersioned
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    public string Title { get; set; } = "";
    public MilestoneKind Kind { get; set; }
    public DateOnly DueDate { get; set; }
    public MilestoneStatus Status { get; set; }
    public DateOnly? CompletedDate { get; set; }
    public string? Notes { get; set; }
    /// <summary>A commissioner marked it for the open data feeds (see <c>OpenDataPolicy</c>); off until then. Notes are never published.</summary>
    public bool Publishable { get; set; }
    public Guid Version { get; set; }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Agreement).WithMany(a => a.Milestones).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgreementId, x.DueDate });
        // Covers the overdue count: status, due date and the agreement to check, without reading the milestone rows.
        b.HasIndex(x => new { x.Status, x.DueDate, x.AgreementId });
    }
}
