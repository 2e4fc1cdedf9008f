using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Pathways;

public enum Sector { Statutory, Private, VCS }

/// <summary>Someone who sits, or sat, on a Pathway. Never deleted: memberships end instead.</summary>
public sealed class Person : IAudited, IVersioned
{
    public int Id { get; set; }
    public string FullName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? JobTitle { get; set; }
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public Sector Sector { get; set; }
    public List<Membership> Memberships { get; set; } = [];
    public Guid Version { get; set; }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(p => p.FullName).HasMaxLength(200);
        b.Property(p => p.Email).HasMaxLength(256);
        b.HasIndex(p => p.Email).IsUnique();
        b.Property(p => p.JobTitle).HasMaxLength(200);
        b.Property(p => p.Sector).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne(p => p.Organisation).WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
