using System.Text.RegularExpressions;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using PathwayHub.Web.Infrastructure.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace PathwayHub.Tests.Infrastructure.Pdf;

public class ReportDocumentTests
{
    // Defaults of ReportDocument: A4 with 50 pt side margins and 56 pt top and bottom margins.
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double MarginX = 50;
    private const double MarginY = 56;
    private static readonly string[] Statuses = ["Not started", "On track", "At risk", "Off track", "Complete"];

    [Fact]
    public void Long_paragraph_wraps_onto_several_lines_within_the_margins()
    {
        var text = string.Join(' ', Enumerable.Range(1, 120).Select(i => $"word{i}"));

        using var pdf = Read(ReportDocument.Create().Content(c => c.Paragraph(text)));

        var page = pdf.GetPage(1);
        var body = BodyLetters(page);
        var baselines = body.Select(l => Math.Round(l.StartBaseLine.Y)).Distinct().Count();
        Assert.True(baselines >= 4, $"expected several lines, got {baselines}");
        Assert.All(body, l =>
        {
            Assert.True(l.BoundingBox.Left >= MarginX - 0.5, $"'{l.Value}' starts left of the margin at {l.BoundingBox.Left}");
            Assert.True(l.BoundingBox.Right <= PageWidth - MarginX + 0.5, $"'{l.Value}' ends right of the margin at {l.BoundingBox.Right}");
        });
        // Every word comes back once, in order, none cut in half.
        var words = page.GetWords().Select(w => w.Text).Where(w => w.StartsWith("word", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"word{i}"), words);
    }

    [Fact]
    public void Table_longer_than_a_page_repeats_its_header_and_keeps_every_row_once()
    {
        var document = ReportDocument.Create().Content(c => c
            .Heading(1, "Actions")
            .Table(t =>
            {
                t.Columns(1, 4, 2).Header("Ref", "Action description", "Status");
                for (var i = 1; i <= 150; i++) t.Row($"A{i:D3}", $"Action number {i} for the delivery plan", "On track");
            }));

        using var pdf = Read(document);

        Assert.True(pdf.NumberOfPages >= 3, $"expected the table to span pages, got {pdf.NumberOfPages}");
        var seen = new List<string>();
        foreach (var page in pdf.GetPages())
        {
            var words = page.GetWords().Select(w => w.Text).ToList();
            Assert.Contains("Action", words);
            Assert.Contains("description", words);
            var refs = words.Where(w => Regex.IsMatch(w, @"^A\d{3}$")).ToList();
            Assert.NotEmpty(refs);
            seen.AddRange(refs);

            // The repeated header sits above the first row on each page.
            var headerY = page.GetWords().First(w => w.Text == "Ref").BoundingBox.Bottom;
            var firstRowY = page.GetWords().First(w => w.Text == refs[0]).BoundingBox.Bottom;
            Assert.True(headerY > firstRowY);
        }
        Assert.Equal(Enumerable.Range(1, 150).Select(i => $"A{i:D3}"), seen);
    }

    [Fact]
    public void Table_rows_are_not_split_across_pages()
    {
        var document = ReportDocument.Create().Content(c => c.Table(t =>
        {
            t.Columns(1, 3).Header("Ref", "Notes");
            for (var i = 1; i <= 60; i++) t.Row($"R{i:D2}", $"first{i} line\nsecond{i} line\nthird{i} line");
        }));

        using var pdf = Read(document);

        Assert.True(pdf.NumberOfPages >= 2);
        foreach (var page in pdf.GetPages())
        {
            var words = page.GetWords().Select(w => w.Text).ToHashSet();
            foreach (var r in words.Where(w => Regex.IsMatch(w, @"^R\d{2}$")))
            {
                var i = int.Parse(r[1..]);
                Assert.Contains($"first{i}", words);
                Assert.Contains($"third{i}", words);
            }
        }
    }

