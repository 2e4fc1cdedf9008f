using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>Near a postcode: its district's centroid, and optionally a radius in metres.</summary>
public sealed record NearFilter(GeoPoint Centre, int? WithinMetres);

/// <summary>Filters and shape of <c>GET /service_at_locations</c>, already parsed.</summary>
/// <param name="Near">With a postcode: results carry their distance and come nearest first.</param>
/// <param name="Full">Each with its service fully nested.</param>
public sealed record ServiceAtLocationQuery(ServiceFilter Filter, NearFilter? Near = null, bool Full = false);

/// <summary>
/// Where published services are delivered, in the HSDS 3.0 shape, filtered as the services list is (<see cref="ServiceFilter"/>) and
/// optionally ordered by distance from a postcode. Distances are per location, and locations are few (the region's prisons and
/// community sites) against many services, so they are worked out here for every location and the database is asked only for the
/// rows of the locations a page spans.
/// </summary>
public sealed class OpenDataLocationService(IDbContextFactory<AppDbContext> dbs, OpenDataCounts kept)
{
    public async Task<HsdsPage<HsdsServiceAtLocation>> ServiceAtLocationsAsync(ServiceAtLocationQuery query, PageRequest paging, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var services = await query.Filter.ApplyAsync(db, ct);
        if (query.Near is not { } near)
        {
            var total = await kept.GetAsync(db, (nameof(ServiceAtLocationsAsync), query.Filter),
                async () => await Counted(db, await query.Filter.ApplyAsync(db, ct, counting: true)).CountAsync(ct), ct);
            var page = await Shape(Paged(db, services).OrderBy(x => x.Id).Skip(paging.Offset).Take(paging.Size)).ToListAsync(ct);
            return OpenDataMapping.Page(await MapAsync(db, page, query.Full, _ => null, ct), total, paging.Page, paging.Size);
        }

        var ranked = await RankAsync(db, near, ct);
        // Locations with no coordinates (online ones) after all the others, when no radius left them out.
        var order = near.WithinMetres is not null ? ranked : [.. ranked, .. await UnplacedAsync(db, ranked, ct)];
        var counts = await CountsAsync(db, query.Filter, order.Select(r => r.LocationId).ToList(), ct);

        // The page is read location by location, nearest first, each in its index's order, from the first row the page wants.
        var rare = await RareAsync(db, order, counts, ct);
        var rows = new List<Row>();
        var seen = 0;
        foreach (var location in order)
        {
            var count = counts.GetValueOrDefault(location.LocationId);
            var skip = Math.Max(0, paging.Offset - seen);
            seen += count;
            if (count == 0 || skip >= count || rows.Count == paging.Size) continue;
            rows.AddRange(await Shape(At(db, services, location.LocationId, rare).Skip(skip).Take(paging.Size - rows.Count)).ToListAsync(ct));
        }
        var distances = order.ToDictionary(r => r.LocationId, r => r.Metres);
        return OpenDataMapping.Page(await MapAsync(db, rows, query.Full, r => distances[r.Sal.LocationId], ct), seen, paging.Page, paging.Size);
    }

    /// <summary>The whole collection, as it is read (format=ndjson): by id, or location by location nearest first.</summary>
    public async IAsyncEnumerable<HsdsServiceAtLocation> StreamServiceAtLocationsAsync(ServiceAtLocationQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var services = await query.Filter.ApplyAsync(db, ct);
        if (query.Near is not { } near)
        {
            // Whole services are loaded per batch by a second context while the first reads on.
            var batch = new List<Row>(Batch);
            await foreach (var row in Shape(Counted(db, services).OrderBy(x => x.Id)).AsAsyncEnumerable().WithCancellation(ct))
            {
                batch.Add(row);
                if (batch.Count < Batch) continue;
                foreach (var item in await MapBatchAsync(batch, query.Full, ct)) yield return item;
                batch.Clear();
            }
            foreach (var item in await MapBatchAsync(batch, query.Full, ct)) yield return item;
            yield break;
        }
        var ranked = await RankAsync(db, near, ct);
        if (near.WithinMetres is null) ranked.AddRange(await UnplacedAsync(db, ranked, ct));
        foreach (var location in ranked)
        {
            var rows = await Shape(At(db, services, location.LocationId, rare: false)).ToListAsync(ct);
            foreach (var item in await MapAsync(db, rows, query.Full, _ => location.Metres, ct)) yield return item;
        }
    }

