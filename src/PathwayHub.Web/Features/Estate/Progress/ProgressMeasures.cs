using System.Globalization;

namespace PathwayHub.Web.Features.Estate.Progress;

/// <summary>One figure of a snapshot, named once for the page and the reports.</summary>
public sealed record ProgressMeasure(string Name, Func<ProgressFigures, int> Of);

/// <summary>The figures the Progress page and the reports show, in their order.</summary>
public static class ProgressMeasures
{
    public static readonly IReadOnlyList<ProgressMeasure> All =
    [
        new("Minimum offer met (prison × item)", f => f.OfferMet),
        new("Minimum offer at risk", f => f.OfferAtRisk),
        new("Minimum offer missing", f => f.OfferMissing),
        new("Plan actions red", f => f.ActionsRed),
        new("Plan actions amber", f => f.ActionsAmber),
        new("Plan actions green", f => f.ActionsGreen),
        new("Plan actions complete", f => f.ActionsComplete),
        new("Agreements pending", f => f.AgreementsPending),
        new("Agreements active", f => f.AgreementsActive),
        new("Agreements expired", f => f.AgreementsExpired),
        new("Agreements terminated", f => f.AgreementsTerminated),
        new("Recommissioning undecided", f => f.DecisionsUndecided),
        new("Decided to recommission", f => f.DecisionsRecommission),
        new("Decided to extend", f => f.DecisionsExtend),
        new("Decided to let lapse", f => f.DecisionsLetLapse),
        new("Services offered", f => f.ServicesOffered),
        new("Services reviewed in the last six months", f => f.ServicesReviewed),
        new("Services with an evaluation", f => f.ServicesEvaluated),
    ];

    /// <summary>A quarter by its first month, "Apr 2026".</summary>
    public static string QuarterLabel(DateOnly quarterStart) => quarterStart.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The trend in words, for a chart's accessible name.</summary>
    public static string TrendSummary(ProgressMeasure m, IReadOnlyList<ProgressPoint> points, ProgressFigures now) =>
        points.Count == 0 ? $"{m.Name}: no snapshots yet; {m.Of(now)} now."
            : $"{m.Name}: {m.Of(points[0].Figures)} in {QuarterLabel(points[0].QuarterStart)}, {m.Of(points[^1].Figures)} in {QuarterLabel(points[^1].QuarterStart)}, {m.Of(now)} now.";

    /// <summary>The points of a small line chart (120 × 24) over the snapshots then now.</summary>
    public static string Polyline(ProgressMeasure m, IReadOnlyList<ProgressPoint> points, ProgressFigures now)
    {
        var values = points.Select(p => m.Of(p.Figures)).Append(m.Of(now)).ToList();
        var max = Math.Max(1, values.Max());
        var step = values.Count > 1 ? 116.0 / (values.Count - 1) : 0;
        return string.Join(" ", values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{2 + i * step:0.#},{22 - 20.0 * v / max:0.#}")));
    }
}
