using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory.Evaluation;

/// <summary>Active published services under one Pathway (or, with no Pathway, in the whole directory) by evaluation status.</summary>
public sealed record EvaluationCounts(int? PathwayId, string Pathway, int Services, int Independent, int Internal, int None, int NoneWithEvidence);

/// <summary>
/// The region's evaluation gaps, for the coordinator and commissioners (<see cref="DirectoryAccess.SeesEvaluationGaps"/>): how
/// the active published services stand by Pathway, and the services with no evaluation. The reports count the same services.
/// </summary>
public sealed class EvaluationGapsService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, ListingSearchService listings)
{
    /// <summary>The services the gaps are counted over: those the region offers today (active and published).</summary>
    public static IQueryable<Service> Offered(IQueryable<Service> services) => services.Where(s => s.IsPublished && s.Status == ServiceStatus.Active);

    /// <summary>Counts for each Pathway and sub-group, then for the whole directory (a service under two Pathways counts in each).</summary>
    public async Task<IReadOnlyList<EvaluationCounts>> CountsAsync(CancellationToken ct = default)
    {
        Require();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var services = (await Offered(db.Services.AsNoTracking()).Select(s => new { s.Id, s.Evaluation, Evidence = s.Evidence.Any() }).ToListAsync(ct))
            .ToDictionary(s => s.Id);
        var offered = Offered(db.Services).Select(s => s.Id);
        var links = await db.ServiceTaxonomyTerms.AsNoTracking().Where(t => t.TaxonomyTerm.PathwayId != null && offered.Contains(t.ServiceId))
            .Select(t => new { t.ServiceId, PathwayId = t.TaxonomyTerm.PathwayId!.Value }).Distinct().ToListAsync(ct);
        var pathways = await db.Pathways.AsNoTracking().OrderBy(p => p.SortOrder).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var byPathway = links.Where(l => services.ContainsKey(l.ServiceId)).ToLookup(l => l.PathwayId, l => services[l.ServiceId]);
        var rows = pathways.Select(p => Count(p.Id, p.Name, byPathway[p.Id].Select(s => (s.Evaluation, s.Evidence)))).ToList();
        rows.Add(Count(null, "All services", services.Values.Select(s => (s.Evaluation, s.Evidence))));
        return rows;
    }

    /// <summary>A page of active published services with no evaluation, optionally under one Pathway, in the directory's order.</summary>
    public Task<DirectoryResults> UnevaluatedAsync(int? pathwayId, int page, int pageSize, CancellationToken ct = default)
    {
        Require();
        return listings.SearchAsync(new DirectoryQuery
        {
            PathwayId = pathwayId, Status = ServiceStatus.Active, PublishedOnly = true, Evaluation = EvaluationStatus.None, Page = page, PageSize = pageSize,
        }, ct);
    }

    private static EvaluationCounts Count(int? id, string name, IEnumerable<(EvaluationStatus Status, bool Evidence)> services)
    {
        var s = services.ToList();
        return new EvaluationCounts(id, name, s.Count, s.Count(x => x.Status == EvaluationStatus.IndependentEvaluation),
            s.Count(x => x.Status == EvaluationStatus.InternalMonitoring), s.Count(x => x.Status == EvaluationStatus.None),
            s.Count(x => x.Status == EvaluationStatus.None && x.Evidence));
    }

    private void Require()
    {
        if (!DirectoryAccess.SeesEvaluationGaps(user.Actor))
            throw new ForbiddenException("Only the coordinator and commissioners see the services with no evaluation.");
    }
}
