using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>A named contact for a service (HSDS <c>contact</c>, with its one phone number folded in).</summary>
public sealed class Contact : IAudited
{
    public int Id { get; set; }
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.HasIndex(x => x.PublicId).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.HasOne(x => x.Service).WithMany(s => s.Contacts).HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
