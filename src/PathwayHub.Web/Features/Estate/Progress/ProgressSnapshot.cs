using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Features.Estate.Progress;

/// <summary>
/// The region's figures for one scope (a Pathway, or the region when <see cref="PathwayId"/> is null) as they stood on the first
/// day of a quarter. Written once and never edited (<see cref="SnapshotGuard"/>): the baseline is a separate record
/// (<see cref="ProgressBaseline"/>) so that choosing one changes no snapshot.
/// </summary>
public sealed class ProgressSnapshot
{
    public int Id { get; init; }
    public int? PathwayId { get; init; }
    public Pathway? Pathway { get; init; }
    /// <summary>0 for the region, else the Pathway's id: a non-null key, so the unique index holds for the region too (NULLs are distinct).</summary>
    public int ScopeKey { get; init; }
    public DateOnly QuarterStart { get; init; }
    public DateTime TakenUtc { get; init; }
    public ProgressFigures Figures { get; init; } = new();

    public static int KeyOf(int? pathwayId) => pathwayId ?? 0;
}

/// <summary>What a snapshot counts; <see cref="ProgressFiguresQuery"/> computes it, for a snapshot and for "now" alike.</summary>
public sealed record ProgressFigures
{
    public int OfferMet { get; init; }
    public int OfferAtRisk { get; init; }
    public int OfferMissing { get; init; }
    public int ActionsRed { get; init; }
    public int ActionsAmber { get; init; }
    public int ActionsGreen { get; init; }
    public int ActionsComplete { get; init; }
    public int AgreementsPending { get; init; }
    public int AgreementsActive { get; init; }
    public int AgreementsExpired { get; init; }
    public int AgreementsTerminated { get; init; }
    public int DecisionsUndecided { get; init; }
    public int DecisionsRecommission { get; init; }
    public int DecisionsExtend { get; init; }
    public int DecisionsLetLapse { get; init; }
    public int ServicesOffered { get; init; }
    public int ServicesReviewed { get; init; }
    public int ServicesEvaluated { get; init; }
}

/// <summary>The snapshot a scope measures its progress against, chosen by the coordinator; one row per scope, changed when re-chosen.</summary>
public sealed class ProgressBaseline
{
    public int ScopeKey { get; set; }
    public int? PathwayId { get; set; }
    public int SnapshotId { get; set; }
    public ProgressSnapshot Snapshot { get; set; } = null!;
    public string SetBy { get; set; } = "";
    public DateTime SetUtc { get; set; }
}

/// <summary>Refuses any save that changes or deletes a snapshot: the trend is only evidence if the past stays as it was.</summary>
public static class SnapshotGuard
{
    public const string Message = "A progress snapshot is never changed or deleted once taken.";

    public static void Check(ChangeTracker tracker)
    {
        if (tracker.Entries<ProgressSnapshot>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException(Message);
    }
}

internal sealed class ProgressSnapshotConfiguration : IEntityTypeConfiguration<ProgressSnapshot>, IEntityTypeConfiguration<ProgressBaseline>
{
    public void Configure(EntityTypeBuilder<ProgressSnapshot> b)
    {
        b.HasOne(s => s.Pathway).WithMany().HasForeignKey(s => s.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.ScopeKey, s.QuarterStart }).IsUnique();
        b.ComplexProperty(s => s.Figures);
    }

    public void Configure(EntityTypeBuilder<ProgressBaseline> b)
    {
        b.HasKey(x => x.ScopeKey);
        b.Property(x => x.ScopeKey).ValueGeneratedNever();
        b.Property(x => x.SetBy).HasMaxLength(256);
        b.HasOne(x => x.Snapshot).WithMany().HasForeignKey(x => x.SnapshotId).OnDelete(DeleteBehavior.Restrict);
    }
}
