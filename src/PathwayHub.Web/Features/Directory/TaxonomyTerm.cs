using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>A term of a taxonomy (HSDS <c>taxonomy_term</c>). Terms of the Pathways taxonomy point at their Pathway row.</summary>
public sealed class TaxonomyTerm : IAudited
{
    public int Id { get; set; }
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int TaxonomyId { get; set; }
    public Taxonomy Taxonomy { get; set; } = null!;
    public int? ParentId { get; set; }
    public TaxonomyTerm? Parent { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int SortOrder { get; set; }
    public int? PathwayId { get; set; }
    public Pathway? Pathway { get; set; }
}

internal sealed class TaxonomyTermConfiguration : IEntityTypeConfiguration<TaxonomyTerm>
{
    public void Configure(EntityTypeBuilder<TaxonomyTerm> b)
    {
        b.HasIndex(x => x.PublicId).IsUnique();
        b.Property(x => x.Code).HasMaxLength(80);
        b.HasIndex(x => new { x.TaxonomyId, x.Code }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.HasOne(x => x.Taxonomy).WithMany(t => t.Terms).HasForeignKey(x => x.TaxonomyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Pathway).WithMany().HasForeignKey(x => x.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PathwayId).IsUnique();
    }
}
