using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// Evidence of a service's impact: an evaluation summary, its date and source. Not part of HSDS; the seeds stress that impact
/// is rarely evaluated, so the directory shows which services have evidence and which do not.
/// </summary>
public sealed class ServiceEvidence : IAudited
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public string Summary { get; set; } = "";
    public DateOnly? Date { get; set; }
    public string? Source { get; set; }
    public string? SourceUrl { get; set; }
}

internal sealed class ServiceEvidenceConfiguration : IEntityTypeConfiguration<ServiceEvidence>
{
    public void Configure(EntityTypeBuilder<ServiceEvidence> b)
    {
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.Property(x => x.Source).HasMaxLength(200);
        b.Property(x => x.SourceUrl).HasMaxLength(500);
        b.HasOne(x => x.Service).WithMany(s => s.Evidence).HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
