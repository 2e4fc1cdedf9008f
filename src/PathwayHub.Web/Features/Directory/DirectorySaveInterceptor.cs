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

/// <summary>
/// Keeps the directory's derived data in the save that changes its sources: each changed service's
/// <see cref="Service.SearchText"/> (and every service of a renamed organisation), and a new <see cref="DirectoryRevision"/>
/// stamp whenever a row the coverage matrix counts is added, changed or removed. Runs after the audit interceptor, so the
/// derived column is neither audited nor a new concurrency version.
/// </summary>
public sealed class DirectorySaveInterceptor : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Counted =
        [typeof(Service), typeof(ServiceAtLocation), typeof(ServiceTaxonomyTerm), typeof(Location), typeof(Prison), typeof(TaxonomyTerm), typeof(Taxonomy)];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db)
        {
            await KeepSearchTextAsync(db, async: true, cancellationToken);
            Bump(db);
        }
        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
        {
            // Synchronous all the way down (async: false never awaits anything incomplete).
            KeepSearchTextAsync(db, async: false, default).GetAwaiter().GetResult();
            Bump(db);
        }
        return base.SavingChanges(eventData, result);
    }

    private static async Task KeepSearchTextAsync(AppDbContext db, bool async, CancellationToken ct)
    {
        var services = db.ChangeTracker.Entries<Service>()
            .Where(e => e.State == EntityState.Added || e.State == EntityState.Modified
                && (e.Property(s => s.Name).IsModified || e.Property(s => s.Description).IsModified || e.Property(s => s.OrganisationId).IsModified))
            .Select(e => e.Entity).ToList();
        var renamed = db.ChangeTracker.Entries<Organisation>()
            .Where(e => e.State == EntityState.Modified && e.Property(o => o.Name).IsModified).Select(e => e.Entity.Id).ToList();
        if (renamed.Count > 0)
        {
            // Loaded into this context, so each is fixed up to its tracked (renamed) organisation and saved with the change.
            var theirs = db.Services.Where(s => renamed.Contains(s.OrganisationId));
            services.AddRange(async ? await theirs.ToListAsync(ct) : theirs.ToList());
        }
        if (services.Count == 0) return;

        var unloaded = services.Where(s => s.Organisation is null).Select(s => s.OrganisationId).Distinct().ToList();
        var names = new Dictionary<int, string>();
        if (unloaded.Count > 0)
        {
            var query = db.Organisations.AsNoTracking().Where(o => unloaded.Contains(o.Id)).Select(o => new { o.Id, o.Name });
            names = (async ? await query.ToListAsync(ct) : query.ToList()).ToDictionary(o => o.Id, o => o.Name);
        }
        foreach (var service in services.Distinct())
            service.KeepSearchText(service.Organisation?.Name ?? names.GetValueOrDefault(service.OrganisationId, ""));
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
