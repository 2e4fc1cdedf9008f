using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Pathways;

/// <summary>One of the seven Reducing Re-offending Pathways, or a sub-group sitting under one.</summary>
public sealed class Pathway : IAudited, IVersioned
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public int SortOrder { get; set; }
    public int? ParentId { get; set; }
    public Pathway? Parent { get; set; }
    public List<Pathway> SubGroups { get; set; } = [];
    public int? LeadOrganisationId { get; set; }
    public Organisation? LeadOrganisation { get; set; }
    public List<Membership> Memberships { get; set; } = [];
    public Guid Version { get; set; }
}

internal sealed class PathwayConfiguration : IEntityTypeConfiguration<Pathway>
{
    public void Configure(EntityTypeBuilder<Pathway> b)
    {
        b.Property(p => p.Slug).HasMaxLength(80);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Name).HasMaxLength(120);
        b.Property(p => p.Description).HasMaxLength(4000);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne(p => p.Parent).WithMany(p => p.SubGroups).HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.LeadOrganisation).WithMany().HasForeignKey(p => p.LeadOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
