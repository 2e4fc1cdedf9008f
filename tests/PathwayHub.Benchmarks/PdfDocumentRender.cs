using BenchmarkDotNet.Attributes;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Layout and render of a report-sized PDF: about 20 A4 pages with a 300-row table (RAG-coloured cells),
/// wrapped paragraphs and 3 charts, written to memory as tagged PDF. The document is built inside the benchmark,
/// as a report generator would. Also a meeting pack holding ten 20-page PDF papers, opened and imported page by page.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes in GlobalCleanup.")]
public class PdfDocumentRender
{
    private static readonly string[] Statuses = ["Not started", "On track", "At risk", "Off track", "Complete"];
    private static readonly string[] Quarters = ["Q1", "Q2", "Q3", "Q4"];
    private static readonly ReportColor Red = ReportColor.FromHex(0xF4C7C3);
    private static readonly ReportColor Amber = ReportColor.FromHex(0xFFE0B2);
    private static readonly ReportColor Green = ReportColor.FromHex(0xC8E6C9);

    private const string Prose =
        "The Pathway's partners agreed to widen access to supported housing for people leaving custody, " +
        "working with local authorities, probation and the voluntary sector. Progress this quarter was steady: " +
        "two new referral routes opened, a £120 pilot fund was agreed for deposits, and the ‘duty to refer’ " +
        "guidance was refreshed. Café-style drop-in sessions in Łódź-born chef Marta's community kitchen continue " +
        "to draw people in — attendance rose for a third quarter running.";

    private readonly MemoryStream _output = new();
    private readonly List<byte[]> _papers = [];
    private MeetingView _meeting = null!;

    [GlobalSetup]
    public void Setup()
    {
        // One render up front so the figures can be checked: the page count and the file size.
        var pages = Render();
        Console.WriteLine($"// PdfDocumentRender: {pages} pages, {_output.Length:N0} bytes ({_output.Length / 1024.0:F0} KiB)");

        // Ten papers of 20 pages each, as a meeting might carry: text, a table and a chart, written by the engine itself.
        for (var i = 1; i <= 10; i++)
        {
            _papers.Add(ReportDocument.Create().Title($"Paper {i}").Content(c =>
            {
                c.Heading(1, $"Paper {i}: quarterly update");
                for (var p = 1; p <= 20; p++)
                {
                    if (p > 1) c.PageBreak();
                    c.Heading(2, $"Part {p}");
                    if (p == 1) c.Chart(StatusChart(), 200);
                    for (var k = 0; k < (p == 1 ? 3 : 6); k++) c.Paragraph(Prose);
                }
            }).GeneratePdf());
        }
        var items = Enumerable.Range(1, 10).Select(i => new ItemView(i, i, $"Agenda item {i}", ItemPurpose.Discussion, "Chair", 10, false, false, null,
            [new PaperView(i, $"Quarterly update {i}", $"update-{i}.pdf", _papers[i - 1].Length, false, i == 10)], [], [], Guid.Empty)).ToList();
        _meeting = new MeetingView(1, 1, "accommodation", "Accommodation", "Winter meeting", new DateTime(2026, 12, 10, 10, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 12, 10, 12, 0, 0, DateTimeKind.Utc), "NEPACS, Durham", null, MeetingStatus.AgendaPublished, null, items, [], [], 3, 0, [], [], false, true, true, Guid.Empty);
        var packPages = RenderPack();
        using var check = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(_output.ToArray()), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        var paperPages = _papers.Sum(p => PdfAttachment.TryOpen(p)!.PageCount);
        Console.WriteLine($"// Meeting pack: {check.PageCount} pages ({paperPages} from ten papers), {_output.Length:N0} bytes ({_output.Length / 1024.0:F0} KiB)");
        if (packPages != 200) throw new InvalidOperationException($"Expected ten 20-page papers, got {packPages} pages in the pack.");
    }

    /// <summary>The meeting pack: opening each paper, laying out the agenda and drawing every paper page under it.</summary>
    [Benchmark]
    public long MeetingPackWithTenPapers()
    {
        RenderPack();
        return _output.Length;
    }

