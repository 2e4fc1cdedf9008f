using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>Filters and shape of <c>GET /services</c>, already parsed.</summary>
/// <param name="Full">Each service fully nested, as <c>/services/{id}</c> answers.</param>
public sealed record OpenServiceQuery(PageRequest Paging, ServiceFilter Filter, bool Full = false);

/// <summary>
/// Read-only services and organisations in the HSDS 3.0 shape for anyone, signed in or not: only what <see cref="OpenDataPolicy"/>
/// publishes. Whole collections (format=ndjson, minimal) are streamed as they are read, never held in memory.
/// </summary>
public sealed class OpenDataService(IDbContextFactory<AppDbContext> dbs, OpenDataCounts counts)
{
    /// <summary>Services fully loaded per query when whole services are streamed: enough to keep round trips few, few enough to keep memory flat.</summary>
    private const int FullBatch = 200;

    public async Task<HsdsPage<HsdsService>> ServicesAsync(OpenServiceQuery query, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var total = await CountAsync(db, query.Filter, ct);
        var q = (await query.Filter.ApplyAsync(db, ct)).AsNoTracking();
        var page = Ordered(q).Skip(query.Paging.Offset).Take(query.Paging.Size);
        IReadOnlyList<HsdsService> items = query.Full
            ? await FullAsync(db, await page.Select(s => s.Id).ToListAsync(ct), ct)
            : (await page.Select(s => new { Service = s, OrgId = s.Organisation.PublicId }).ToListAsync(ct)).Select(x => OpenDataMapping.ListItem(x.Service, x.OrgId)).ToList();
        return OpenDataMapping.Page(items, total, query.Paging.Page, query.Paging.Size);
    }

    /// <summary>Every service that passes the filter, in the list's order, read as it is written (format=ndjson).</summary>
    public async IAsyncEnumerable<HsdsService> StreamServicesAsync(ServiceFilter filter, bool full, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Ordered((await filter.ApplyAsync(db, ct)).AsNoTracking());
        if (!full)
        {
            await foreach (var x in q.Select(s => new { Service = s, OrgId = s.Organisation.PublicId }).AsAsyncEnumerable().WithCancellation(ct))
                yield return OpenDataMapping.ListItem(x.Service, x.OrgId);
            yield break;
        }
        // Ids stream from one query; each batch of whole services is loaded by a second context while the first reads on.
        var batch = new List<int>(FullBatch);
        await foreach (var id in q.Select(s => s.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            batch.Add(id);
            if (batch.Count < FullBatch) continue;
            foreach (var s in await FullBatchAsync(batch, ct)) yield return s;
            batch.Clear();
        }
        foreach (var s in await FullBatchAsync(batch, ct)) yield return s;
    }

    public async Task<HsdsPage<HsdsMinimalService>> MinimalServicesAsync(ServiceFilter filter, PageRequest paging, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var total = await CountAsync(db, filter, ct);
        var q = (await filter.ApplyAsync(db, ct)).AsNoTracking();
        var rows = await Ordered(q).Skip(paging.Offset).Take(paging.Size).Select(s => new { s.PublicId, s.LastModifiedUtc }).ToListAsync(ct);
        return OpenDataMapping.Page(rows.Select(r => new HsdsMinimalService(r.PublicId, OpenDataMapping.LastModified(r.LastModifiedUtc))).ToList(), total, paging.Page, paging.Size);
    }

    public async Task<int> CountServicesAsync(ServiceFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await CountAsync(db, filter, ct);
    }

    /// <summary>How many services pass the filter: counted once per filter while the directory is unchanged (<see cref="OpenDataCounts"/>).</summary>
    private Task<int> CountAsync(AppDbContext db, ServiceFilter filter, CancellationToken ct) =>
        counts.GetAsync(db, filter, () => filter.CountAsync(db, ct), ct);

    /// <summary>Each service's id and last change only: the whole collection, streamed (minimal=true).</summary>
    public async IAsyncEnumerable<HsdsMinimalService> StreamMinimalServicesAsync(ServiceFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await foreach (var r in Ordered((await filter.ApplyAsync(db, ct)).AsNoTracking()).Select(s => new { s.PublicId, s.LastModifiedUtc }).AsAsyncEnumerable().WithCancellation(ct))
            yield return new HsdsMinimalService(r.PublicId, OpenDataMapping.LastModified(r.LastModifiedUtc));
    }

    public async Task<HsdsService?> ServiceAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = await db.Services.Where(OpenDataPolicy.PublishedService).Where(x => x.PublicId == id).Select(x => x.Id).ToListAsync(ct);
        return (await FullAsync(db, found, ct)).SingleOrDefault();
    }

