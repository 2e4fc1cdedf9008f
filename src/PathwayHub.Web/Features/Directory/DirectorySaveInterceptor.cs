using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// Keeps the directory's derived data in the save that changes its sources: each changed service's
/// <see cref="Service.SearchText"/> and <see cref="Service.IsPublic"/> (and those of every service of a renamed, approved or
/// withdrawn organisation), and the <see cref="ServiceCoverage"/> rows of
/// every service whose status, publication (or organisation's approval), prisons or terms change (all of them when a location's prison changes). Runs
/// after the audit interceptor, so derived data is neither audited nor a new concurrency version. The coverage rows are
/// written after the save's own statements and before its transaction commits: a save without a transaction of its own gets
/// one here, so the rows never disagree with what was saved. Every save that changes the directory also gives it a new
/// <see cref="DirectoryVersion"/> stamp.
/// </summary>
public sealed class DirectorySaveInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db)
        {
            await KeepServiceFieldsAsync(db, async: true, cancellationToken);
            DirectoryVersion.Change(db);
            if (CoverageWork.Collect(db)) await BeginAsync(db, async: true, cancellationToken);
        }
        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
        {
            // Synchronous all the way down (async: false never awaits anything incomplete).
            KeepServiceFieldsAsync(db, async: false, default).GetAwaiter().GetResult();
            DirectoryVersion.Change(db);
            if (CoverageWork.Collect(db)) BeginAsync(db, async: false, default).GetAwaiter().GetResult();
        }
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db) await FinishAsync(db, async: true, cancellationToken);
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is AppDbContext db) FinishAsync(db, async: false, default).GetAwaiter().GetResult();
        return base.SavedChanges(eventData, result);
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db) await AbandonAsync(db, async: true);
        await base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is AppDbContext db) AbandonAsync(db, async: false).GetAwaiter().GetResult();
        base.SaveChangesFailed(eventData);
    }

    private static async Task BeginAsync(AppDbContext db, bool async, CancellationToken ct)
    {
        var work = db.PendingCoverage!;
        if (work.Transaction is not null || db.Database.CurrentTransaction is not null) return;
        work.Transaction = async ? await db.Database.BeginTransactionAsync(ct) : db.Database.BeginTransaction();
    }

    /// <summary>
    /// Every statement of the save has run (a nested save, such as the audit trail's key fix-up, may get here first: the
    /// outer save's rows are written by then too), so the services' rows are rewritten from what is now in the database.
    /// </summary>
    private static async Task FinishAsync(AppDbContext db, bool async, CancellationToken ct)
    {
        if (db.PendingCoverage is not { } work) return;
        db.PendingCoverage = null;
        try
        {
            await ServiceCoverage.RebuildAsync(db, work.All ? null : work.ServiceIds(), async, ct);
            if (work.Transaction is { } own)
            {
                if (async) await own.CommitAsync(ct);
                else own.Commit();
            }
        }
        finally
        {
            await EndAsync(work, async);
        }
    }

    private static Task AbandonAsync(AppDbContext db, bool async)
    {
        if (db.PendingCoverage is not { } work) return Task.CompletedTask;
        db.PendingCoverage = null;
        return EndAsync(work, async);
    }

    /// <summary>Ends the transaction this interceptor began, if any: disposing one that was not committed rolls it back.</summary>
    private static async Task EndAsync(CoverageWork work, bool async)
    {
        if (work.Transaction is not { } own) return;
        if (async) await own.DisposeAsync();
        else own.Dispose();
    }

    /// <summary>
    /// Each service's <see cref="Service.SearchText"/> and <see cref="Service.IsPublic"/>, for the services whose own fields or
    /// organisation change, and every service of an organisation renamed, approved or withdrawn.
    /// </summary>
    private static async Task KeepServiceFieldsAsync(AppDbContext db, bool async, CancellationToken ct)
    {
        var services = db.ChangeTracker.Entries<Service>()
            .Where(e => e.State == EntityState.Added || e.State == EntityState.Modified
                && (e.Property(s => s.Name).IsModified || e.Property(s => s.Description).IsModified || e.Property(s => s.OrganisationId).IsModified
                    || e.Property(s => s.IsPublished).IsModified))
            .Select(e => e.Entity).ToList();
        var changed = db.ChangeTracker.Entries<Organisation>()
            .Where(e => e.State == EntityState.Modified && (e.Property(o => o.Name).IsModified || e.Property(o => o.Status).IsModified))
            .Select(e => e.Entity.Id).ToList();
        if (changed.Count > 0)
        {
            // Loaded into this context, so each is fixed up to its tracked (changed) organisation and saved with the change.
            var theirs = db.Services.Where(s => changed.Contains(s.OrganisationId));
            services.AddRange(async ? await theirs.ToListAsync(ct) : theirs.ToList());
        }
        if (services.Count == 0) return;

        var unloaded = services.Where(s => s.Organisation is null).Select(s => s.OrganisationId).Distinct().ToList();
        var organisations = new Dictionary<int, (string Name, OrganisationStatus Status)>();
        if (unloaded.Count > 0)
        {
            var query = db.Organisations.AsNoTracking().Where(o => unloaded.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.Status });
            organisations = (async ? await query.ToListAsync(ct) : query.ToList()).ToDictionary(o => o.Id, o => (o.Name, o.Status));
        }
        foreach (var service in services.Distinct())
        {
            // An organisation not found (a save that will fail on its foreign key) leaves the service unlisted.
            var (name, status) = service.Organisation is { } o ? (o.Name, o.Status)
                : organisations.GetValueOrDefault(service.OrganisationId, ("", OrganisationStatus.Inactive));
            service.KeepSearchText(name);
            service.KeepPublic(status);
        }
    }
}

