using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Pathways;

public enum MembershipRole { Chair, ViceChair, Member, Associate }

/// <summary>A person's seat on a Pathway for a period. Ending sets <see cref="EndDate"/>; history is never deleted.</summary>
public sealed class Membership : IAudited, IVersioned
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
    public MembershipRole Role { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public Guid Version { get; set; }

    public bool IsCurrentOn(DateOnly day) => StartDate <= day && (EndDate is null || EndDate >= day);

    /// <summary>"A current member on <paramref name="day"/>": the one rule, as a filter EF translates on either provider.</summary>
    public static System.Linq.Expressions.Expression<Func<Membership, bool>> CurrentOn(DateOnly day) =>
        m => m.StartDate <= day && (m.EndDate == null || m.EndDate >= day);
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Person).WithMany(p => p.Memberships).HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Pathway).WithMany(p => p.Memberships).HasForeignKey(m => m.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.PathwayId, m.EndDate });
        // Backstop for the service rule: one open-ended membership per person per Pathway.
        b.HasIndex(m => new { m.PersonId, m.PathwayId }).IsUnique().HasFilter("\"EndDate\" IS NULL");
    }
}
