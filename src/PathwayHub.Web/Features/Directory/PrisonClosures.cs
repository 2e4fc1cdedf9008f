using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>A closure as the reference data states it: the prison, the day it closed and the prison that took over (slugs).</summary>
public sealed record PrisonClosure(string Slug, DateOnly ClosedOn, string? Successor);

/// <summary>
/// Records closures from the reference data (seed-data/prisons.json) on every start, so a new database and an existing one
/// both get them, and moves the listings at a closed prison to its successor: a service delivered at HMP Acklington is
/// delivered at HMP Northumberland now. The prison row stays for the agreements, tenders and audit entries that name it.
/// </summary>
public static class PrisonClosures
{
    /// <summary>Applies the closures not yet recorded, inside the caller's context; returns how many prisons changed.</summary>
    public static async Task<int> ApplyAsync(AppDbContext db, IReadOnlyList<PrisonClosure> closures, DateOnly today, CancellationToken ct)
    {
        if (closures.Count == 0) return 0;
        var prisons = await db.Prisons.ToDictionaryAsync(p => p.Slug, ct);
        var changed = 0;
        foreach (var c in closures)
        {
            if (!prisons.TryGetValue(c.Slug, out var prison)) continue;
            var successor = c.Successor is { } s ? prisons.GetValueOrDefault(s) : null;
            if (prison.ClosedOn is null || prison.ClosedOn != c.ClosedOn || prison.SuccessorId != successor?.Id)
            {
                prison.ClosedOn = c.ClosedOn;
                prison.Successor = successor;
                changed++;
            }
            if (successor is not null && !prison.IsOpenOn(today)) changed += await MoveListingsAsync(db, prison, successor, ct);
        }
        if (changed > 0) await db.SaveChangesAsync(ct);
        return changed;
    }

    // Each service at the closed prison's location is linked to the successor's location instead (once: a service already there
    // just loses the old link). The save interceptor rewrites the coverage rows and the audit log records the move.
    private static async Task<int> MoveListingsAsync(AppDbContext db, Prison closed, Prison successor, CancellationToken ct)
    {
        var from = await db.Locations.FirstOrDefaultAsync(l => l.PrisonId == closed.Id, ct);
        if (from is null) return 0;
        var links = await db.ServiceAtLocations.Where(x => x.LocationId == from.Id).ToListAsync(ct);
        if (links.Count == 0) return 0;
        var to = await db.Locations.FirstOrDefaultAsync(l => l.PrisonId == successor.Id, ct);
        if (to is null)
        {
            to = new Location { Type = LocationType.Prison, Prison = successor, Name = successor.Name, City = successor.Town, Postcode = successor.Postcode };
            db.Locations.Add(to);
        }
        var already = to.Id == 0 ? [] : await db.ServiceAtLocations.Where(x => x.LocationId == to.Id).Select(x => x.ServiceId).ToListAsync(ct);
        foreach (var link in links)
        {
            db.ServiceAtLocations.Remove(link);
            if (!already.Contains(link.ServiceId)) db.ServiceAtLocations.Add(new ServiceAtLocation { ServiceId = link.ServiceId, Location = to, Description = link.Description });
        }
        // Saved now: two prisons merging into one may share a service, and the next move must see this one's links.
        await db.SaveChangesAsync(ct);
        return links.Count;
    }
}
