using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Estate.Progress;

/// <summary>
/// The figures of one scope on one day, for a snapshot and for "now" alike. Each figure asks the rule that owns it: the minimum
/// offer (<see cref="OfferRule"/>), the RAG rating (<see cref="PlanAction.RagFor"/>) of the current financial year's plan, the
/// directory's offered services (<see cref="EvaluationGapsService.Offered"/>) and its review rule (<see cref="ListingReviewDue"/>).
/// </summary>
public static class ProgressFiguresQuery
{
    public static async Task<ProgressFigures> ComputeAsync(AppDbContext db, int? pathwayId, DateOnly today, ReminderOptions options, CancellationToken ct) =>
        await ComputeAsync(db, pathwayId, await OfferRule.TablesAsync(db, pathwayId is int id ? [id] : null, today, ct, named: false), today, options, ct);

    /// <summary>
    /// The figures of one scope from the minimum-offer tables already worked out for it (or for every Pathway: the scope's own are
    /// picked out), so a quarter's snapshots of eight scopes run the offer rule once.
    /// </summary>
    public static async Task<ProgressFigures> ComputeAsync(AppDbContext db, int? pathwayId, IReadOnlyList<OfferTable> tables, DateOnly today, ReminderOptions options, CancellationToken ct)
    {
        var offer = pathwayId is null ? tables : tables.Where(t => t.PathwayId == pathwayId).ToList();
        var rag = await RagAsync(db, pathwayId, today, ct);
        var (byStatus, byDecision) = await AgreementsAsync(db, pathwayId, today, ct);
        var services = EvaluationGapsService.Offered(db.Services.AsNoTracking());
        if (pathwayId is not null)
            services = services.Where(s => s.Terms.Any(t => t.TaxonomyTerm.PathwayId == pathwayId));
        var cutoff = ListingReviewDue.Cutoff(today, options);
        var counts = await services.GroupBy(_ => 1).Select(g => new
        {
            Offered = g.Count(),
            Reviewed = g.Count(s => s.AssuredDate != null && s.AssuredDate >= cutoff),
            Evaluated = g.Count(s => s.Evaluation != EvaluationStatus.None),
        }).FirstOrDefaultAsync(ct);
        return new ProgressFigures
        {
            OfferMet = offer.Sum(t => t.Count(OfferStatus.Met)),
            OfferAtRisk = offer.Sum(t => t.Count(OfferStatus.AtRisk)),
            OfferMissing = offer.Sum(t => t.Count(OfferStatus.Missing)),
            ActionsRed = rag.Red, ActionsAmber = rag.Amber, ActionsGreen = rag.Green, ActionsComplete = rag.Complete,
            AgreementsPending = byStatus.GetValueOrDefault(AgreementStatus.Pending),
            AgreementsActive = byStatus.GetValueOrDefault(AgreementStatus.Active),
            AgreementsExpired = byStatus.GetValueOrDefault(AgreementStatus.Expired),
            AgreementsTerminated = byStatus.GetValueOrDefault(AgreementStatus.Terminated),
            DecisionsUndecided = byDecision.GetValueOrDefault(RecommissioningDecision.Undecided),
            DecisionsRecommission = byDecision.GetValueOrDefault(RecommissioningDecision.Recommission),
            DecisionsExtend = byDecision.GetValueOrDefault(RecommissioningDecision.Extend),
            DecisionsLetLapse = byDecision.GetValueOrDefault(RecommissioningDecision.LetLapse),
            ServicesOffered = counts?.Offered ?? 0,
            ServicesReviewed = counts?.Reviewed ?? 0,
            ServicesEvaluated = counts?.Evaluated ?? 0,
        };
    }

    private static async Task<RagCounts> RagAsync(AppDbContext db, int? pathwayId, DateOnly today, CancellationToken ct)
    {
        var year = UkCalendar.FinancialYear(today);
        var actions = db.PlanActions.AsNoTracking()
            .Where(a => !a.Archived && !a.Objective.Archived && a.Objective.DeliveryPlan.Year == year);
        if (pathwayId is not null) actions = actions.Where(a => a.Objective.DeliveryPlan.PathwayId == pathwayId);
        var rows = await actions.Select(a => new { a.Status, a.DueDate }).ToListAsync(ct);
        return RagCounts.From(rows.Select(a => PlanAction.RagFor(a.Status, a.DueDate, today)));
    }

    /// <summary>
    /// Agreements by status, and live agreements (<see cref="Agreement.Live"/>) by recommissioning decision: an ended agreement's
    /// decision has been acted on already, so it is not counted among the decisions.
    /// </summary>
    private static async Task<(Dictionary<AgreementStatus, int> ByStatus, Dictionary<RecommissioningDecision, int> LiveByDecision)> AgreementsAsync(
        AppDbContext db, int? pathwayId, DateOnly today, CancellationToken ct)
    {
        var agreements = db.Agreements.AsNoTracking();
        if (pathwayId is not null) agreements = agreements.Where(a => a.Pathways.Any(p => p.PathwayId == pathwayId));
        var byStatus = await agreements.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var byDecision = await agreements.Where(Agreement.Live(today)).GroupBy(a => a.Decision).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return (byStatus, byDecision);
    }
}
