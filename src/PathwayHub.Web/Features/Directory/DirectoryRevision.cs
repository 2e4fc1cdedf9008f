using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// One row whose stamp changes, in the same transaction, with every save that touches what the coverage matrix counts
/// (services, their prisons and terms, locations, prisons, taxonomies). Every instance reads it before using its cached
/// matrix, so a change saved by any instance is seen by all of them at once.
/// </summary>
public sealed class DirectoryRevision
{
    public const int RowId = 1;
    public int Id { get; set; }
    public Guid Stamp { get; set; }
}

internal sealed class DirectoryRevisionConfiguration : IEntityTypeConfiguration<DirectoryRevision>
{
    public void Configure(EntityTypeBuilder<DirectoryRevision> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasData(new DirectoryRevision { Id = DirectoryRevision.RowId, Stamp = Guid.Empty });
    }
}

/// <summary>Gives the <see cref="DirectoryRevision"/> a new stamp in any save that adds, changes or removes a counted row.</summary>
public sealed class DirectoryRevisionInterceptor : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Counted =
        [typeof(Service), typeof(ServiceAtLocation), typeof(ServiceTaxonomyTerm), typeof(Location), typeof(Prison), typeof(TaxonomyTerm), typeof(Taxonomy)];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db) Bump(db);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db) Bump(db);
        return base.SavingChanges(eventData, result);
    }

    private static void Bump(AppDbContext db)
    {
        if (!db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Counted.Contains(e.Metadata.ClrType)))
            return;
        var revision = db.ChangeTracker.Entries<DirectoryRevision>().FirstOrDefault()?.Entity;
        if (revision is null)
        {
            revision = new DirectoryRevision { Id = DirectoryRevision.RowId };
            db.Attach(revision);
        }
        revision.Stamp = Guid.NewGuid();
    }
}

/// <summary>The last coverage matrix of each taxonomy and the revision it was counted at (one per process).</summary>
public sealed class CoverageCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Guid Stamp, CoverageMatrix Matrix)> _matrices = new();

    public CoverageMatrix? TryGet(string taxonomySlug, Guid stamp) =>
        _matrices.TryGetValue(taxonomySlug, out var e) && e.Stamp == stamp ? e.Matrix : null;

    public void Set(string taxonomySlug, Guid stamp, CoverageMatrix matrix) => _matrices[taxonomySlug] = (stamp, matrix);
}