    public async Task<HsdsServiceAtLocation?> ServiceAtLocationAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var x = await db.ServiceAtLocations.AsNoTracking().Where(OpenDataPolicy.PublishedServiceAtLocation)
            .Include(s => s.Location).ThenInclude(l => l.Prison).Include(s => s.Service).ThenInclude(s => s.Organisation)
            .FirstOrDefaultAsync(s => s.PublicId == id, ct);
        return x is null ? null : OpenDataMapping.ServiceAtLocation(x, x.Service.PublicId, x.Location, OpenDataMapping.ListItem(x.Service, x.Service.Organisation.PublicId));
    }

    private const int Batch = 200;

    private async Task<List<HsdsServiceAtLocation>> MapBatchAsync(List<Row> rows, bool full, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await MapAsync(db, rows, full, _ => null, ct);
    }

    private sealed record Ranked(int LocationId, double? Metres);
    private sealed record Row(ServiceAtLocation Sal, Location Location, Prison? Prison, Guid ServiceId);

    /// <summary>
    /// The filtered services' locations, for reading them all (a count, a stream): the services are one uncorrelated subquery,
    /// read once (from the published services' index where the filter allows), rather than a join, which would look up each
    /// location's service rows one by one.
    /// </summary>
    private static IQueryable<ServiceAtLocation> Counted(AppDbContext db, IQueryable<Service> services)
    {
        var ids = services.Select(s => s.Id);
        return db.ServiceAtLocations.AsNoTracking().Where(x => ids.Contains(x.ServiceId));
    }

    /// <summary>
    /// The same rows for reading a page: each row's service is checked as the rows are read in order (a correlated EXISTS), so a
    /// page stops after its rows instead of first finding every service that passes the filter.
    /// </summary>
    private static IQueryable<ServiceAtLocation> Paged(AppDbContext db, IQueryable<Service> services) =>
        db.ServiceAtLocations.AsNoTracking().Where(x => services.Any(s => s.Id == x.ServiceId));

    /// <summary>
    /// One location's rows in the order of its index (LocationId, ServiceId): a service is at a location once. Walked row by row
    /// (<see cref="Paged"/>), a page of a broad filter is found within its first rows; a <paramref name="rare"/> filter's few rows
    /// are found from its services instead (<see cref="Counted"/>), rather than by walking thousands of rows for each.
    /// </summary>
    private static IQueryable<ServiceAtLocation> At(AppDbContext db, IQueryable<Service> services, int locationId, bool rare) =>
        (rare ? Counted(db, services) : Paged(db, services)).Where(x => x.LocationId == locationId).OrderBy(x => x.ServiceId);

    /// <summary>Rows a filter may keep in reach and still be read from its services: about what a few pages walk.</summary>
    private const int RareRows = 2_000;

    /// <summary>
    /// Whether the filter keeps few of the rows in reach: under <see cref="RareRows"/> of them, and under one in twenty of all
    /// the rows at those locations (so a broad filter within a small radius is still walked: its rows are few to walk anyway).
    /// Asked on SQLite only: PostgreSQL walks a location's rows against its filtered services in a few milliseconds either way,
    /// and the extra count would cost it more than it saves.
    /// </summary>
    private static async Task<bool> RareAsync(AppDbContext db, List<Ranked> order, IReadOnlyDictionary<int, int> counts, CancellationToken ct)
    {
        if (db is not SqliteAppDbContext) return false;
        var kept = order.Sum(r => counts.GetValueOrDefault(r.LocationId));
        if (kept > RareRows) return false;
        var ids = order.Select(r => r.LocationId).ToList();
        var all = await db.ServiceAtLocations.CountAsync(x => ids.Contains(x.LocationId), ct);
        return kept * 20 < all;
    }

    private static IQueryable<Row> Shape(IQueryable<ServiceAtLocation> q) => q.Select(x => new Row(x, x.Location, x.Location.Prison, x.Service.PublicId));

    /// <summary>
    /// How many rows of the filtered services each of the given locations holds. Kept per filter (<see cref="OpenDataCounts"/>),
    /// location by location as requests ask for them, so a search within a radius counts only the locations within it, and a
    /// wider radius later counts only the locations it adds.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, int>> CountsAsync(AppDbContext db, ServiceFilter filter, List<int> locations, CancellationToken ct)
    {
        var known = await kept.GetAsync(db, (nameof(CountsAsync), filter), () => Task.FromResult(new ConcurrentDictionary<int, int>()), ct);
        var missing = locations.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count == 0) return known;
        var services = (await filter.ApplyAsync(db, ct, counting: true)).Select(s => s.Id);
        // The locations' rows are read from their index, each row's service looked up among the filtered services, found once.
        // On SQLite "+ 0" keeps the planner from turning that round (seeking every filtered service at every location).
        var rows = db.ServiceAtLocations.AsNoTracking().Where(x => missing.Contains(x.LocationId));
        rows = db is SqliteAppDbContext ? rows.Where(x => services.Contains(x.ServiceId + 0)) : rows.Where(x => services.Contains(x.ServiceId));
        var counted = await rows.GroupBy(x => x.LocationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        foreach (var id in missing) known[id] = counted.GetValueOrDefault(id);
        return known;
    }

    /// <summary>Locations without coordinates (online ones), by id: they come after every placed location when no radius is asked.</summary>
    private static async Task<List<Ranked>> UnplacedAsync(AppDbContext db, List<Ranked> placed, CancellationToken ct)
    {
        var ids = placed.Select(r => r.LocationId).ToList();
        return (await db.Locations.Where(l => !ids.Contains(l.Id)).Select(l => l.Id).OrderBy(id => id).ToListAsync(ct)).Select(id => new Ranked(id, null)).ToList();
    }

    /// <summary>Locations with coordinates, nearest first (within the radius, if one was asked for).</summary>
    private static async Task<List<Ranked>> RankAsync(AppDbContext db, NearFilter near, CancellationToken ct)
    {
        var placed = await db.Locations.AsNoTracking().Where(l => l.Latitude != null && l.Longitude != null)
            .Select(l => new { l.Id, Latitude = l.Latitude!.Value, Longitude = l.Longitude!.Value }).ToListAsync(ct);
        return placed.Select(l => new Ranked(l.Id, near.Centre.MetresTo(new GeoPoint(l.Latitude, l.Longitude))))
            .Where(r => near.WithinMetres is not { } within || r.Metres <= within)
            .OrderBy(r => r.Metres).ThenBy(r => r.LocationId).ToList();
    }

    private static async Task<List<HsdsServiceAtLocation>> MapAsync(AppDbContext db, List<Row> rows, bool full, Func<Row, double?> distance, CancellationToken ct)
    {
        Dictionary<Guid, HsdsService> services = [];
        if (full)
        {
            var ids = rows.Select(r => r.Sal.ServiceId).Distinct().ToList();
            services = (await OpenDataService.FullAsync(db, ids, ct)).ToDictionary(s => s.Id);
        }
        return rows.Select(r =>
        {
            r.Location.Prison = r.Prison;
            return OpenDataMapping.ServiceAtLocation(r.Sal, r.ServiceId, r.Location, full ? services[r.ServiceId] : null, distance(r));
        }).ToList();
    }
}