    [Fact]
    public void Row_taller_than_a_page_is_split_between_lines_and_loses_none()
    {
        var notes = string.Join('\n', Enumerable.Range(1, 90).Select(i => $"note{i}"));
        var document = ReportDocument.Create().Content(c => c.Table(t => t.Columns(1, 3).Header("Ref", "Notes").Row("R1", notes).Row("R2", "after")));

        using var pdf = Read(document);

        Assert.True(pdf.NumberOfPages >= 2);
        var words = pdf.GetPages().SelectMany(Words).ToList();
        Assert.Equal(Enumerable.Range(1, 90).Select(i => $"note{i}"), words.Where(w => w.StartsWith("note", StringComparison.Ordinal)));
        Assert.All(pdf.GetPages(), page => Assert.Contains("Notes", Words(page)));
        Assert.Contains("after", Words(pdf.GetPage(pdf.NumberOfPages)));
    }

    [Fact]
    public void Footer_numbers_every_page_out_of_the_total()
    {
        var document = ReportDocument.Create().Header("Accommodation Pathway")
            .Content(c => c.Paragraph("One").PageBreak().Paragraph("Two").PageBreak().Paragraph("Three"));

        using var pdf = Read(document);

        Assert.Equal(3, pdf.NumberOfPages);
        for (var p = 1; p <= 3; p++)
        {
            var text = Text(pdf.GetPage(p));
            Assert.Contains($"Page {p} of 3", text, StringComparison.Ordinal);
            Assert.Contains("Accommodation Pathway", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Metadata_title_author_and_subject_read_back()
    {
        var document = ReportDocument.Create()
            .Title("Delivery plan 2025/26").Author("Regional coordinator").Subject("Accommodation Pathway")
            .Content(c => c.Paragraph("Body"));

        using var pdf = Read(document);

        Assert.Equal("Delivery plan 2025/26", pdf.Information.Title);
        Assert.Equal("Regional coordinator", pdf.Information.Author);
        Assert.Equal("Accommodation Pathway", pdf.Information.Subject);
    }

    [Fact]
    public void Unicode_text_is_extracted_back_identically()
    {
        const string text = "Café £120 ‘quoted’ — Łódź";

        using var pdf = Read(ReportDocument.Create().Content(c => c.Heading(2, text).Paragraph(text).Table(t => t.Columns(1).Header(text).Row(text))));

        var lines = Text(pdf.GetPage(1)).Split('\n');
        Assert.Equal(4, lines.Count(l => l == text));
    }

    [Fact]
    public void Keep_together_block_that_does_not_fit_moves_whole_to_the_next_page()
    {
        static ReportDocument Build(bool keep) => ReportDocument.Create().Content(c =>
        {
            for (var i = 1; i <= 30; i++) c.Paragraph($"Filler{i}");
            void Block(ReportContent k)
            {
                k.Heading(2, "Kept heading");
                for (var i = 1; i <= 10; i++) k.Paragraph($"Kept{i}");
            }
            if (keep) c.KeepTogether(Block); else Block(c);
        });

        using var flowing = Read(Build(keep: false));
        using var kept = Read(Build(keep: true));

        // Without keep-together the block starts on page 1, so the test really exercises a block that does not fit.
        Assert.Contains("Kept1", Words(flowing.GetPage(1)));
        Assert.Contains("Kept10", Words(flowing.GetPage(2)));

        Assert.Equal(2, kept.NumberOfPages);
        var first = Words(kept.GetPage(1));
        var second = Words(kept.GetPage(2));
        Assert.Contains("Filler30", first);
        Assert.DoesNotContain("heading", first);
        Assert.DoesNotContain(first, w => w.StartsWith("Kept", StringComparison.Ordinal));
        Assert.Contains("heading", second);
        Assert.All(Enumerable.Range(1, 10), i => Assert.Contains($"Kept{i}", second));
    }

    [Fact]
    public void Rag_cell_background_is_drawn_behind_the_text()
    {
        var red = ReportColor.FromHex(0xD32F2F);
        using var pdf = Read(ReportDocument.Create().Content(c => c.Table(t => t.Columns(1, 1).Header("Action", "RAG").Row("A1", new ReportCell("Red", red)))));

        var page = pdf.GetPage(1);
        var filled = page.Paths.Where(p => p.IsFilled && p.FillColor is not null).ToList();
        Assert.Contains(filled, p =>
        {
            var (r, g, b) = p.FillColor!.ToRGBValues();
            return Math.Abs(r - red.Red / 255.0) < 0.01 && Math.Abs(g - red.Green / 255.0) < 0.01 && Math.Abs(b - red.Blue / 255.0) < 0.01;
        });
    }

    [Fact]
    public void Chart_page_is_a_valid_pdf_with_vector_content()
    {
        var model = new PlotModel { Title = "Actions by status" };
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = Statuses });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0 });
        model.Series.Add(new BarSeries { ItemsSource = new[] { new BarItem(3), new BarItem(12), new BarItem(4), new BarItem(2), new BarItem(9) } });

