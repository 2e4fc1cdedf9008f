using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.Coverage;

public sealed record CoverageColumn(int TermId, string Name, int? PathwayId);
public sealed record CoverageRow(int PrisonId, string Prison, IReadOnlyList<int> Counts);
public sealed record CoverageMatrix(IReadOnlyList<CoverageColumn> Columns, IReadOnlyList<CoverageRow> Rows);

/// <summary>Where services reach: active published services per prison and Pathway (or service type), for every reader.</summary>
public sealed class CoverageService(IDbContextFactory<AppDbContext> dbs, TimeProvider clock)
{
    /// <summary>
    /// Active published services per open prison and Pathway (or service type): a zero is a gap. One grouped count over
    /// <see cref="ServiceCoverage"/>, whose rows each save keeps in step with the listings.
    /// </summary>
    public async Task<CoverageMatrix> CoverageAsync(string taxonomySlug = Taxonomy.PathwaysSlug, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var columns = await db.TaxonomyTerms.AsNoTracking().Where(t => t.Taxonomy.Slug == taxonomySlug).OrderBy(t => t.SortOrder).ThenBy(t => t.Name)
            .Select(t => new CoverageColumn(t.Id, t.Name, t.PathwayId)).ToListAsync(ct);
        // Closed prisons stay for history but are no gap: their listings moved to the successor.
        var prisons = await db.Prisons.AsNoTracking().Where(Prison.OpenOn(clock.UkToday())).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var termIds = columns.Select(c => c.TermId).ToList();
        var cells = await db.ServiceCoverage.Where(c => termIds.Contains(c.TaxonomyTermId))
            .GroupBy(c => new { c.TaxonomyTermId, c.PrisonId })
            .Select(g => new { g.Key.PrisonId, g.Key.TaxonomyTermId, Count = g.Count() })
            .ToListAsync(ct);
        var counts = cells.ToDictionary(c => (c.PrisonId, c.TaxonomyTermId), c => c.Count);
        return new CoverageMatrix(columns, prisons.Select(p => new CoverageRow(p.Id, p.Name,
            columns.Select(c => counts.GetValueOrDefault((p.Id, c.TermId))).ToList())).ToList());
    }

    /// <summary>The coverage matrix as CSV: one row per prison, one column per Pathway or service type.</summary>
    public async Task<string> CoverageCsvAsync(string taxonomySlug, CancellationToken ct = default)
    {
        var m = await CoverageAsync(taxonomySlug, ct);
        return Csv.Write(["Prison", .. m.Columns.Select(c => c.Name)],
            m.Rows.Select(r => new[] { r.Prison }.Concat(r.Counts.Select(c => c.ToString(CultureInfo.InvariantCulture))).ToArray()));
    }
}
