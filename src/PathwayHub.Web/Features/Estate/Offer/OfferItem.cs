using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Estate.Offer;

/// <summary>
/// One thing every open prison should have for a Pathway ("a visitor centre with family support"): met by a service of any of
/// its service types. The coordinator keeps the list; an item taken off is retired, never deleted, so what an earlier
/// quarter's snapshot counted stays explained.
/// </summary>
public sealed class OfferItem : IAudited, IVersioned
{
    public int Id { get; set; }
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
    public string Name { get; set; } = "";
    public int SortOrder { get; set; }
    public DateTime? RetiredUtc { get; set; }
    public List<OfferItemTerm> Terms { get; set; } = [];
    public Guid Version { get; set; }
}

/// <summary>A service type (a taxonomy term) that meets an offer item.</summary>
public sealed class OfferItemTerm
{
    public int OfferItemId { get; set; }
    public int TaxonomyTermId { get; set; }
    public TaxonomyTerm TaxonomyTerm { get; set; } = null!;
}

internal sealed class OfferItemConfiguration : IEntityTypeConfiguration<OfferItem>
{
    public void Configure(EntityTypeBuilder<OfferItem> b)
    {
        b.Property(i => i.Name).HasMaxLength(200);
        b.HasIndex(i => new { i.PathwayId, i.SortOrder });
        b.HasOne(i => i.Pathway).WithMany().HasForeignKey(i => i.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Terms).WithOne().HasForeignKey(t => t.OfferItemId).OnDelete(DeleteBehavior.Cascade);
        b.Property(i => i.Version).IsConcurrencyToken();
    }
}

internal sealed class OfferItemTermConfiguration : IEntityTypeConfiguration<OfferItemTerm>
{
    public void Configure(EntityTypeBuilder<OfferItemTerm> b)
    {
        b.HasKey(t => new { t.OfferItemId, t.TaxonomyTermId });
        b.HasOne(t => t.TaxonomyTerm).WithMany().HasForeignKey(t => t.TaxonomyTermId).OnDelete(DeleteBehavior.Restrict);
    }
}
