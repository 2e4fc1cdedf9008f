using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Governance;

public enum TorStatus { Draft, Approved, Superseded }

/// <summary>A version of a Pathway's terms of reference. Sections are Markdown, rendered through the sanitiser only.</summary>
public sealed class TermsOfReference : IAudited, IVersioned
{
    public int Id { get; set; }
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
    public int VersionNumber { get; set; }
    public TorStatus Status { get; set; }
    public string Purpose { get; set; } = "";
    public string Scope { get; set; } = "";
    public string Membership { get; set; } = "";
    public string Quorum { get; set; } = "";
    /// <summary>Members (not associates) needed for a meeting to be quorate.</summary>
    public int QuorumCount { get; set; } = 3;
    public string MeetingFrequency { get; set; } = "";
    public string DecisionMaking { get; set; } = "";
    public string ReportingLines { get; set; } = "";
    public string Introduction { get; set; } = "";
    public DateOnly? ApprovedOn { get; set; }
    public int? ApprovedAtMeetingId { get; set; }
    public DateOnly? ReviewDue { get; set; }
    public Guid Version { get; set; }

    public static readonly (string Name, Func<TermsOfReference, string> Get)[] Sections =
    [
        ("Purpose", t => t.Purpose), ("Scope", t => t.Scope), ("Membership and associate membership", t => t.Membership),
        ("Quorum", t => t.Quorum), ("Meeting frequency", t => t.MeetingFrequency), ("Decision making", t => t.DecisionMaking),
        ("Reporting lines", t => t.ReportingLines), ("Introduction for new members", t => t.Introduction),
    ];
}

/// <summary>"I have read the terms of reference", with the version read.</summary>
public sealed class TorAcknowledgement
{
    public int Id { get; set; }
    public int TermsOfReferenceId { get; set; }
    public TermsOfReference TermsOfReference { get; set; } = null!;
    public int PersonId { get; set; }
    public DateTime ReadUtc { get; set; }
}

internal sealed class TermsOfReferenceConfiguration : IEntityTypeConfiguration<TermsOfReference>
{
    public void Configure(EntityTypeBuilder<TermsOfReference> b)
    {
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Version).IsConcurrencyToken();
        foreach (var p in new[] { nameof(TermsOfReference.Purpose), nameof(TermsOfReference.Scope), nameof(TermsOfReference.Membership), nameof(TermsOfReference.Quorum),
                     nameof(TermsOfReference.MeetingFrequency), nameof(TermsOfReference.DecisionMaking), nameof(TermsOfReference.ReportingLines), nameof(TermsOfReference.Introduction) })
            b.Property(p).HasMaxLength(20000);
        b.HasIndex(t => new { t.PathwayId, t.VersionNumber }).IsUnique();
        // Backstop for the service rule: one approved version per Pathway.
        b.HasIndex(t => t.PathwayId).IsUnique().HasFilter("\"Status\" = 'Approved'").HasDatabaseName("IX_TermsOfReference_OneApproved");
        b.HasOne(t => t.Pathway).WithMany().HasForeignKey(t => t.PathwayId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TorAcknowledgementConfiguration : IEntityTypeConfiguration<TorAcknowledgement>
{
    public void Configure(EntityTypeBuilder<TorAcknowledgement> b)
    {
        b.HasIndex(a => new { a.TermsOfReferenceId, a.PersonId }).IsUnique();
        b.HasOne(a => a.TermsOfReference).WithMany().HasForeignKey(a => a.TermsOfReferenceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
