using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>A classification scheme (HSDS <c>taxonomy</c>): the Pathways, and the service types the coordinator extends.</summary>
public sealed class Taxonomy : IAudited
{
    public const string PathwaysSlug = "pathways";
    public const string ServiceTypesSlug = "service-types";

    /// <summary>The coverage matrix's columns named in a link (<c>?axis=</c>): service types when asked for, Pathways otherwise.</summary>
    public static string CoverageAxis(string? axis) => axis == ServiceTypesSlug ? ServiceTypesSlug : PathwaysSlug;

    public int Id { get; set; }
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public List<TaxonomyTerm> Terms { get; set; } = [];
}

internal sealed class TaxonomyConfiguration : IEntityTypeConfiguration<Taxonomy>
{
    public void Configure(EntityTypeBuilder<Taxonomy> b)
    {
        b.HasIndex(x => x.PublicId).IsUnique();
        b.Property(x => x.Slug).HasMaxLength(80);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(1000);
    }
}
