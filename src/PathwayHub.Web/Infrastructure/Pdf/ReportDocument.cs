using OxyPlot;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// A PDF report described as page settings plus a flow of blocks, in the spirit of QuestPDF's fluent API:
/// <c>ReportDocument.Create().Title("…").Header("…").Content(c => c.Heading(1, "…").Paragraph("…")).GeneratePdf(stream)</c>.
/// Laid out in two passes (pages first, then drawing) so the footer can say "Page X of Y". Written by PDFsharp as a tagged
/// PDF (PDF/UA-1): headings, paragraphs, lists, tables and figures in the structure tree in reading order, page headers and
/// footers as artifacts, the language and title declared, and a bookmark for each heading down to <see cref="BookmarkLevels"/>.
/// </summary>
public sealed class ReportDocument
{
    private readonly ReportContent _content = new();

    internal PageSettings Page { get; } = new();
    internal List<Block> Blocks => _content.Blocks;

    private ReportDocument() { }

    /// <summary>Starts an empty A4 document with 50 pt margins.</summary>
    public static ReportDocument Create() => new();

    /// <summary>PDF metadata title; also what viewers show in their title bar.</summary>
    public ReportDocument Title(string title) { Page.Title = title; return this; }

    /// <summary>PDF metadata author.</summary>
    public ReportDocument Author(string author) { Page.Author = author; return this; }

    /// <summary>PDF metadata subject.</summary>
    public ReportDocument Subject(string subject) { Page.Subject = subject; return this; }

    /// <summary>The document's natural language (BCP 47); British English unless said otherwise.</summary>
    public ReportDocument Language(string language) { Page.Language = language; return this; }

    /// <summary>Headings down to this level (1–3) get a bookmark in the outline; 2 unless said otherwise.</summary>
    public ReportDocument BookmarkLevels(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, 3);
        Page.BookmarkLevels = levels;
        return this;
    }

    /// <summary>Text repeated at the top of every page, above a thin rule.</summary>
    public ReportDocument Header(string text) { Page.HeaderText = text; return this; }

    /// <summary>Page size in points (1/72 inch); the default is A4 portrait.</summary>
    public ReportDocument PageSize(float width, float height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 144f);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 144f);
        Page.Width = width;
        Page.Height = height;
        return this;
    }

    /// <summary>Margins in points; the header and footer sit inside the top and bottom margins.</summary>
    public ReportDocument Margins(float horizontal, float vertical)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizontal, 0f);
        ArgumentOutOfRangeException.ThrowIfLessThan(vertical, 36f);
        Page.MarginX = horizontal;
        Page.MarginY = vertical;
        return this;
    }

    /// <summary>Appends content; may be called more than once.</summary>
    public ReportDocument Content(Action<ReportContent> compose)
    {
        compose(_content);
        return this;
    }

    /// <summary>Lays the document out and writes the PDF to <paramref name="output"/> (left open).</summary>
    public void GeneratePdf(Stream output)
    {
        var pages = PdfLayoutEngine.Layout(this);
        PdfRenderer.Render(Page, pages, output);
    }

    /// <summary>Lays the document out and returns the PDF bytes.</summary>
    public byte[] GeneratePdf()
    {
        using var buffer = new MemoryStream();
        GeneratePdf(buffer);
        return buffer.ToArray();
    }
}

/// <summary>The flow of blocks in a document or in a keep-together group; every method appends and returns this.</summary>
public sealed class ReportContent
{
    internal List<Block> Blocks { get; } = [];

    /// <summary>A bold heading, level 1 (largest) to 3; it moves to the next page rather than end a page alone.</summary>
    public ReportContent Heading(int level, string text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 3);
        Blocks.Add(new HeadingBlock(level, text));
        return this;
    }

    /// <summary>Body text, word-wrapped to the content width; a "\n" starts a new line.</summary>
    public ReportContent Paragraph(string text)
    {
        Blocks.Add(new ParagraphBlock(text));
        return this;
    }

    /// <summary>A bulleted list, each item wrapped with a hanging indent.</summary>
    public ReportContent Bullets(params string[] items)
    {
        Blocks.Add(new BulletsBlock(items));
        return this;
    }

    /// <summary>A label in bold beside its value, e.g. "Period: 2025/26".</summary>
    public ReportContent KeyValue(string key, string value)
    {
        Blocks.Add(new KeyValueBlock(key, value));
        return this;
    }

    /// <summary>A table that breaks across pages between rows and repeats its header row on each page.</summary>
    public ReportContent Table(Action<ReportTable> define)
    {
        var table = new ReportTable();
        define(table);
        if (table.Weights.Length == 0) throw new InvalidOperationException("A table needs Columns(...) before rows.");
        Blocks.Add(new TableBlock(table));
        return this;
    }

    /// <summary>Blocks that move to the next page together when they do not fit on this one (unless taller than a page).</summary>
    public ReportContent KeepTogether(Action<ReportContent> compose)
    {
        var group = new ReportContent();
        compose(group);
        Blocks.Add(new KeepTogetherBlock(group.Blocks));
        return this;
    }

    /// <summary>Starts a new page (nothing happens at the top of a page).</summary>
    public ReportContent PageBreak()
    {
        Blocks.Add(PageBreakBlock.Instance);
        return this;
    }

    /// <summary>
    /// An OxyPlot chart drawn as vectors across the content width, <paramref name="height"/> points tall, tagged as a figure whose
    /// alternative text is <paramref name="description"/>: say what the chart shows in words and numbers. Without one, the text is
    /// read off the chart: its title, then each category with the value of every series.
    /// </summary>
    public ReportContent Chart(PlotModel model, float height = 220f, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 20f);
        Blocks.Add(new ChartBlock(model, height, string.IsNullOrWhiteSpace(description) ? ChartDescription.Of(model) : description));
        return this;
    }

    /// <summary>
    /// The pages of a PDF file, each on a page of its own scaled to fit the content area, under the running header and footer
    /// (so page numbers run on through it), each tagged as a division whose content is the file's page.
    /// </summary>
    public ReportContent PdfPages(PdfAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        Blocks.Add(new PdfPagesBlock(attachment));
        return this;
    }
}

