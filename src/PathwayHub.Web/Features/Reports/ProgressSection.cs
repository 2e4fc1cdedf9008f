using PathwayHub.Web.Features.Estate.Progress;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Web.Features.Reports;

/// <summary>"Progress against the baseline": each figure (<see cref="ProgressMeasures"/>) now, at the baseline and at the latest snapshot, as the Progress page shows them.</summary>
internal static class ProgressSection
{
    public const string Heading = "Progress against the baseline";

    public static void Write(ReportContent c, ProgressView? progress, int level)
    {
        if (progress is null) return;
        c.Heading(level, Heading);
        var baseline = progress.Baseline;
        var latest = progress.Snapshots.Count > 0 ? progress.Snapshots[^1] : null;
        c.Paragraph((baseline is null ? "No baseline has been chosen yet." : $"The baseline is the snapshot of {ProgressMeasures.QuarterLabel(baseline.QuarterStart)}.")
            + " A snapshot is taken on the first day of each quarter and never changed; the Progress page shows the trend over every snapshot.");
        c.Table(t =>
        {
            t.Columns(3.6f, 1.3f, 1.3f, 1.3f, 1.3f).Header("Figure", "At the baseline",
                latest is null ? "Latest snapshot" : $"Snapshot {ProgressMeasures.QuarterLabel(latest.QuarterStart)}", "Now", "Change since the baseline");
            foreach (var m in ProgressMeasures.All)
            {
                var now = m.Of(progress.Now);
                t.Row(m.Name, baseline is null ? "–" : Number(m.Of(baseline.Figures)), latest is null ? "–" : Number(m.Of(latest.Figures)), Number(now),
                    baseline is null ? "–" : Change(now - m.Of(baseline.Figures)));
            }
        });
    }

    private static string Number(int n) => n.ToString(ReportStyle.Uk);

    private static string Change(int delta) => delta > 0 ? "+" + Number(delta) : Number(delta);
}
