using System.Diagnostics;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Tests.Infrastructure.Pdf;

/// <summary>What a screen reader and a PDF/UA checker see in any document the engine writes.</summary>
public class TaggedStructureTests
{
    private static readonly string[] Statuses = ["Not started", "On track", "At risk", "Off track", "Complete"];

    internal static byte[] Sample() => ReportDocument.Create()
        .Title("Accommodation Pathway: delivery plan report 2026/27").Author("PathwayHub").Subject("Delivery plan report")
        .Header("Accommodation Pathway — Delivery plan 2026/27")
        .Content(c =>
        {
            c.Heading(1, "Accommodation Pathway").Paragraph("Delivery plan report 2026/27").KeyValue("Period:", "1 April 2026 to 31 March 2027");
            c.Heading(2, "Summary").Chart(StatusChart(), 200, "Actions by status: 3 not started, 12 on track, 4 at risk, 2 off track, 9 complete.");
            c.Table(t =>
            {
                t.Columns(2, 1).Header("Status", "Actions");
                for (var i = 0; i < Statuses.Length; i++) t.Row(Statuses[i], $"{i + 1}");
            });
            c.Heading(3, "Notes").Bullets("First point", "Second point");
            c.Heading(2, "Actions").Table(t =>
            {
                t.Columns(1, 4, 2).Header("Ref", "Action description", "Status");
                for (var i = 1; i <= 120; i++) t.Row($"A{i:D3}", $"Action number {i} for the delivery plan", "On track");
            });
            c.Heading(1, "Appendix").Paragraph("The end.");
        })
        .GeneratePdf();

