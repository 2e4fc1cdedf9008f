using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Web.Features.Estate.Offer;

/// <summary>The Pathways' minimum offers in seed-data/minimum-offers.json, into a database that has none yet.</summary>
public static class OfferSeed
{
    public const string File = "minimum-offers.json";

    private sealed record ItemSeed(string Name, List<string> ServiceTypes);

    public static async Task<int> SeedAsync(AppDbContext db, string folder, CancellationToken ct)
    {
        if (!System.IO.File.Exists(Path.Combine(folder, File)) || await db.OfferItems.AnyAsync(ct)) return 0;
        var seed = Seeder.Read<Dictionary<string, List<ItemSeed>>>(folder, File);
        var pathways = await db.Pathways.Where(p => seed.Keys.Contains(p.Slug)).ToDictionaryAsync(p => p.Slug, p => p.Id, ct);
        var terms = await db.TaxonomyTerms.Where(t => t.Taxonomy.Slug == Taxonomy.ServiceTypesSlug).ToDictionaryAsync(t => t.Code, t => t.Id, ct);
        foreach (var (slug, items) in seed)
        {
            if (!pathways.TryGetValue(slug, out var pathwayId)) throw new InvalidDataException($"{File} names a Pathway that is not in pathways.json: {slug}.");
            var order = 0;
            foreach (var i in items)
            {
                var item = new OfferItem { PathwayId = pathwayId, Name = i.Name, SortOrder = order += 10 };
                foreach (var code in i.ServiceTypes)
                    item.Terms.Add(new OfferItemTerm { TaxonomyTermId = terms.TryGetValue(code, out var id) ? id
                        : throw new InvalidDataException($"{File} names a service type that is not in directory.json: {code}.") });
                db.OfferItems.Add(item);
            }
        }
        await db.SaveChangesAsync(ct);
        return seed.Values.Sum(v => v.Count);
    }
}
