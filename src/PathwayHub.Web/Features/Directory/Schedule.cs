using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>Opening or session times of a service (HSDS <c>schedule</c>: an RFC 5545 weekly rule plus a readable description).</summary>
public sealed class Schedule : IAudited
{
    public int Id { get; set; }
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    /// <summary>Days as RFC 5545 BYDAY, e.g. "MO,WE,FR".</summary>
    public string? ByDay { get; set; }
    /// <summary>Local time, "HH:mm".</summary>
    public string? OpensAt { get; set; }
    public string? ClosesAt { get; set; }
    public string Description { get; set; } = "";
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> b)
    {
        b.HasIndex(x => x.PublicId).IsUnique();
        b.Property(x => x.ByDay).HasMaxLength(40);
        b.Property(x => x.OpensAt).HasMaxLength(5);
        b.Property(x => x.ClosesAt).HasMaxLength(5);
        b.Property(x => x.Description).HasMaxLength(500);
        b.HasOne(x => x.Service).WithMany(s => s.Schedules).HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
