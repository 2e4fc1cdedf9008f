using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>A service delivered at a prison or community site (HSDS <c>service_at_location</c>).</summary>
public sealed class ServiceAtLocation : IAudited
{
    public int Id { get; set; }
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int LocationId { get; set; }
    public Location Location { get; set; } = null!;
    public string? Description { get; set; }
}

internal sealed class ServiceAtLocationConfiguration : IEntityTypeConfiguration<ServiceAtLocation>
{
    public void Configure(EntityTypeBuilder<ServiceAtLocation> b)
    {
        b.HasIndex(x => x.PublicId).IsUnique();
        b.Property(x => x.Description).HasMaxLength(1000);
        b.HasOne(x => x.Service).WithMany(s => s.Locations).HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Location).WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ServiceId, x.LocationId }).IsUnique();
        // A location's services read from the index alone (the directory's prison filter, the coverage counts).
        b.HasIndex(x => new { x.LocationId, x.ServiceId });
    }
}
