using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Web.Features.Estate.Offer;

public enum OfferStatus { Met, AtRisk, Missing }

/// <summary>
/// One prison against one offer item: the status, how many services meet it and the first of them by name (at risk ones marked).
/// A region with thousands of services lists a few per cell and links to the rest, so a cell stays readable and the page small.
/// </summary>
public sealed record OfferCell(OfferStatus Status, int Total, IReadOnlyList<OfferCellService> Services)
{
    public const int Shown = 5;

    /// <summary>Where "and N more" leads: the directory at the prison, narrowed to the item's service type when it has one.</summary>
    public static string MoreLink(int prisonId, OfferItemView item) =>
        item.TermIds.Count == 1 ? $"/directory?prison={prisonId}&type={item.TermIds[0]}" : $"/directory?prison={prisonId}";
}

public sealed record OfferCellService(int Id, string Name, bool AtRisk);

public sealed record OfferItemView(int Id, string Name, IReadOnlyList<int> TermIds, string ServiceTypes, Guid Version);

public sealed record OfferPrisonRow(int PrisonId, string Prison, IReadOnlyList<OfferCell> Cells);

/// <summary>A Pathway's minimum offer against every open prison.</summary>
public sealed record OfferTable(int PathwayId, string Pathway, string Slug, IReadOnlyList<OfferItemView> Items, IReadOnlyList<OfferPrisonRow> Rows)
{
    public int Count(OfferStatus status) => Rows.Sum(r => r.Cells.Count(c => c.Status == status));
}

/// <summary>
/// The minimum offer as one rule, for the pages, the reports and the quarterly snapshots. A prison has a service of a type when
/// <see cref="ServiceCoverage"/> says so: the same rows the coverage matrix counts (an active, published service delivered at
/// the prison with that service type), so the two never disagree. An item is met when such a service is secure, at risk when
/// every service meeting it is funded by a live agreement that ends within 12 months and is neither being recommissioned nor
/// extended (undecided, or to lapse), and missing when no service meets it.
/// </summary>
public static class OfferRule
{
    public const int AtRiskMonths = 12;

    /// <summary>
    /// The tables of the given Pathways (all with an offer when null). <paramref name="named"/> false leaves each cell's list of
    /// services empty (its status and total stand): the snapshots and the Progress figures count cells and need no names, whose
    /// join to every covering service's row is half the time at the scale of the benchmarks.
    /// </summary>
    public static async Task<IReadOnlyList<OfferTable>> TablesAsync(AppDbContext db, IReadOnlyCollection<int>? pathwayIds, DateOnly today, CancellationToken ct, bool named = true)
    {
        var itemsQuery = db.OfferItems.AsNoTracking().Where(i => i.RetiredUtc == null);
        if (pathwayIds is not null) itemsQuery = itemsQuery.Where(i => pathwayIds.Contains(i.PathwayId));
        var items = await itemsQuery.OrderBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id, i.PathwayId, i.Name, i.Version,
                Terms = i.Terms.OrderBy(t => t.TaxonomyTerm.SortOrder).Select(t => new { t.TaxonomyTermId, t.TaxonomyTerm.Name }).ToList(),
            }).ToListAsync(ct);
        var ids = pathwayIds ?? items.Select(i => i.PathwayId).Distinct().ToList();
        var pathways = await db.Pathways.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.SortOrder).ThenBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Slug }).ToListAsync(ct);
        var prisons = await db.Prisons.AsNoTracking().Where(Prison.OpenOn(today)).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);

        var termIds = items.SelectMany(i => i.Terms.Select(t => t.TaxonomyTermId)).Distinct().ToList();
        var covering = db.ServiceCoverage.Where(c => termIds.Contains(c.TaxonomyTermId));
        var coverage = named
            ? await covering.Join(db.Services, c => c.ServiceId, s => s.Id, (c, s) => new { c.PrisonId, c.TaxonomyTermId, c.ServiceId, s.Name }).ToListAsync(ct)
            : await covering.Select(c => new { c.PrisonId, c.TaxonomyTermId, c.ServiceId, Name = "" }).ToListAsync(ct);
        var atRisk = await AtRiskServicesAsync(db, today, ct);
        // Each (prison, service type) once, so a cell looks up its item's types instead of scanning every coverage row.
        var byCell = coverage.ToLookup(c => (c.PrisonId, c.TaxonomyTermId));

        return pathways.Select(p =>
        {
            var mine = items.Where(i => i.PathwayId == p.Id).ToList();
            var views = mine.Select(i => new OfferItemView(i.Id, i.Name, i.Terms.Select(t => t.TaxonomyTermId).ToList(),
                string.Join(", ", i.Terms.Select(t => t.Name)), i.Version)).ToList();
            var rows = prisons.Select(prison => new OfferPrisonRow(prison.Id, prison.Name, mine.Select(i =>
            {
                var services = i.Terms.SelectMany(t => byCell[(prison.Id, t.TaxonomyTermId)])
                    .DistinctBy(c => c.ServiceId).Select(c => new OfferCellService(c.ServiceId, c.Name, atRisk.Contains(c.ServiceId))).ToList();
                var shown = named ? services.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).Take(OfferCell.Shown).ToList() : [];
                return new OfferCell(StatusOf(services), services.Count, shown);
            }).ToList())).ToList();
            return new OfferTable(p.Id, p.Name, p.Slug, views, rows);
        }).ToList();
    }

    public static OfferStatus StatusOf(IReadOnlyCollection<OfferCellService> services) =>
        services.Count == 0 ? OfferStatus.Missing : services.All(s => s.AtRisk) ? OfferStatus.AtRisk : OfferStatus.Met;

    /// <summary>
    /// The services whose every live agreement (not terminated, not yet ended) ends within <see cref="AtRiskMonths"/> months
    /// without a decision to recommission or extend. A service no agreement funds is not at risk: its funding is not the
    /// commissioners' to watch.
    /// </summary>
    public static async Task<HashSet<int>> AtRiskServicesAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        // Worked out in the database over the live agreements alone: passing the ids of every covering service (tens of
        // thousands) as a list made SQLite probe that list for each agreement row, 20 s on the benchmark's data.
        var horizon = today.AddMonths(AtRiskMonths);
        var live = from x in db.AgreementServices
                   join a in db.Agreements on x.AgreementId equals a.Id
                   where a.Status != AgreementStatus.Terminated && a.EndDate >= today
                   select new
                   {
                       x.ServiceId,
                       Secure = a.EndDate > horizon || a.Decision == RecommissioningDecision.Recommission || a.Decision == RecommissioningDecision.Extend ? 1 : 0,
                   };
        var ids = await live.GroupBy(l => l.ServiceId).Where(g => g.Max(l => l.Secure) == 0).Select(g => g.Key).ToListAsync(ct);
        return ids.ToHashSet();
    }

    public static string Label(OfferStatus status) => status switch
    {
        OfferStatus.Met => "Met",
        OfferStatus.AtRisk => "At risk",
        _ => "Missing",
    };
}
