using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

public enum PrisonType { Local, Training, HighSecurity, YoungOffenderInstitution, Womens }

/// <summary>A prison in the region: where services are delivered and agreements apply.</summary>
public sealed class Prison : IAudited
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public PrisonType Type { get; set; }
    public string Town { get; set; } = "";
    public string? Postcode { get; set; }
    /// <summary>Closed or merged establishments stay for history.</summary>
    public string? Note { get; set; }

    public static string TypeLabel(PrisonType t) => t switch
    {
        PrisonType.HighSecurity => "High security",
        PrisonType.YoungOffenderInstitution => "Young offender institution",
        PrisonType.Womens => "Women's",
        _ => t.ToString(),
    };
}

internal sealed class PrisonConfiguration : IEntityTypeConfiguration<Prison>
{
    public void Configure(EntityTypeBuilder<Prison> b)
    {
        b.Property(p => p.Slug).HasMaxLength(80);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Town).HasMaxLength(100);
        b.Property(p => p.Postcode).HasMaxLength(10);
        b.Property(p => p.Note).HasMaxLength(500);
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(40);
    }
}
