using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Tests.Infrastructure.Pdf;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Estate.Progress;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Reports;

/// <summary>The reports' "Progress against the baseline" table carries the figures the Progress page shows, and stays a tagged table.</summary>
public sealed class ProgressReportTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_regional_and_pathway_reports_carry_progress_against_the_baseline_as_the_page_shows_it(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await app.As<ProgressService>(Actor.System).TakeAsync(new DateOnly(2026, 7, 1));
        await app.As<ProgressService>(Actor.System).TakeAsync(new DateOnly(2026, 10, 1));
        var coordinator = await app.CoordinatorAsync();
        var progress = app.As<ProgressService>(coordinator);
        var region = await progress.ViewAsync(null);
        await progress.MarkBaselineAsync(null, region.Snapshots[0].SnapshotId);
        region = await progress.ViewAsync(null);

        var file = await app.As<ReportService>(coordinator).RegionalReportAsync(2026);
        var pdf = TaggedPdf.Read(file.Content);
        Assert.Contains(pdf.Outline, o => o.Title == ProgressSection.Heading);
        var table = pdf.Elements.Where(e => e.Type == "Table").First(t => t.Children[0].Children[0].AllText == "Figure");
        Assert.Equal(["Figure", "At the baseline", "Snapshot Oct 2026", "Now", "Change since the baseline"], table.Children[0].Children.Select(c => c.AllText));
        var rows = table.Children.Skip(1).Select(tr => tr.Children.Select(c => c.AllText).ToList()).ToList();
        Assert.Equal(ProgressMeasures.All.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var m = ProgressMeasures.All[i];
            Assert.Equal(m.Name, rows[i][0]);
            Assert.Equal(m.Of(region.Baseline!.Figures).ToString(ReportStyle.Uk), rows[i][1]);
            Assert.Equal(m.Of(region.Snapshots[^1].Figures).ToString(ReportStyle.Uk), rows[i][2]);
            Assert.Equal(m.Of(region.Now).ToString(ReportStyle.Uk), rows[i][3]);
        }

        // A Pathway with no baseline chosen says so, and still lists every figure now.
        var families = await app.PathwayIdAsync();
        var now = await progress.NowAsync(families);
        var pathwayPdf = TaggedPdf.Read((await app.As<ReportService>(coordinator).PathwayReportAsync("families-and-social-support")).Content);
        var pathwayTable = pathwayPdf.Elements.Where(e => e.Type == "Table").First(t => t.Children[0].Children[0].AllText == "Figure");
        var pathwayRows = pathwayTable.Children.Skip(1).Select(tr => tr.Children.Select(c => c.AllText).ToList()).ToList();
        Assert.Equal(ProgressMeasures.All.Select(m => m.Of(now).ToString(ReportStyle.Uk)), pathwayRows.Select(r => r[3]));
        Assert.All(pathwayRows, r => Assert.Equal("–", r[1]));
    }
}