    private static PlotModel StatusChart()
    {
        var model = new PlotModel { Title = "Actions by status" };
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = Statuses });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0 });
        model.Series.Add(new BarSeries { ItemsSource = new[] { new BarItem(3), new BarItem(12), new BarItem(4), new BarItem(2), new BarItem(9) } });
        return model;
    }

    [Fact]
    public void Catalog_declares_a_marked_document_in_british_english_with_its_title_shown_and_pdfua_metadata()
    {
        var pdf = TaggedPdf.Read(Sample());

        Assert.True(pdf.Marked);
        Assert.Equal("en-GB", pdf.Language);
        Assert.True(pdf.DisplayDocTitle);
        Assert.Contains("<pdfuaid:part>1</pdfuaid:part>", pdf.Xmp, StringComparison.Ordinal);
        Assert.Contains("Accommodation Pathway: delivery plan report 2026/27", pdf.Xmp, StringComparison.Ordinal);
        Assert.Empty(pdf.FontsNotEmbedded);
    }

    [Fact]
    public void Structure_tree_holds_headings_paragraphs_lists_tables_and_the_figure_in_reading_order()
    {
        var pdf = TaggedPdf.Read(Sample());

        Assert.Equal("Document", Assert.Single(pdf.Root.Children).Type);
        Assert.Equal(["H1 Accommodation Pathway", "H2 Summary", "H3 Notes", "H2 Actions", "H1 Appendix"], pdf.Headings);
        var types = pdf.Elements.Select(e => e.Type).Where(t => t is "H1" or "H2" or "H3" or "P" or "L" or "Table" or "Figure").ToList();
        Assert.Equal(["H1", "P", "P", "H2", "Figure", "Table", "H3", "L", "H2", "Table", "H1", "P"], types);

        var figure = Assert.Single(pdf.Elements, e => e.Type == "Figure");
        Assert.Equal("Actions by status: 3 not started, 12 on track, 4 at risk, 2 off track, 9 complete.", figure.Alt);

        var list = Assert.Single(pdf.Elements, e => e.Type == "L");
        Assert.Equal(["• First point", "• Second point"], list.Children.Select(li => { Assert.Equal("LI", li.Type); return li.AllText; }));
        Assert.All(list.Children, li => Assert.Equal(["Lbl", "LBody"], li.Children.Select(c => c.Type)));
    }

    [Fact]
    public void Every_table_has_header_cells_once_and_a_row_per_data_row_though_the_header_repeats_on_each_page()
    {
        var pdf = TaggedPdf.Read(Sample());

        var tables = pdf.Elements.Where(e => e.Type == "Table").ToList();
        Assert.Equal(2, tables.Count);
        var actions = tables[1];
        Assert.Equal(121, actions.Children.Count);
        Assert.All(actions.Children, tr => Assert.Equal("TR", tr.Type));
        Assert.Equal(["Ref", "Action description", "Status"], actions.Children[0].Children.Select(th => { Assert.Equal("TH", th.Type); Assert.Equal("Column", th.Scope); return th.AllText; }));
        Assert.Equal(["A001", "Action number 1 for the delivery plan", "On track"], actions.Children[1].Children.Select(td => { Assert.Equal("TD", td.Type); return td.AllText; }));
        Assert.Equal("A120", actions.Children[^1].Children[0].AllText);
        Assert.All(tables, t => Assert.All(t.Children[0].Children, c => Assert.Equal("TH", c.Type)));
        // The actions table spans pages, and its header is drawn again on each: as decoration, not a second set of header cells.
        Assert.True(pdf.PageCount >= 3, $"expected the table to span pages, got {pdf.PageCount}");
        Assert.Equal(3, actions.DescendantsAndSelf().Count(e => e.Type == "TH"));
        Assert.True(pdf.ArtifactText.Count(t => t.Contains("Action description", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public void Running_header_and_page_numbers_are_artifacts_and_nothing_else_is_left_untagged()
    {
        var pdf = TaggedPdf.Read(Sample());

        for (var p = 1; p <= pdf.PageCount; p++) Assert.Contains(pdf.ArtifactText, t => t.Contains($"Page {p} of {pdf.PageCount}", StringComparison.Ordinal));
        Assert.Equal(pdf.PageCount, pdf.ArtifactText.Count(t => t.Contains("Accommodation Pathway — Delivery plan 2026/27", StringComparison.Ordinal)));
        Assert.Empty(pdf.UntaggedText);
        Assert.DoesNotContain(pdf.Elements, e => e.AllText.Contains("Page 1 of", StringComparison.Ordinal));
    }

    [Fact]
    public void Outline_has_a_bookmark_for_each_h1_and_h2_nested_under_its_h1()
    {
        var pdf = TaggedPdf.Read(Sample());

        Assert.Equal([(1, "Accommodation Pathway"), (2, "Summary"), (2, "Actions"), (1, "Appendix")], pdf.Outline.Select(o => (o.Level, o.Title)));
        Assert.Equal(1, pdf.Outline[0].Page);
        Assert.Equal(pdf.PageCount, pdf.Outline[^1].Page);
    }

    [Fact]
    public void Narrow_columns_wrap_at_spaces_and_never_break_a_word()
    {
        var bytes = ReportDocument.Create().Content(c => c.Table(t =>
        {
            t.Columns(1.5f, 3, 1.4f, 1.3f, 1.3f, 1.2f).Header("Date", "Meeting", "Members present", "Attendance", "Associates present", "Apologies");
            t.Row("8 Oct 2026", "Autumn meeting", "3 of 4", "75%", "1", "1");
            t.Row("Service-level agreement", "Complete", "Commissioning", "Recommissioning", "x", "y");
        })).GeneratePdf();

        var pdf = TaggedPdf.Read(bytes);
        var cells = pdf.Elements.Where(e => e.Type is "TH" or "TD").Select(e => e.AllText).ToList();
        Assert.Equal(["Date", "Meeting", "Members present", "Attendance", "Associates present", "Apologies"], cells.Take(6));
        Assert.Contains("Recommissioning", cells);
        Assert.Contains("Commissioning", cells);
        using var pig = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var words = pig.GetPage(1).GetWords().Select(w => w.Text).ToList();
        foreach (var word in new[] { "Attendance", "Apologies", "Associates", "present", "Recommissioning", "Commissioning", "Complete" }) Assert.Contains(word, words);
        // A hyphenated word may wrap after its hyphen, never inside a part.
        Assert.True(words.Contains("Service-level") || (words.Contains("Service-") && words.Contains("level")), string.Join(" | ", words));
    }

    [Fact]
    public void Poppler_reads_the_document_as_tagged()
    {
        const string pdfinfo = "/usr/bin/pdfinfo";
        if (!File.Exists(pdfinfo))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("CI=true but poppler's pdfinfo is not installed: .ci/run must install poppler-utils.");
            Assert.Skip("poppler-utils is not installed here (apt-get install poppler-utils); this check runs in CI.");
        }
        var file = Path.Combine(Path.GetTempPath(), $"pathwayhub-tagged-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, Sample());
        try
        {
            var output = PdfInfo(pdfinfo, file);
            Assert.Matches(@"(?m)^Tagged:\s+yes$", output);
            Assert.Matches(@"(?m)^Title:\s+Accommodation Pathway: delivery plan report 2026/27$", output);
            Assert.Matches(@"(?m)^PDF version:\s+1\.[4-7]$", output);
            var structure = PdfInfo(pdfinfo, "-struct", file);
            Assert.Contains("H1", structure, StringComparison.Ordinal);
            Assert.Contains("Table", structure, StringComparison.Ordinal);
            Assert.Contains("Figure", structure, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static string PdfInfo(string pdfinfo, params string[] args)
    {
        var start = new ProcessStartInfo(pdfinfo) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdfinfo failed ({process.ExitCode}): {error}");
        return output;
    }
}
