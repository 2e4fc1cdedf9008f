using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>Filters of <c>GET /taxonomy_terms</c>, already parsed.</summary>
/// <param name="TopOnly">Only terms with no parent.</param>
public sealed record TermFilter(string? Search = null, Guid? TaxonomyId = null, bool TopOnly = false, Guid? ParentId = null);

/// <summary>The taxonomies and their terms in the HSDS 3.0 shape: all of them are public (they name kinds of service, nothing else).</summary>
public sealed class OpenDataTaxonomyService(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<HsdsPage<HsdsTaxonomy>> TaxonomiesAsync(string? search, PageRequest paging, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Taxonomies(db, search);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(t => t.Id).Skip(paging.Offset).Take(paging.Size).ToListAsync(ct);
        return OpenDataMapping.Page(items.Select(OpenDataMapping.Taxonomy).ToList(), total, paging.Page, paging.Size);
    }

    public async IAsyncEnumerable<HsdsTaxonomy> StreamTaxonomiesAsync(string? search, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await foreach (var t in Taxonomies(db, search).OrderBy(t => t.Id).AsAsyncEnumerable().WithCancellation(ct)) yield return OpenDataMapping.Taxonomy(t);
    }

    public async Task<HsdsTaxonomy?> TaxonomyAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var t = await db.Taxonomies.AsNoTracking().FirstOrDefaultAsync(x => x.PublicId == id, ct);
        return t is null ? null : OpenDataMapping.Taxonomy(t);
    }

    public async Task<HsdsPage<HsdsTaxonomyTerm>> TermsAsync(TermFilter filter, PageRequest paging, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Terms(db, filter);
        var total = await q.CountAsync(ct);
        var items = await Ordered(q).Skip(paging.Offset).Take(paging.Size).ToListAsync(ct);
        return OpenDataMapping.Page(items.Select(t => OpenDataMapping.Term(t, t.Parent)).ToList(), total, paging.Page, paging.Size);
    }

    public async IAsyncEnumerable<HsdsTaxonomyTerm> StreamTermsAsync(TermFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await foreach (var t in Ordered(Terms(db, filter)).AsAsyncEnumerable().WithCancellation(ct)) yield return OpenDataMapping.Term(t, t.Parent);
    }

    public async Task<HsdsTaxonomyTerm?> TermAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var t = await db.TaxonomyTerms.AsNoTracking().Include(x => x.Taxonomy).Include(x => x.Parent).FirstOrDefaultAsync(x => x.PublicId == id, ct);
        return t is null ? null : OpenDataMapping.Term(t, t.Parent);
    }

    private static IQueryable<Taxonomy> Taxonomies(AppDbContext db, string? search)
    {
        var q = db.Taxonomies.AsNoTracking();
        if (string.IsNullOrWhiteSpace(search)) return q;
        var lower = search.Trim().ToLowerInvariant();
        return q.Where(t => t.Name.ToLower().Contains(lower) || t.Description.ToLower().Contains(lower));
    }

    private static IQueryable<TaxonomyTerm> Terms(AppDbContext db, TermFilter filter)
    {
        var q = db.TaxonomyTerms.AsNoTracking();
        if (filter.TaxonomyId is { } taxonomy) q = q.Where(t => t.Taxonomy.PublicId == taxonomy);
        if (filter.TopOnly) q = q.Where(t => t.ParentId == null);
        if (filter.ParentId is { } parent) q = q.Where(t => t.Parent != null && t.Parent.PublicId == parent);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var lower = filter.Search.Trim().ToLowerInvariant();
            q = q.Where(t => t.Name.ToLower().Contains(lower) || t.Code.ToLower().Contains(lower) || t.Description.ToLower().Contains(lower));
        }
        return q;
    }

    private static IQueryable<TaxonomyTerm> Ordered(IQueryable<TaxonomyTerm> q) =>
        q.Include(t => t.Taxonomy).Include(t => t.Parent).OrderBy(t => t.TaxonomyId).ThenBy(t => t.SortOrder).ThenBy(t => t.Id);
}
