using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

public enum RegistrationStatus { Pending, Approved, Declined }

/// <summary>
/// An organisation that registered itself: the organisation stays <see cref="OrganisationStatus.Pending"/> and the account
/// that registered it has no role until a coordinator approves, which links the account as the organisation's provider editor.
/// </summary>
public sealed class OrganisationRegistration : IAudited, IVersioned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    /// <summary>The account created at registration.</summary>
    public string UserId { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public RegistrationStatus Status { get; set; }
    public DateTime SubmittedAtUtc { get; set; }
    public string? ReviewedByName { get; set; }
    public DateTime? ReviewedAtUtc { get; set; }
    public string? ReviewComment { get; set; }
    public Guid Version { get; set; }
}

internal sealed class OrganisationRegistrationConfiguration : IEntityTypeConfiguration<OrganisationRegistration>
{
    public void Configure(EntityTypeBuilder<OrganisationRegistration> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.ContactEmail).HasMaxLength(256);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ReviewedByName).HasMaxLength(256);
        b.Property(x => x.ReviewComment).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Status, x.SubmittedAtUtc });
        b.HasIndex(x => x.UserId);
    }
}
