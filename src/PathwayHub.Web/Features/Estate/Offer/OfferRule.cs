using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Web.Features.Estate.Offer;

public enum OfferStatus { Met, AtRisk, Missing }

/// <summary>
/// One prison against one offer item: the status, how many services meet it and the first of them by name (at risk ones marked);
/// counted without names (<see cref="OfferRule.TablesAsync"/>), the status alone.
/// A region with thousands of services lists a few per cell and links to the rest, so a cell stays readable and the page small.
/// </summary>
public sealed record OfferCell(OfferStatus Status, int? Total, IReadOnlyList<OfferCellService> Services)
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

    /// <summary>A cell of at most this many services is read whole for its first names; a bigger one walks the names in order.</summary>
    public const int ReadWhole = 200;

    /// <summary>
    /// The tables of the given Pathways (all with an offer when null). <paramref name="named"/> false gives each cell its status
    /// alone (no total, no services): the snapshots, the Progress figures and the reports count cells, and a cell's status needs
    /// only a count per (prison, service type), read from the key of <see cref="ServiceCoverage"/>.
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

        // Per (service type, prison): how many services, and how many of them at risk. An item is met when one of its types has
        // a service that is not at risk, so no service need be read for a status, even one with two of the item's types.
        var termIds = items.SelectMany(i => i.Terms.Select(t => t.TaxonomyTermId)).Distinct().ToList();
        var atRisk = AtRiskServices(db, today);
        var counts = (await db.ServiceCoverage.Where(c => termIds.Contains(c.TaxonomyTermId))
                .GroupBy(c => new { c.TaxonomyTermId, c.PrisonId })
                .Select(g => new { g.Key.TaxonomyTermId, g.Key.PrisonId, Total = g.Count(), AtRisk = g.Count(c => atRisk.Contains(c.ServiceId)) })
                .ToListAsync(ct))
            .ToDictionary(c => (c.PrisonId, c.TaxonomyTermId), c => (c.Total, c.AtRisk));

        var cells = new Dictionary<(int PrisonId, int ItemId), OfferCell>();
        foreach (var prison in prisons)
            foreach (var item in items)
            {
                var byType = item.Terms.Select(t => counts.GetValueOrDefault((prison.Id, t.TaxonomyTermId))).ToList();
                var status = byType.All(c => c.Total == 0) ? OfferStatus.Missing : byType.Any(c => c.Total > c.AtRisk) ? OfferStatus.Met : OfferStatus.AtRisk;
                cells[(prison.Id, item.Id)] = new OfferCell(status, null, []);
            }
        if (named)
            await NameAsync(db, cells, items.ToDictionary(i => i.Id, i => (IReadOnlyList<int>)i.Terms.Select(t => t.TaxonomyTermId).ToList()),
                counts.ToDictionary(c => c.Key, c => c.Value.Total), atRisk, ct);

        return pathways.Select(p =>
        {
            var mine = items.Where(i => i.PathwayId == p.Id).ToList();
            var views = mine.Select(i => new OfferItemView(i.Id, i.Name, i.Terms.Select(t => t.TaxonomyTermId).ToList(),
                string.Join(", ", i.Terms.Select(t => t.Name)), i.Version)).ToList();
            var rows = prisons.Select(prison => new OfferPrisonRow(prison.Id, prison.Name, mine.Select(i => cells[(prison.Id, i.Id)]).ToList())).ToList();
            return new OfferTable(p.Id, p.Name, p.Slug, views, rows);
        }).ToList();
    }

    /// <summary>
    /// Gives each cell that has services its total and its first <see cref="OfferCell.Shown"/> services by name, each marked if at
    /// risk. A cell of a few hundred services is read whole; a bigger one walks the services in name order (the index on Name)
    /// until it has found enough, so a cell of thousands costs a handful of index probes rather than every name.
    /// </summary>
    private static async Task NameAsync(AppDbContext db, Dictionary<(int PrisonId, int ItemId), OfferCell> cells, Dictionary<int, IReadOnlyList<int>> itemTerms,
        Dictionary<(int PrisonId, int TermId), int> totals, IQueryable<int> atRisk, CancellationToken ct)
    {
        var covering = cells.Where(c => c.Value.Status != OfferStatus.Missing).Select(c => c.Key).ToList();
        foreach (var key in cells.Keys.Except(covering).ToList()) cells[key] = cells[key] with { Total = 0 };
        var shown = new Dictionary<(int PrisonId, int ItemId), (int Total, List<(int Id, string Name)> Services)>();
        foreach (var (prisonId, itemId) in covering)
        {
            var terms = itemTerms[itemId];
            var inCell = db.ServiceCoverage.Where(c => c.PrisonId == prisonId && terms.Contains(c.TaxonomyTermId));
            // Distinct services: an item's types can share a service, so its total is not the sum of theirs.
            var total = terms.Count == 1 ? totals.GetValueOrDefault((prisonId, terms[0])) : await inCell.Select(c => c.ServiceId).Distinct().CountAsync(ct);
            var services = total <= ReadWhole
                ? (await inCell.Join(db.Services, c => c.ServiceId, s => s.Id, (c, s) => new { s.Id, s.Name }).Distinct().ToListAsync(ct))
                    .OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id).Take(OfferCell.Shown).Select(s => (s.Id, s.Name)).ToList()
                : (await db.Services.Where(s => inCell.Any(c => c.ServiceId == s.Id)).OrderBy(s => s.Name).ThenBy(s => s.Id).Take(OfferCell.Shown)
                    .Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
            shown[(prisonId, itemId)] = (total, services);
        }
        var shownIds = shown.Values.SelectMany(v => v.Services.Select(s => s.Id)).Distinct().ToList();
        var risky = (await atRisk.Where(id => shownIds.Contains(id)).ToListAsync(ct)).ToHashSet();
        foreach (var (key, (total, services)) in shown)
            cells[key] = cells[key] with { Total = total, Services = services.Select(s => new OfferCellService(s.Id, s.Name, risky.Contains(s.Id))).ToList() };
    }

    /// <summary>
    /// The services whose every live agreement (not terminated, not yet ended) ends within <see cref="AtRiskMonths"/> months
    /// without a decision to recommission or extend. A service no agreement funds is not at risk: its funding is not the
    /// commissioners' to watch. A query, for the database to answer where it is used: found from the few insecure agreements
    /// (index on Decision, EndDate, Status), each service then checked for a secure live agreement.
    /// </summary>
    public static IQueryable<int> AtRiskServices(AppDbContext db, DateOnly today)
    {
        var horizon = today.AddMonths(AtRiskMonths);
        var live = db.Agreements.Where(Agreement.Live(today));
        var insecure = live.Where(a => Undecided.Contains(a.Decision) && a.EndDate <= horizon);
        return (from x in db.AgreementServices
                join a in insecure on x.AgreementId equals a.Id
                where !db.AgreementServices.Any(y => y.ServiceId == x.ServiceId
                    && live.Any(b => b.Id == y.AgreementId && (b.EndDate > horizon || !Undecided.Contains(b.Decision))))
                select x.ServiceId).Distinct();
    }

    /// <summary>The decisions that leave an agreement's end as it is: no one has decided to recommission or extend.</summary>
    private static readonly RecommissioningDecision[] Undecided =
        Enum.GetValues<RecommissioningDecision>().Where(d => d is not (RecommissioningDecision.Recommission or RecommissioningDecision.Extend)).ToArray();

    public static string Label(OfferStatus status) => status switch
    {
        OfferStatus.Met => "Met",
        OfferStatus.AtRisk => "At risk",
        _ => "Missing",
    };
}
