using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>Where a tender is in its life; the names follow the OCDS tender status codes, plus evaluation between closing and award.</summary>
public enum TenderStatus { Planning, Active, Evaluation, Complete, Cancelled, Unsuccessful }

/// <summary>OCDS procurement method.</summary>
public enum ProcurementMethod { Open, Selective, Limited, Direct }

/// <summary>An invitation to bid for a service: planned, opened for bids, evaluated and awarded (or cancelled).</summary>
public sealed class Tender : IAudited, IVersioned
{
    public int Id { get; set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal? EstimatedValue { get; set; }
    public ProcurementMethod Method { get; set; }
    /// <summary>The commissioning body buying the service (for example NOMS North East).</summary>
    public int BuyerOrganisationId { get; set; }
    public Organisation Buyer { get; set; } = null!;
    public TenderStatus Status { get; set; }
    public DateTime? PublishedUtc { get; set; }
    public DateTime? ClarificationDeadlineUtc { get; set; }
    public DateTime? SubmissionDeadlineUtc { get; set; }
    public DateOnly? AwardDate { get; set; }
    /// <summary>Why the tender was cancelled or closed without an award.</summary>
    public string? ClosureReason { get; set; }
    public DateTime LastModifiedUtc { get; set; }
    public List<TenderPathway> Pathways { get; set; } = [];
    public List<TenderPrison> Prisons { get; set; } = [];
    public List<TenderInterest> Interests { get; set; } = [];
    public List<Bid> Bids { get; set; } = [];
    public List<CommissioningDocument> Documents { get; set; } = [];
    public Guid Version { get; set; }
}

public sealed class TenderPathway : IAudited
{
    public int TenderId { get; set; }
    public Tender Tender { get; set; } = null!;
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
}

public sealed class TenderPrison : IAudited
{
    public int TenderId { get; set; }
    public Tender Tender { get; set; } = null!;
    public int PrisonId { get; set; }
    public Prison Prison { get; set; } = null!;
}

/// <summary>An organisation's registered interest in an open tender: who is told of clarifications and deadlines.</summary>
public sealed class TenderInterest : IAudited
{
    public int Id { get; set; }
    public int TenderId { get; set; }
    public Tender Tender { get; set; } = null!;
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public DateTime RegisteredUtc { get; set; }
    public string RegisteredBy { get; set; } = "";
}

public enum BidOutcome { Pending, Successful, Unsuccessful }

/// <summary>An organisation's bid for a tender. One per organisation; resubmitting before the deadline replaces it.</summary>
public sealed class Bid : IAudited, IVersioned
{
    public int Id { get; set; }
    public int TenderId { get; set; }
    public Tender Tender { get; set; } = null!;
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public DateTime SubmittedUtc { get; set; }
    public string SubmittedBy { get; set; } = "";
    public decimal Value { get; set; }
    public string Summary { get; set; } = "";
    /// <summary>The commissioner's evaluation score out of 100.</summary>
    public decimal? Score { get; set; }
    public string? EvaluationNotes { get; set; }
    public BidOutcome Outcome { get; set; }
    public Guid Version { get; set; }
}

internal sealed class TenderConfiguration : IEntityTypeConfiguration<Tender>
{
    public void Configure(EntityTypeBuilder<Tender> b)
    {
        b.Property(t => t.Reference).HasMaxLength(40);
        b.HasIndex(t => t.Reference).IsUnique();
        b.Property(t => t.Title).HasMaxLength(200);
        b.Property(t => t.Description).HasMaxLength(4000);
        b.Property(t => t.EstimatedValue).HasPrecision(14, 2);
        b.Property(t => t.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.ClosureReason).HasMaxLength(1000);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne(t => t.Buyer).WithMany().HasForeignKey(t => t.BuyerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.Status, t.SubmissionDeadlineUtc });
    }
}

internal sealed class TenderPathwayConfiguration : IEntityTypeConfiguration<TenderPathway>
{
    public void Configure(EntityTypeBuilder<TenderPathway> b)
    {
        b.HasKey(x => new { x.TenderId, x.PathwayId });
        b.HasOne(x => x.Tender).WithMany(t => t.Pathways).HasForeignKey(x => x.TenderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Pathway).WithMany().HasForeignKey(x => x.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PathwayId);
    }
}

internal sealed class TenderPrisonConfiguration : IEntityTypeConfiguration<TenderPrison>
{
    public void Configure(EntityTypeBuilder<TenderPrison> b)
    {
        b.HasKey(x => new { x.TenderId, x.PrisonId });
        b.HasOne(x => x.Tender).WithMany(t => t.Prisons).HasForeignKey(x => x.TenderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Prison).WithMany().HasForeignKey(x => x.PrisonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.PrisonId);
    }
}

internal sealed class TenderInterestConfiguration : IEntityTypeConfiguration<TenderInterest>
{
    public void Configure(EntityTypeBuilder<TenderInterest> b)
    {
        b.Property(x => x.RegisteredBy).HasMaxLength(200);
        b.HasOne(x => x.Tender).WithMany(t => t.Interests).HasForeignKey(x => x.TenderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TenderId, x.OrganisationId }).IsUnique();
        b.HasIndex(x => x.OrganisationId);
    }
}

internal sealed class BidConfiguration : IEntityTypeConfiguration<Bid>
{
    public void Configure(EntityTypeBuilder<Bid> b)
    {
        b.Property(x => x.SubmittedBy).HasMaxLength(200);
        b.Property(x => x.Value).HasPrecision(14, 2);
        b.Property(x => x.Summary).HasMaxLength(4000);
        b.Property(x => x.Score).HasPrecision(5, 2);
        b.Property(x => x.EvaluationNotes).HasMaxLength(4000);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne(x => x.Tender).WithMany(t => t.Bids).HasForeignKey(x => x.TenderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.TenderId, x.OrganisationId }).IsUnique();
        b.HasIndex(x => x.OrganisationId);
    }
}
