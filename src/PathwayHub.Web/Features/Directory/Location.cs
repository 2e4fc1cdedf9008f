using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

public enum LocationType { Prison, Community, Virtual }

/// <summary>
/// Where services are delivered (HSDS <c>location</c>). A prison is a location of type <see cref="LocationType.Prison"/> that
/// points at its <see cref="Prison"/> row: the prison stays the reference record other features use, and the location adds
/// only what the directory needs, so nothing about prisons is kept twice.
/// </summary>
public sealed class Location : IAudited
{
    public int Id { get; set; }
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public LocationType Type { get; set; }
    public int? PrisonId { get; set; }
    public Prison? Prison { get; set; }
    public string Name { get; set; } = "";
    public string? Address1 { get; set; }
    public string? City { get; set; }
    public string? Postcode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
}

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> b)
    {
        b.HasIndex(l => l.PublicId).IsUnique();
        b.Property(l => l.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Name).HasMaxLength(200);
        b.Property(l => l.Address1).HasMaxLength(200);
        b.Property(l => l.City).HasMaxLength(100);
        b.Property(l => l.Postcode).HasMaxLength(10);
        b.HasOne(l => l.Prison).WithMany().HasForeignKey(l => l.PrisonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.PrisonId).IsUnique();
    }
}