/// <summary>
/// The services of one save whose coverage rows must be rewritten. Entities are kept rather than ids: a new service's id (and
/// its links' service id) is known only once the save has run.
/// </summary>
internal sealed class CoverageWork
{
    private readonly List<object> _sources = [];
    public bool All { get; private set; }
    public IDbContextTransaction? Transaction { get; set; }

    /// <summary>Adds this save's changes to the context's pending work; true when there is any.</summary>
    public static bool Collect(AppDbContext db)
    {
        foreach (var e in db.ChangeTracker.Entries())
        {
            var counted = (e.Entity, e.State) switch
            {
                (Service, EntityState.Added or EntityState.Deleted) => true,
                (Service, EntityState.Modified) => e.Property(nameof(Service.Status)).IsModified || e.Property(nameof(Service.IsPublished)).IsModified
                    || e.Property(nameof(Service.IsPublic)).IsModified,
                (ServiceAtLocation or ServiceTaxonomyTerm, EntityState.Added or EntityState.Deleted or EntityState.Modified) => true,
                _ => false,
            };
            var all = e is { Entity: Location, State: EntityState.Modified or EntityState.Deleted }
                && (e.State == EntityState.Deleted || e.Property(nameof(Location.PrisonId)).IsModified);
            if (!counted && !all) continue;
            var work = db.PendingCoverage ??= new CoverageWork();
            if (all) work.All = true;
            else
            {
                work._sources.Add(e.Entity);
                // A link moved from one service to another changes both.
                if (e.State == EntityState.Modified && e.Metadata.FindProperty("ServiceId") is { } p && e.Property(p.Name).OriginalValue is int from)
                    work._sources.Add(from);
            }
        }
        return db.PendingCoverage is not null;
    }

    public List<int> ServiceIds() => _sources.Select(s => s switch
    {
        Service x => x.Id,
        ServiceAtLocation x => x.ServiceId,
        ServiceTaxonomyTerm x => x.ServiceId,
        int id => id,
        _ => throw new InvalidOperationException($"Not a coverage source: {s.GetType().Name}"),
    }).ToList();
}