    private int RenderPack()
    {
        _output.SetLength(0);
        var papers = _papers.Select((bytes, i) => (Id: i + 1, Paper: new PackPaper(true, PdfAttachment.TryOpen(bytes)))).ToDictionary(x => x.Id, x => x.Paper);
        try
        {
            MeetingDocuments.Pack(_meeting, papers).GeneratePdf(_output);
            return papers.Values.Sum(p => p.Pdf!.PageCount);
        }
        finally
        {
            foreach (var p in papers.Values) p.Pdf?.Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();

    [Benchmark]
    public long RenderDocument()
    {
        var pages = Render();
        if (pages < 18 || _output.Length < 10_000) throw new InvalidOperationException($"Expected a report of about 20 pages, got {pages} pages and {_output.Length} bytes.");
        return _output.Length;
    }

    private int Render()
    {
        _output.SetLength(0);
        var document = ReportDocument.Create()
            .Title("Accommodation Pathway delivery plan 2025/26")
            .Author("Regional coordinator")
            .Subject("Delivery plan report")
            .Header("Accommodation Pathway — Delivery plan 2025/26")
            .Content(c =>
            {
                c.Heading(1, "Accommodation Pathway delivery plan");
                c.KeyValue("Period:", "1 April 2025 to 31 March 2026").KeyValue("Generated:", "23 November 2026");
                for (var i = 0; i < 6; i++) c.Paragraph(Prose);
                c.Heading(2, "Summary").Chart(StatusChart(), 240).Chart(TrendChart(), 240);
                for (var o = 1; o <= 4; o++)
                {
                    c.KeepTogether(k => k.Heading(2, $"Objective {o}").Paragraph(Prose).Bullets("Outcome sought: fewer people released homeless", "Lead: Housing Partnership"));
                    for (var i = 0; i < 4; i++) c.Paragraph(Prose);
                }
                c.PageBreak().Heading(2, "Actions").Table(t =>
                {
                    t.Columns(0.8f, 4, 2, 1.4f, 1.2f).Header("Ref", "Action", "Owner", "Due", "RAG");
                    for (var i = 1; i <= 300; i++)
                    {
                        var (rag, colour) = (i % 7) switch { 0 => ("Red", Red), 1 or 2 => ("Amber", Amber), _ => ("Green", Green) };
                        t.Row($"A{i:D3}", $"Action {i}: agree referral route and named contact with partner {i % 17}", $"Organisation {i % 23}", $"{1 + i % 28:D2}/0{1 + i % 9}/2026", new ReportCell(rag, colour));
                    }
                });
                c.Heading(2, "Measures").Chart(MeasureChart(), 260);
                for (var i = 0; i < 10; i++) c.Paragraph(Prose);
            });
        var pages = PdfLayoutEngine.Layout(document);
        PdfRenderer.Render(document.Page, pages, _output);
        return pages.Count;
    }

    private static PlotModel StatusChart()
    {
        var model = new PlotModel { Title = "Actions by status" };
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = Statuses });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0 });
        model.Series.Add(new BarSeries { ItemsSource = new[] { new BarItem(12), new BarItem(140), new BarItem(60), new BarItem(43), new BarItem(45) } });
        return model;
    }

    private static PlotModel TrendChart()
    {
        var model = new PlotModel { Title = "Referrals per month" };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Month" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "Referrals", Minimum = 0 });
        var made = new LineSeries { Title = "Made" };
        var housed = new LineSeries { Title = "Housed" };
        for (var m = 1; m <= 12; m++)
        {
            made.Points.Add(new DataPoint(m, 40 + 3 * m + m % 4 * 5));
            housed.Points.Add(new DataPoint(m, 25 + 2.5 * m + m % 3 * 4));
        }
        model.Series.Add(made);
        model.Series.Add(housed);
        return model;
    }

    private static PlotModel MeasureChart()
    {
        var model = new PlotModel { Title = "Measures: target and actual by quarter" };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopRight });
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Bottom, ItemsSource = Quarters });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = 0 });
        model.Series.Add(new LineSeries { Title = "Target", ItemsSource = new[] { new DataPoint(0, 50), new DataPoint(1, 60), new DataPoint(2, 70), new DataPoint(3, 80) } });
        model.Series.Add(new LineSeries { Title = "Actual", ItemsSource = new[] { new DataPoint(0, 45), new DataPoint(1, 62), new DataPoint(2, 66), new DataPoint(3, 81) } });
        return model;
    }
}
