using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>Whether an organisation's listing is in the published directory. A self-registered one waits for a coordinator.</summary>
public enum OrganisationStatus { Active, Pending, Inactive }

/// <summary>An organisation: a VCS provider, a statutory body or a private company (HSDS <c>organization</c>).</summary>
public sealed class Organisation : IAudited, IVersioned
{
    public int Id { get; set; }
    /// <summary>Stable public identifier for open data.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public Sector Sector { get; set; }
    public string? Website { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Registered charity number (HSDS <c>organization_identifiers</c>, scheme GB-CHC).</summary>
    public string? CharityNumber { get; set; }
    /// <summary>Companies House number (HSDS <c>organization_identifiers</c>, scheme GB-COH).</summary>
    public string? CompanyNumber { get; set; }
    public OrganisationStatus Status { get; set; } = OrganisationStatus.Active;

    /// <summary>
    /// Why an organisation of this status may not be given listings, or null when it may. Only active organisations have
    /// listings, so everything published belongs to one: the public directory and the open data API rely on it.
    /// </summary>
    public static string? ListingRefusal(OrganisationStatus status, string name) =>
        status == OrganisationStatus.Active ? null : $"{name}'s registration has not been approved, so it cannot have listings yet";
    public List<Service> Services { get; set; } = [];
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
        b.Property(o => o.Email).HasMaxLength(256);
        b.Property(o => o.Phone).HasMaxLength(40);
        b.Property(o => o.CharityNumber).HasMaxLength(20);
        b.Property(o => o.CompanyNumber).HasMaxLength(20);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}