    public async Task<HsdsPage<HsdsOrganization>> OrganizationsAsync(string? search, bool withServices, bool fullServices, PageRequest paging, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Organisations(db, search);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(o => o.Name).Skip(paging.Offset).Take(paging.Size).ToListAsync(ct);
        var result = new List<HsdsOrganization>(items.Count);
        foreach (var o in items) result.Add(OpenDataMapping.Organization(o, withServices || fullServices ? await ServicesOfAsync(db, o, fullServices, ct) : null));
        return OpenDataMapping.Page(result, total, paging.Page, paging.Size);
    }

    public async IAsyncEnumerable<HsdsOrganization> StreamOrganizationsAsync(string? search, bool withServices, bool fullServices, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await foreach (var o in Organisations(db, search).OrderBy(o => o.Name).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!withServices && !fullServices) { yield return OpenDataMapping.Organization(o, null); continue; }
            await using var other = await dbs.CreateDbContextAsync(ct);
            yield return OpenDataMapping.Organization(o, await ServicesOfAsync(other, o, fullServices, ct));
        }
    }

    /// <summary>An organisation always with its services; <paramref name="fullServices"/> nests each service whole.</summary>
    public async Task<HsdsOrganization?> OrganizationAsync(Guid id, bool fullServices, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var o = await db.Organisations.AsNoTracking().Where(OpenDataPolicy.PublishedOrganisation).FirstOrDefaultAsync(x => x.PublicId == id, ct);
        return o is null ? null : OpenDataMapping.Organization(o, await ServicesOfAsync(db, o, fullServices, ct));
    }

    private static IQueryable<Organisation> Organisations(AppDbContext db, string? search)
    {
        var q = db.Organisations.AsNoTracking().Where(OpenDataPolicy.PublishedOrganisation);
        if (string.IsNullOrWhiteSpace(search)) return q;
        var lower = search.Trim().ToLowerInvariant();
        return q.Where(o => o.Name.ToLower().Contains(lower) || o.Description.ToLower().Contains(lower));
    }

    private static async Task<IReadOnlyList<HsdsService>> ServicesOfAsync(AppDbContext db, Organisation o, bool full, CancellationToken ct)
    {
        var q = Ordered(db.Services.AsNoTracking().Where(OpenDataPolicy.PublishedService).Where(s => s.OrganisationId == o.Id));
        if (full) return await FullAsync(db, await q.Select(s => s.Id).ToListAsync(ct), ct);
        return (await q.ToListAsync(ct)).Select(s => OpenDataMapping.ListItem(s, o.PublicId)).ToList();
    }

    /// <summary>The list's order, which the index on Name reads without sorting.</summary>
    private static IQueryable<Service> Ordered(IQueryable<Service> q) => q.OrderBy(s => s.Name).ThenBy(s => s.Id);

    private async Task<IReadOnlyList<HsdsService>> FullBatchAsync(List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await FullAsync(db, ids, ct);
    }

    /// <summary>Whole services by id, in the order of <paramref name="ids"/>.</summary>
    internal static async Task<IReadOnlyList<HsdsService>> FullAsync(AppDbContext db, IReadOnlyList<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var services = await db.Services.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Include(x => x.Organisation)
            .Include(x => x.Locations).ThenInclude(l => l.Location).ThenInclude(l => l.Prison)
            .Include(x => x.Contacts).Include(x => x.Schedules)
            .Include(x => x.Terms).ThenInclude(t => t.TaxonomyTerm).ThenInclude(t => t.Taxonomy)
            .Include(x => x.Terms).ThenInclude(t => t.TaxonomyTerm).ThenInclude(t => t.Parent)
            .AsSplitQuery().ToDictionaryAsync(s => s.Id, ct);
        return ids.Select(id => OpenDataMapping.Full(services[id])).ToList();
    }
}
