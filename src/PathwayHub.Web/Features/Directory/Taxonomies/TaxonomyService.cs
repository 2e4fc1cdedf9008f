using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory.Taxonomies;

/// <summary>The Pathways and service types listings are filed under: anyone reads them; the coordinator adds service types.</summary>
public sealed class TaxonomyService(IDbContextFactory<AppDbContext> dbs, CurrentUser user)
{
    public async Task<IReadOnlyList<TermOption>> TermsAsync(string taxonomySlug, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var terms = await db.TaxonomyTerms.AsNoTracking().Include(t => t.Taxonomy).Where(t => t.Taxonomy.Slug == taxonomySlug)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToListAsync(ct);
        return terms.Select(ListingChanges.Option).ToList();
    }

    /// <summary>The coordinator extends the service types as the directory grows.</summary>
    public async Task<int> AddServiceTypeAsync(string name, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        name = name.Trim();
        var errors = new Dictionary<string, string>();
        if (name.Length == 0) errors["Name"] = "Enter the service type's name.";
        else if (name.Length > 200) errors["Name"] = "The name must be 200 characters or fewer.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(actor, ct);
        var taxonomy = await db.Taxonomies.SingleAsync(t => t.Slug == Taxonomy.ServiceTypesSlug, ct);
        var code = Slug(name);
        if (await db.TaxonomyTerms.AnyAsync(t => t.TaxonomyId == taxonomy.Id && (t.Code == code || t.Name.ToLower() == name.ToLower()), ct))
            ValidationFailedException.ThrowIfAny(new() { ["Name"] = "There is already a service type with this name." });
        var order = await db.TaxonomyTerms.Where(t => t.TaxonomyId == taxonomy.Id).MaxAsync(t => (int?)t.SortOrder, ct) ?? 0;
        var term = new TaxonomyTerm { TaxonomyId = taxonomy.Id, Code = code, Name = name, Description = name, SortOrder = order + 1 };
        db.TaxonomyTerms.Add(term);
        await db.SaveChangesAsync(ct);
        return term.Id;
    }

    private static string Slug(string name) =>
        string.Join('-', new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } s ? s[..Math.Min(s.Length, 80)] : "type";
}
