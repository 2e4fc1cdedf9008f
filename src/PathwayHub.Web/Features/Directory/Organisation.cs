using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>An organisation: a VCS provider, a statutory body or a private company.</summary>
public sealed class Organisation : IAudited, IVersioned
{
    public int Id { get; set; }
    /// <summary>Stable public identifier for open data.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public Sector Sector { get; set; }
    public string? Website { get; set; }
    public Guid Version { get; set; }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
        b.HasIndex(o => o.Name).IsUnique();
        b.HasIndex(o => o.PublicId).IsUnique();
        b.Property(o => o.Description).HasMaxLength(4000);
        b.Property(o => o.Website).HasMaxLength(500);
        b.Property(o => o.Sector).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}
