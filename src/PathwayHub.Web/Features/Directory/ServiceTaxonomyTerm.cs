using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>A service classified by a taxonomy term (HSDS <c>attribute</c> linking a service to a term).</summary>
public sealed class ServiceTaxonomyTerm : IAudited
{
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int TaxonomyTermId { get; set; }
    public TaxonomyTerm TaxonomyTerm { get; set; } = null!;
    public Guid PublicId { get; set; } = Guid.NewGuid();
}

internal sealed class ServiceTaxonomyTermConfiguration : IEntityTypeConfiguration<ServiceTaxonomyTerm>
{
    public void Configure(EntityTypeBuilder<ServiceTaxonomyTerm> b)
    {
        b.HasKey(x => new { x.ServiceId, x.TaxonomyTermId });
        // A term's services read from the index alone (the directory's Pathway and service type filters, the coverage counts).
        b.HasIndex(x => new { x.TaxonomyTermId, x.ServiceId });
        b.HasOne(x => x.Service).WithMany(s => s.Terms).HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.TaxonomyTerm).WithMany().HasForeignKey(x => x.TaxonomyTermId).OnDelete(DeleteBehavior.Restrict);
    }
}
