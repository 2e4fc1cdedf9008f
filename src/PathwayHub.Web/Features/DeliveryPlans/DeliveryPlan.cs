using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.DeliveryPlans;

public enum PlanActionStatus { NotStarted, OnTrack, AtRisk, OffTrack, Complete }

/// <summary>A Pathway's Delivery Plan for one financial year (April to March; <see cref="Year"/> 2026 is 2026/27).</summary>
public sealed class DeliveryPlan : IAudited, IVersioned
{
    public int Id { get; set; }
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
    public int Year { get; set; }
    /// <summary>The plan's purpose in a few sentences, shown above the objectives.</summary>
    public string? Summary { get; set; }
    public List<PlanObjective> Objectives { get; set; } = [];
    public Guid Version { get; set; }
}

public sealed class PlanObjective : IAudited, IVersioned
{
    public int Id { get; set; }
    public int DeliveryPlanId { get; set; }
    public DeliveryPlan DeliveryPlan { get; set; } = null!;
    public int Order { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string OutcomeSought { get; set; } = "";
    /// <summary>Withdrawn objectives stay for the history but leave the plan and its reports.</summary>
    public bool Archived { get; set; }
    public List<PlanAction> Actions { get; set; } = [];
    public List<PlanMeasure> Measures { get; set; } = [];
    public Guid Version { get; set; }
}

/// <summary>An action under an objective, owned by a member (a person) or by an organisation.</summary>
public sealed class PlanAction : IAudited, IVersioned
{
    public int Id { get; set; }
    public int ObjectiveId { get; set; }
    public PlanObjective Objective { get; set; } = null!;
    public int Order { get; set; }
    public string Description { get; set; } = "";
    public int? OwnerPersonId { get; set; }
    public Person? OwnerPerson { get; set; }
    public int? OwnerOrganisationId { get; set; }
    public Organisation? OwnerOrganisation { get; set; }
    public DateOnly DueDate { get; set; }
    public PlanActionStatus Status { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public bool Archived { get; set; }
    public List<PlanProgressNote> Notes { get; set; } = [];
    public Guid Version { get; set; }

    /// <summary>
    /// The status an action has on <paramref name="today"/>: past its due date and not complete, it is off track whatever was
    /// last recorded, so the status shown and its RAG rating (<see cref="RagFor"/>) never disagree ("on track" but red).
    /// </summary>
    public static PlanActionStatus StatusOn(PlanActionStatus status, DateOnly due, DateOnly today) =>
        status is not (PlanActionStatus.Complete or PlanActionStatus.OffTrack) && due < today ? PlanActionStatus.OffTrack : status;

    /// <summary>
    /// The RAG rating follows the status of the day (<see cref="StatusOn"/>): complete is blue; off track (which includes past its
    /// due date) is red; at risk, or not started within a month of its due date, is amber; otherwise green.
    /// </summary>
    public static Rag RagFor(PlanActionStatus status, DateOnly due, DateOnly today) => StatusOn(status, due, today) switch
    {
        PlanActionStatus.Complete => Rag.Complete,
        PlanActionStatus.OffTrack => Rag.Red,
        PlanActionStatus.AtRisk => Rag.Amber,
        PlanActionStatus.NotStarted when due <= today.AddDays(30) => Rag.Amber,
        _ => Rag.Green,
    };

    /// <summary>Why a status cannot be recorded with this due date, or null: the refusal that keeps stored statuses honest.</summary>
    public static string? Contradiction(PlanActionStatus status, DateOnly due, DateOnly today) =>
        StatusOn(status, due, today) == status ? null
            : $"The action was due on {due.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}, so it is off track until it is complete or its due date moves; it cannot be {DeliveryPlanText.StatusLabel(status).ToLowerInvariant()}.";
}

/// <summary>A dated note of progress on an action, by its owner or the coordinator.</summary>
public sealed class PlanProgressNote : IAudited
{
    public int Id { get; set; }
    public int PlanActionId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Author { get; set; } = "";
    /// <summary>The status the author set with this note.</summary>
    public PlanActionStatus Status { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>A measure of an objective with a target and an actual figure for each quarter of the financial year.</summary>
public sealed class PlanMeasure : IAudited, IVersioned
{
    public int Id { get; set; }
    public int ObjectiveId { get; set; }
    public PlanObjective Objective { get; set; } = null!;
    public string Name { get; set; } = "";
    public decimal? TargetQ1 { get; set; }
    public decimal? TargetQ2 { get; set; }
    public decimal? TargetQ3 { get; set; }
    public decimal? TargetQ4 { get; set; }
    public decimal? ActualQ1 { get; set; }
    public decimal? ActualQ2 { get; set; }
    public decimal? ActualQ3 { get; set; }
    public decimal? ActualQ4 { get; set; }
    public bool Archived { get; set; }
    public Guid Version { get; set; }
}

internal sealed class DeliveryPlanConfiguration :
    IEntityTypeConfiguration<DeliveryPlan>, IEntityTypeConfiguration<PlanObjective>, IEntityTypeConfiguration<PlanAction>,
    IEntityTypeConfiguration<PlanProgressNote>, IEntityTypeConfiguration<PlanMeasure>
{
    public void Configure(EntityTypeBuilder<DeliveryPlan> b)
    {
        b.Property(p => p.Summary).HasMaxLength(4000);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasOne(p => p.Pathway).WithMany().HasForeignKey(p => p.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.PathwayId, p.Year }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<PlanObjective> b)
    {
        b.Property(o => o.Title).HasMaxLength(300);
        b.Property(o => o.Description).HasMaxLength(4000);
        b.Property(o => o.OutcomeSought).HasMaxLength(2000);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasOne(o => o.DeliveryPlan).WithMany(p => p.Objectives).HasForeignKey(o => o.DeliveryPlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.DeliveryPlanId, o.Order });
    }

    public void Configure(EntityTypeBuilder<PlanAction> b)
    {
        b.Property(a => a.Description).HasMaxLength(2000);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne(a => a.Objective).WithMany(o => o.Actions).HasForeignKey(a => a.ObjectiveId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.OwnerPerson).WithMany().HasForeignKey(a => a.OwnerPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.OwnerOrganisation).WithMany().HasForeignKey(a => a.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.ObjectiveId, a.Order });
        b.HasIndex(a => a.OwnerPersonId);
        b.HasIndex(a => a.OwnerOrganisationId);
        b.ToTable(t => t.HasCheckConstraint("CK_PlanActions_OneOwner",
            "(\"OwnerPersonId\" IS NULL AND \"OwnerOrganisationId\" IS NOT NULL) OR (\"OwnerPersonId\" IS NOT NULL AND \"OwnerOrganisationId\" IS NULL)"));
    }

    public void Configure(EntityTypeBuilder<PlanProgressNote> b)
    {
        b.Property(n => n.Author).HasMaxLength(200);
        b.Property(n => n.Text).HasMaxLength(2000);
        b.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne<PlanAction>().WithMany(a => a.Notes).HasForeignKey(n => n.PlanActionId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlanMeasure> b)
    {
        b.Property(m => m.Name).HasMaxLength(300);
        foreach (var p in new[] { "TargetQ1", "TargetQ2", "TargetQ3", "TargetQ4", "ActualQ1", "ActualQ2", "ActualQ3", "ActualQ4" })
            b.Property(p).HasPrecision(12, 2);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Objective).WithMany(o => o.Measures).HasForeignKey(m => m.ObjectiveId).OnDelete(DeleteBehavior.Restrict);
    }
}
