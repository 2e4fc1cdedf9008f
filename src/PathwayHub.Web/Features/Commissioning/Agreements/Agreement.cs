using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Commissioning;

public enum AgreementKind { Contract, Grant, ServiceLevelAgreement }

/// <summary>
/// Pending, active and terminated are stored; expired is never stored but follows from the end date having passed
/// (see <see cref="Agreement.EffectiveStatus"/>), so an extension brings an agreement back without anyone changing a status.
/// </summary>
public enum AgreementStatus { Pending, Active, Terminated, Expired }

/// <summary>What happens when an agreement ends. Every agreement ending within 12 months needs one before its decision-due date.</summary>
public enum RecommissioningDecision { Undecided, Recommission, Extend, LetLapse }

/// <summary>A contract, grant or service-level agreement with a prison: who delivers what, where, for how much and until when.</summary>
public sealed class Agreement : IAudited, IVersioned
{
    public int Id { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public AgreementKind Kind { get; set; }
    public int SupplierOrganisationId { get; set; }
    public Organisation Supplier { get; set; } = null!;
    public int BuyerOrganisationId { get; set; }
    public Organisation Buyer { get; set; } = null!;
    /// <summary>The tender it was awarded from, if any (grants and SLAs are often made directly).</summary>
    public int? TenderId { get; set; }
    public Tender? Tender { get; set; }
    public int? BidId { get; set; }
    public decimal Value { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    /// <summary>Extension options as agreed, for example "1+1 years".</summary>
    public string? ExtensionOptions { get; set; }
    /// <summary>Pending, Active or Terminated; Expired is derived.</summary>
    public AgreementStatus Status { get; set; }
    public DateOnly? TerminatedDate { get; set; }
    public string? TerminationReason { get; set; }
    public RecommissioningDecision Decision { get; set; }
    /// <summary>By when the decision is needed: six months before the end unless a commissioner set another date.</summary>
    public DateOnly DecisionDueDate { get; set; }
    public bool DecisionDueDateSet { get; set; }
    public string? DecisionNote { get; set; }
    public DateTime? DecidedUtc { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime LastModifiedUtc { get; set; }
    public List<AgreementPathway> Pathways { get; set; } = [];
    public List<AgreementPrison> Prisons { get; set; } = [];
    public List<AgreementSubcontractor> Subcontractors { get; set; } = [];
    public List<AgreementService> Services { get; set; } = [];
    public List<AgreementAmendment> Amendments { get; set; } = [];
    public List<Milestone> Milestones { get; set; } = [];
    public List<PerformanceReturn> Returns { get; set; } = [];
    public List<CommissioningDocument> Documents { get; set; } = [];
    public Guid Version { get; set; }

    public static AgreementStatus EffectiveStatus(AgreementStatus stored, DateOnly endDate, DateOnly today) =>
        stored != AgreementStatus.Terminated && endDate < today ? AgreementStatus.Expired : stored;

    public static DateOnly DefaultDecisionDue(DateOnly endDate) => endDate.AddMonths(-6);

    /// <summary>
    /// Agreements still in force or yet to start on <paramref name="today"/>: not terminated and not past their end date. Only
    /// these have a recommissioning decision still to act on; an ended agreement's decision has been carried out.
    /// </summary>
    public static Expression<Func<Agreement, bool>> Live(DateOnly today) => a => a.Status != AgreementStatus.Terminated && a.EndDate >= today;
}

public sealed class AgreementPathway : IAudited
{
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
}

public sealed class AgreementPrison : IAudited
{
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    public int PrisonId { get; set; }
    public Prison Prison { get; set; } = null!;
}

public sealed class AgreementSubcontractor : IAudited
{
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
}

/// <summary>A directory service the agreement pays for.</summary>
public sealed class AgreementService : IAudited
{
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    public int ServiceId { get; set; }
    public Service Service { get; set; } = null!;
}

/// <summary>A term of an agreement changed by an amendment, with its value before and after (as the register shows it).</summary>
public sealed record TermChange(string Term, string? Old, string? New);

/// <summary>A dated, reasoned change to an agreement's terms. Amendments are never edited or removed.</summary>
public sealed class AgreementAmendment : IAudited
{
    public int Id { get; set; }
    public int AgreementId { get; set; }
    public Agreement Agreement { get; set; } = null!;
    public DateOnly Date { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>JSON list of <see cref="TermChange"/>.</summary>
    public string Changes { get; set; } = "[]";
    public DateTime RecordedUtc { get; set; }
    public string RecordedBy { get; set; } = "";
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> b)
    {
        b.Property(a => a.Reference).HasMaxLength(40);
        b.HasIndex(a => a.Reference).IsUnique();
        b.Property(a => a.Title).HasMaxLength(200);
        b.Property(a => a.Description).HasMaxLength(4000);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.Value).HasPrecision(14, 2);
        b.Property(a => a.ExtensionOptions).HasMaxLength(100);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.TerminationReason).HasMaxLength(1000);
        b.Property(a => a.Decision).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.DecisionNote).HasMaxLength(2000);
        b.Property(a => a.DecidedBy).HasMaxLength(200);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne(a => a.Supplier).WithMany().HasForeignKey(a => a.SupplierOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Buyer).WithMany().HasForeignKey(a => a.BuyerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Tender).WithMany().HasForeignKey(a => a.TenderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.TenderId);
        b.HasIndex(a => a.SupplierOrganisationId);
        b.HasIndex(a => new { a.Status, a.EndDate });
        // Agreements by status and decision (the Progress figures), counted in index order without reading a row.
        b.HasIndex(a => new { a.Status, a.Decision });
        // Undecided or lapsing agreements ending soon (the minimum offer's at-risk rule), answered from the index alone.
        b.HasIndex(a => new { a.Decision, a.EndDate, a.Status });
        b.HasIndex(a => a.EndDate);
        b.HasIndex(a => a.LastModifiedUtc);
    }
}