/// <summary>Defines a table: relative column widths, one header row and the body rows.</summary>
public sealed class ReportTable
{
    internal float[] Weights { get; private set; } = [];
    internal ReportCell[]? HeaderCells { get; private set; }
    internal List<ReportCell[]> Rows { get; } = [];

    /// <summary>
    /// Column widths as relative weights, e.g. (3, 1, 1) makes the first column three fifths of the width. The weights are a
    /// starting point: a column is never narrower than its longest word, nor wider than its longest text needs while another
    /// column is short of room.
    /// </summary>
    public ReportTable Columns(params float[] relativeWidths)
    {
        if (relativeWidths.Length == 0 || relativeWidths.Any(w => w <= 0)) throw new ArgumentException("Give at least one positive weight.", nameof(relativeWidths));
        Weights = relativeWidths;
        return this;
    }

    /// <summary>The header row, drawn bold on grey, tagged as header cells, and repeated (as an artifact) at the top of every page the table continues on.</summary>
    public ReportTable Header(params string[] titles)
    {
        HeaderCells = Cells(titles.Select(ReportCell.FromString).ToArray());
        return this;
    }

    /// <summary>A body row; strings convert to cells, or pass <see cref="ReportCell"/> for a background colour.</summary>
    public ReportTable Row(params ReportCell[] cells)
    {
        Rows.Add(Cells(cells));
        return this;
    }

    private ReportCell[] Cells(ReportCell[] cells)
    {
        if (Weights.Length == 0) throw new InvalidOperationException("Call Columns(...) before adding rows.");
        if (cells.Length != Weights.Length) throw new ArgumentException($"Expected {Weights.Length} cells, got {cells.Length}.", nameof(cells));
        return cells;
    }
}

/// <summary>An opaque colour for table cells and rules.</summary>
public readonly record struct ReportColor(byte Red, byte Green, byte Blue)
{
    public static ReportColor FromHex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
}

/// <summary>One table cell: its text and an optional background, e.g. a RAG colour.</summary>
public readonly record struct ReportCell(string Text, ReportColor? Background = null)
{
    /// <summary>A plain cell.</summary>
    public static ReportCell FromString(string text) => new(text);

    /// <summary>Lets rows be written as plain strings.</summary>
    public static implicit operator ReportCell(string text) => new(text);
}

internal sealed class PageSettings
{
    // A4 in points.
    public float Width { get; set; } = 595.28f;
    public float Height { get; set; } = 841.89f;
    public float MarginX { get; set; } = 50f;
    public float MarginY { get; set; } = 56f;
    public string? Title { get; set; }
    public string? Author { get; set; }
    public string? Subject { get; set; }
    public string? HeaderText { get; set; }
    public string Language { get; set; } = "en-GB";
    public int BookmarkLevels { get; set; } = 2;
    public float ContentWidth => Width - 2 * MarginX;
    public float ContentTop => MarginY;
    public float ContentBottom => Height - MarginY;
}

internal abstract record Block;
internal sealed record HeadingBlock(int Level, string Text) : Block;
internal sealed record ParagraphBlock(string Text) : Block;
internal sealed record BulletsBlock(string[] Items) : Block;
internal sealed record KeyValueBlock(string Key, string Value) : Block;
internal sealed record TableBlock(ReportTable Table) : Block;
internal sealed record KeepTogetherBlock(List<Block> Blocks) : Block;
internal sealed record ChartBlock(PlotModel Model, float Height, string Description) : Block;
internal sealed record PdfPagesBlock(PdfAttachment Attachment) : Block;
internal sealed record PageBreakBlock : Block
{
    public static readonly PageBreakBlock Instance = new();
}