        var bytes = ReportDocument.Create().Title("Chart").Content(c => c.Heading(1, "Summary").Chart(model, 260)).GeneratePdf();

        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using var pdf = PdfDocument.Open(bytes);
        var page = pdf.GetPage(1);
        Assert.Empty(page.GetImages());
        // The bars and axes are paths, and the labels are real text.
        Assert.True(page.Paths.Count(p => p.IsFilled) >= 5, "expected the bars as filled paths");
        var words = Words(page);
        Assert.Contains("status", words);
        Assert.Contains("track", words);
    }

    [Fact]
    public void Short_report_embeds_only_the_glyphs_it_uses()
    {
        // The whole of DejaVu Sans and DejaVu Sans Bold would add about 750 KB to every download.
        var bytes = ReportDocument.Create().Title("Minutes").Content(c => c.Heading(1, "Minutes").Paragraph("Café £120 ‘quoted’ — Łódź")).GeneratePdf();

        Assert.True(bytes.Length < 60_000, $"PDF is {bytes.Length:N0} bytes");
        using var pdf = PdfDocument.Open(bytes);
        Assert.Contains("Café £120 ‘quoted’ — Łódź", Text(pdf.GetPage(1)).Split('\n'));
    }

    [Fact]
    public void Bullets_and_key_values_read_back()
    {
        using var pdf = Read(ReportDocument.Create().Content(c => c
            .KeyValue("Period:", "2025/26")
            .Bullets("First point", "Second point")));

        var text = Text(pdf.GetPage(1));
        Assert.Contains("Period: 2025/26", text, StringComparison.Ordinal);
        Assert.Contains("• First point", text, StringComparison.Ordinal);
        Assert.Contains("• Second point", text, StringComparison.Ordinal);
    }

    private static PdfDocument Read(ReportDocument document) => PdfDocument.Open(document.GeneratePdf());

    private static List<string> Words(Page page) => page.GetWords().Select(w => w.Text).ToList();

    /// <summary>Letters grouped into lines by baseline, top to bottom, each line in reading order; a wide gap between letters reads as a space.</summary>
    private static string Text(Page page) => string.Join('\n', page.Letters
        .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
        .OrderByDescending(g => g.Key)
        .Select(g =>
        {
            var line = new System.Text.StringBuilder();
            Letter? previous = null;
            foreach (var letter in g.OrderBy(l => l.StartBaseLine.X))
            {
                if (previous is not null && letter.StartBaseLine.X - previous.EndBaseLine.X > letter.PointSize * 0.5) line.Append(' ');
                line.Append(letter.Value);
                previous = letter;
            }
            return line.ToString().Trim();
        }));

    private static List<Letter> BodyLetters(Page page) => page.Letters
        .Where(l => !string.IsNullOrWhiteSpace(l.Value) && l.StartBaseLine.Y < PageHeight - MarginY && l.StartBaseLine.Y > MarginY)
        .ToList();
}
