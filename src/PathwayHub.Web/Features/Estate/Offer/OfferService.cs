using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Estate.Offer;

public sealed class OfferItemInput
{
    public string? Name { get; set; }
    public List<int> TermIds { get; set; } = [];
    public Guid Version { get; set; }
}

/// <summary>
/// Who sees and keeps the minimum offer, in one place. Every signed-in user sees it, a Pathway's and the region's: it is drawn
/// from the published directory and the register of agreements, which they all see. Only the coordinator defines an offer.
/// </summary>
public static class OfferAccess
{
    public static bool CanSee(Actor actor) => actor.IsAuthenticated;
    public static bool CanEdit(Actor actor) => actor.IsCoordinator;

    public static void RequireSee(Actor actor)
    {
        if (!CanSee(actor)) throw new ForbiddenException("Sign in to see the minimum offer.");
    }
}

/// <summary>The minimum offer per prison: each Pathway's list of what every open prison should have, and how the estate meets it.</summary>
public sealed class OfferService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    public async Task<OfferTable> PathwayAsync(int pathwayId, CancellationToken ct = default)
    {
        OfferAccess.RequireSee(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.Pathways.AnyAsync(p => p.Id == pathwayId, ct)) throw new NotFoundException("That Pathway does not exist.");
        return (await OfferRule.TablesAsync(db, [pathwayId], clock.UkToday(), ct)).Single();
    }

    /// <summary>Every Pathway that has an offer, in the Pathways' order.</summary>
    public async Task<IReadOnlyList<OfferTable>> RegionAsync(CancellationToken ct = default)
    {
        OfferAccess.RequireSee(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await OfferRule.TablesAsync(db, null, clock.UkToday(), ct);
    }

    /// <summary>The service types an offer item can name.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> ServiceTypesAsync(CancellationToken ct = default)
    {
        OfferAccess.RequireSee(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => t.Taxonomy.Slug == Taxonomy.ServiceTypesSlug)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        return terms.Select(t => (t.Id, t.Name)).ToList();
    }

    /// <summary>Adds an item to the Pathway's offer (<paramref name="itemId"/> null) or changes one; returns its id.</summary>
    public async Task<int> SaveAsync(int pathwayId, int? itemId, OfferItemInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        if (!OfferAccess.CanEdit(actor)) throw new ForbiddenException("Only the coordinator defines a Pathway's minimum offer.");
        var name = input.Name?.Trim();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(name)) errors[nameof(input.Name)] = "Enter what every prison should have, for example \"A visitor centre with family support\".";
        else if (name.Length > 200) errors[nameof(input.Name)] = "Enter 200 characters or fewer.";
        var termIds = input.TermIds.Distinct().ToList();
        if (termIds.Count == 0) errors[nameof(input.TermIds)] = "Choose at least one service type that meets it.";
        await using var db = await dbs.OpenAsync(actor, ct);
        if (termIds.Count > 0 && await db.TaxonomyTerms.CountAsync(t => termIds.Contains(t.Id) && t.Taxonomy.Slug == Taxonomy.ServiceTypesSlug, ct) != termIds.Count)
            errors[nameof(input.TermIds)] = "Choose service types from the list.";
        ValidationFailedException.ThrowIfAny(errors);
        if (!await db.Pathways.AnyAsync(p => p.Id == pathwayId, ct)) throw new NotFoundException("That Pathway does not exist.");

        OfferItem item;
        if (itemId is null)
        {
            var last = await db.OfferItems.Where(i => i.PathwayId == pathwayId).MaxAsync(i => (int?)i.SortOrder, ct) ?? 0;
            item = new OfferItem { PathwayId = pathwayId, SortOrder = last + 10 };
            db.OfferItems.Add(item);
        }
        else
        {
            item = await db.OfferItems.Include(i => i.Terms).FirstOrDefaultAsync(i => i.Id == itemId && i.PathwayId == pathwayId && i.RetiredUtc == null, ct)
                ?? throw new NotFoundException("That item is not on the Pathway's offer.");
            db.Entry(item).Property(i => i.Version).OriginalValue = input.Version;
            item.Terms.RemoveAll(t => !termIds.Contains(t.TaxonomyTermId));
        }
        item.Name = name!;
        foreach (var t in termIds.Where(t => item.Terms.All(x => x.TaxonomyTermId != t))) item.Terms.Add(new OfferItemTerm { TaxonomyTermId = t });
        await db.SaveChangesOrConflictAsync(ct);
        return item.Id;
    }

    /// <summary>Takes an item off the offer. It is kept (retired), so earlier snapshots that counted it still say what it was.</summary>
    public async Task RetireAsync(int itemId, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        if (!OfferAccess.CanEdit(actor)) throw new ForbiddenException("Only the coordinator defines a Pathway's minimum offer.");
        await using var db = await dbs.OpenAsync(actor, ct);
        var item = await db.OfferItems.FirstOrDefaultAsync(i => i.Id == itemId && i.RetiredUtc == null, ct)
            ?? throw new NotFoundException("That item is not on any Pathway's offer.");
        db.Entry(item).Property(i => i.Version).OriginalValue = version;
        item.RetiredUtc = clock.UtcNow();
        await db.SaveChangesOrConflictAsync(ct);
    }
}
