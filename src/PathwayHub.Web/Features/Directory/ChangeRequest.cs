using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

public enum ChangeRequestStatus { Pending, Approved, Returned }

/// <summary>
/// A provider editor's change to a published service, waiting for a coordinator: the field-by-field old and new values
/// (JSON list of <see cref="FieldChange"/>), published on approval or returned with a comment the editor sees.
/// </summary>
public sealed class ChangeRequest : IAudited, IVersioned
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
    public int OrganisationId { get; set; }
    public ChangeRequestStatus Status { get; set; }
    /// <summary>What the reviewer sees: JSON list of <see cref="FieldChange"/>.</summary>
    public string Changes { get; set; } = "[]";
    /// <summary>What approval applies: the editor's whole input as JSON, so lists (prisons, terms) need no re-parsing from labels.</summary>
    public string Proposed { get; set; } = "{}";
    /// <summary>A listing a provider added, unpublished until approved.</summary>
    public bool IsNewListing { get; set; }
    /// <summary>The service version the editor started from; approval refuses if the service has moved on since.</summary>
    public Guid BaseVersion { get; set; }
    public string? SubmittedById { get; set; }
    public string SubmittedByName { get; set; } = "";
    public DateTime SubmittedAtUtc { get; set; }
    public string? ReviewedByName { get; set; }
    public DateTime? ReviewedAtUtc { get; set; }
    public string? ReviewComment { get; set; }
    public Guid Version { get; set; }
}

/// <summary>One field of a change request.</summary>
public sealed record FieldChange(string Field, string Label, string? Old, string? New);

internal sealed class ChangeRequestConfiguration : IEntityTypeConfiguration<ChangeRequest>
{
    public void Configure(EntityTypeBuilder<ChangeRequest> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Changes).HasMaxLength(20000);
        b.Property(x => x.Proposed).HasMaxLength(20000);
        b.Property(x => x.SubmittedById).HasMaxLength(450);
        b.Property(x => x.SubmittedByName).HasMaxLength(256);
        b.Property(x => x.ReviewedByName).HasMaxLength(256);
        b.Property(x => x.ReviewComment).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.Status, x.SubmittedAtUtc });
        b.HasIndex(x => new { x.OrganisationId, x.Status });
        // Backstop: one pending change per service at a time.
        b.HasIndex(x => x.ServiceId).IsUnique().HasFilter("\"Status\" = 'Pending'");
    }
}