internal sealed class AgreementPathwayConfiguration : IEntityTypeConfiguration<AgreementPathway>
{
    public void Configure(EntityTypeBuilder<AgreementPathway> b)
    {
        b.HasKey(x => new { x.AgreementId, x.PathwayId });
        b.HasOne(x => x.Agreement).WithMany(a => a.Pathways).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Pathway).WithMany().HasForeignKey(x => x.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PathwayId);
    }
}

internal sealed class AgreementPrisonConfiguration : IEntityTypeConfiguration<AgreementPrison>
{
    public void Configure(EntityTypeBuilder<AgreementPrison> b)
    {
        b.HasKey(x => new { x.AgreementId, x.PrisonId });
        b.HasOne(x => x.Agreement).WithMany(a => a.Prisons).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Prison).WithMany().HasForeignKey(x => x.PrisonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PrisonId);
    }
}

internal sealed class AgreementSubcontractorConfiguration : IEntityTypeConfiguration<AgreementSubcontractor>
{
    public void Configure(EntityTypeBuilder<AgreementSubcontractor> b)
    {
        b.HasKey(x => new { x.AgreementId, x.OrganisationId });
        b.HasOne(x => x.Agreement).WithMany(a => a.Subcontractors).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.OrganisationId);
    }
}

internal sealed class AgreementServiceConfiguration : IEntityTypeConfiguration<AgreementService>
{
    public void Configure(EntityTypeBuilder<AgreementService> b)
    {
        b.HasKey(x => new { x.AgreementId, x.ServiceId });
        b.HasOne(x => x.Agreement).WithMany(a => a.Services).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Service).WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ServiceId);
    }
}

internal sealed class AgreementAmendmentConfiguration : IEntityTypeConfiguration<AgreementAmendment>
{
    public void Configure(EntityTypeBuilder<AgreementAmendment> b)
    {
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.RecordedBy).HasMaxLength(200);
        b.HasOne(x => x.Agreement).WithMany(a => a.Amendments).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.AgreementId);
    }
}
