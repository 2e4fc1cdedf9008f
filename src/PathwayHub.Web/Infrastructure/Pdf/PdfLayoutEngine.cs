using OxyPlot;
using PdfSharp.Drawing;

namespace PathwayHub.Web.Infrastructure.Pdf;

internal enum ItemKind : byte { Text, Fill, Border, Chart, PdfPage, Begin, End, ArtifactBegin, ArtifactEnd }

/// <summary>
/// One thing drawn on a page, in page points from the top left; for text, Y is the baseline. Begin/End open and close an element
/// of the structure tree (the tags that make the PDF readable by a screen reader) and ArtifactBegin/ArtifactEnd mark what is only
/// decoration, in the order a reader meets them.
/// </summary>
internal readonly record struct PlacedItem(
    ItemKind Kind, float X, float Y, float Width, float Height, ReportColor Color,
    ShapedText? Text = null, int Start = 0, int End = 0, object? Payload = null);

/// <summary>An element of the structure tree: its standard type (P, H1, Table, TH…), a figure's alternative text, and a bookmark title.</summary>
internal sealed record StructureTag(string Type, string? Alt = null, string? Bookmark = null, int BookmarkLevel = 0)
{
    public static readonly StructureTag P = new("P");
    public static readonly StructureTag L = new("L");
    public static readonly StructureTag LI = new("LI");
    public static readonly StructureTag Lbl = new("Lbl");
    public static readonly StructureTag LBody = new("LBody");
    public static readonly StructureTag Table = new("Table");
    public static readonly StructureTag TR = new("TR");
    public static readonly StructureTag TH = new("TH");
    public static readonly StructureTag TD = new("TD");
    public static readonly StructureTag Div = new("Div");
}

/// <summary>One page of an imported PDF, drawn as a form scaled into a box.</summary>
internal sealed record ImportedPage(XPdfForm Form, int Number);

/// <summary>
/// First pass: flows the blocks down the content area and cuts them into pages of <see cref="PlacedItem"/>s.
/// Nothing is drawn here, so the renderer knows the page count before it writes "Page X of Y".
/// </summary>
internal sealed class PdfLayoutEngine
{
    private const float BodySize = 10f;
    private const float TableSize = 9f;
    private const float LineFactor = 1.35f;
    private const float CellPadding = 4f;
    private const float BulletIndent = 14f;
    private const float KeyShare = 0.32f;

    private static readonly ReportColor TextColour = ReportColor.FromHex(0x1F2328);
    private static readonly ReportColor RuleColour = ReportColor.FromHex(0xB8BEC6);
    private static readonly ReportColor HeaderFill = ReportColor.FromHex(0xE6E9ED);
    private static readonly ReportColor NoColour = new(0, 0, 0);

    private readonly PageSettings _page;
    private readonly TextShaper _shaper = new();
    private readonly List<List<PlacedItem>> _pages = [];
    private readonly List<LineRange> _lines = [];
    private readonly List<LineRange> _headerLines = [];
    private List<PlacedItem> _current = [];
    private float _y;
    private float _bottom;
    private bool _measuring;
    private ShapedText? _bullet;

    private PdfLayoutEngine(PageSettings page)
    {
        _page = page;
        _bottom = page.ContentBottom;
        _pages.Add(_current);
        _y = page.ContentTop;
    }

    public static List<List<PlacedItem>> Layout(ReportDocument document)
    {
        var engine = new PdfLayoutEngine(document.Page);
        engine.LayoutBlocks(document.Blocks);
        return engine._pages;
    }

    private float Left => _page.MarginX;
    private float Width => _page.ContentWidth;
    private bool AtPageTop => _y <= _page.ContentTop + 0.01f;
    private float PageHeight => _page.ContentBottom - _page.ContentTop;
    private static float LineHeight(float size) => size * LineFactor;
    private static float Baseline(float top, float size) => top + (LineHeight(size) - (PdfFonts.Ascent + PdfFonts.Descent) * size) / 2 + PdfFonts.Ascent * size;

    private void LayoutBlocks(List<Block> blocks)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h: Heading(h); break;
                case ParagraphBlock p: Paragraph(p.Text); break;
                case BulletsBlock b: Bullets(b.Items); break;
                case KeyValueBlock kv: KeyValue(kv); break;
                case TableBlock t: Table(t.Table); break;
                case KeepTogetherBlock k: KeepTogether(k.Blocks); break;
                case ChartBlock c: Chart(c); break;
                case PdfPagesBlock f: PdfPages(f); break;
                case PageBreakBlock: if (!AtPageTop) NewPage(); break;
                default: throw new NotSupportedException(block.GetType().Name);
            }
        }
    }

    private void NewPage()
    {
        // While measuring there is one endless page: a page break inside a keep-together group adds no height.
        if (_measuring) return;
        _y = _page.ContentTop;
        _current = [];
        _pages.Add(_current);
    }

    private void Place(in PlacedItem item)
    {
        if (!_measuring) _current.Add(item);
    }

    private void Begin(StructureTag tag) => Place(new PlacedItem(ItemKind.Begin, Left, _y, 0, 0, NoColour, Payload: tag));
    private void End() => Place(new PlacedItem(ItemKind.End, 0, 0, 0, 0, NoColour));
    private void BeginArtifact() => Place(new PlacedItem(ItemKind.ArtifactBegin, 0, 0, 0, 0, NoColour));
    private void EndArtifact() => Place(new PlacedItem(ItemKind.ArtifactEnd, 0, 0, 0, 0, NoColour));

    /// <summary>Space between blocks, dropped at the top of a page.</summary>
    private void Gap(float points)
    {
        if (!AtPageTop) _y += points;
    }

    private void EnsureRoom(float height)
    {
        if (_y + height > _bottom + 0.01f && !AtPageTop) NewPage();
    }

    private void Heading(HeadingBlock block)
    {
        var size = block.Level switch { 1 => 18f, 2 => 14f, _ => 12f };
        Gap(size * 0.8f);
        var text = _shaper.Shape(block.Text, FontWeight.Bold, size);
        _lines.Clear();
        text.Wrap(Width, _lines);
        // A heading with nothing under it at the foot of a page reads as a mistake: ask for two body lines too.
        EnsureRoom(_lines.Count * LineHeight(size) + 2 * LineHeight(BodySize));
        var bookmark = block.Level <= _page.BookmarkLevels ? block.Text.ReplaceLineEndings(" ") : null;
        Begin(new StructureTag($"H{block.Level}", Bookmark: bookmark, BookmarkLevel: block.Level));
        PlaceLines(text, Left, 0, _lines.Count);
        End();
    }

    private void Paragraph(string value)
    {
        Gap(6f);
        var text = _shaper.Shape(value, FontWeight.Regular, BodySize);
        _lines.Clear();
        text.Wrap(Width, _lines);
        if (_lines.Count > 0) EnsureRoom(LineHeight(BodySize));
        Begin(StructureTag.P);
        PlaceLines(text, Left, 0, _lines.Count);
        End();
    }

    /// <summary>Places _lines[from..to) one under another, starting a new page whenever the next line does not fit.</summary>
    private void PlaceLines(ShapedText text, float x, int from, int to)
    {
        var height = LineHeight(text.Size);
        for (var i = from; i < to; i++)
        {
            EnsureRoom(height);
            var line = _lines[i];
            Place(new PlacedItem(ItemKind.Text, x, Baseline(_y, text.Size), line.Width, height, TextColour, text, line.Start, line.End));
            _y += height;
        }
    }

    private void Bullets(string[] items)
    {
        Gap(6f);
        _bullet ??= _shaper.Shape("•", FontWeight.Regular, BodySize);
        Begin(StructureTag.L);
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) Gap(2f);
            var text = _shaper.Shape(items[i], FontWeight.Regular, BodySize);
            _lines.Clear();
            text.Wrap(Width - BulletIndent, _lines);
            if (_lines.Count == 0) continue;
            EnsureRoom(LineHeight(BodySize));
            Begin(StructureTag.LI);
            Begin(StructureTag.Lbl);
            Place(new PlacedItem(ItemKind.Text, Left + 3f, Baseline(_y, BodySize), _bullet.Width, LineHeight(BodySize), TextColour, _bullet, 0, _bullet.Count));
            End();
            Begin(StructureTag.LBody);
            PlaceLines(text, Left + BulletIndent, 0, _lines.Count);
            End();
            End();
        }
        End();
    }

    private void KeyValue(KeyValueBlock block)
    {
        Gap(3f);
        var keyWidth = Width * KeyShare;
        _lines.Clear();
        Span<Cell> cells =
        [
            MakeCell(block.Key, FontWeight.Bold, BodySize, Left, keyWidth - 8f, null, _lines),
            MakeCell(block.Value, FontWeight.Regular, BodySize, Left + keyWidth, Width - keyWidth, null, _lines),
        ];
        // A label and its value read as one sentence: "Period: 2025/26".
        PlaceRow(cells, padding: 0f, borders: false, cellTag: null, header: default);
    }

    private void Table(ReportTable table)
    {
        Gap(8f);
        var columns = table.Weights.Length;
        var header = table.HeaderCells;
        Span<float> xs = stackalloc float[columns + 1];
        ColumnEdges(table, xs);

        Span<Cell> headerCells = header is null ? default : new Cell[columns];
        _headerLines.Clear();
        for (var c = 0; c < headerCells.Length; c++)
        {
            headerCells[c] = MakeCell(header![c].Text, FontWeight.Bold, TableSize, xs[c], xs[c + 1] - xs[c], HeaderFill, _headerLines);
        }
        if (headerCells.Length > 0)
        {
            // The header never sits alone at the foot of a page: it needs its first body row under it.
            var first = table.Rows.Count > 0 ? LineHeight(TableSize) + 2 * CellPadding : 0f;
            EnsureRoom(RowHeight(headerCells) + first);
        }
        Begin(StructureTag.Table);
        if (headerCells.Length > 0) PlaceRow(headerCells, CellPadding, borders: true, StructureTag.TH, header: default);

        var cells = new Cell[columns];
        foreach (var row in table.Rows)
        {
            _lines.Clear();
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = MakeCell(row[c].Text, FontWeight.Regular, TableSize, xs[c], xs[c + 1] - xs[c], row[c].Background, _lines);
            }
            PlaceRow(cells, CellPadding, borders: true, StructureTag.TD, headerCells);
        }
        End();
    }

    /// <summary>
    /// Column edges from the content, in the spirit of HTML's automatic table layout: each column starts at its share of the
    /// weights, but never narrower than its longest word (so no word breaks while the page is wide enough) and, when another
    /// column is short of room, no wider than its longest text needs; what is left over goes back by weight.
    /// </summary>
    private void ColumnEdges(ReportTable table, Span<float> xs)
    {
        var n = table.Weights.Length;
        var total = table.Weights.Sum();
        Span<float> min = stackalloc float[n];
        Span<float> max = stackalloc float[n];
        if (table.HeaderCells is not null) MeasureColumns(table.HeaderCells, FontWeight.Bold, min, max);
        foreach (var row in table.Rows) MeasureColumns(row, FontWeight.Regular, min, max);

        Span<float> w = stackalloc float[n];
        var minSum = 0f;
        for (var c = 0; c < n; c++)
        {
            max[c] = Math.Max(max[c], min[c]);
            w[c] = Math.Max(min[c], Math.Min(Width * table.Weights[c] / total, max[c]));
            minSum += min[c];
        }
        if (minSum > Width)
        {
            // Too many columns for the page: shrink every column alike; only here may a long word break.
            for (var c = 0; c < n; c++) w[c] = min[c] * Width / minSum;
        }
        else
        {
            for (var round = 0; round < 8; round++)
            {
                var free = Width;
                foreach (var x in w) free -= x;
                if (Math.Abs(free) < 0.01f) break;
                if (free > 0)
                {
                    // Give room first to columns whose text still wraps, by weight; once none does, to all by weight.
                    var wanting = 0f;
                    for (var c = 0; c < n; c++) if (w[c] < max[c] - 0.01f) wanting += table.Weights[c];
                    for (var c = 0; c < n; c++)
                    {
                        if (wanting > 0 && w[c] < max[c] - 0.01f) w[c] = Math.Min(max[c], w[c] + free * table.Weights[c] / wanting);
                        else if (wanting == 0) w[c] += free * table.Weights[c] / total;
                    }
                }
                else
                {
                    // Take room back from columns wider than their longest word, in proportion to what each can spare.
                    var spare = 0f;
                    for (var c = 0; c < n; c++) spare += w[c] - min[c];
                    for (var c = 0; c < n; c++) w[c] -= -free * (w[c] - min[c]) / spare;
                }
            }
        }
        xs[0] = Left;
        for (var c = 0; c < n; c++) xs[c + 1] = xs[c] + w[c];
        xs[n] = Left + Width;
    }

    /// <summary>Widens <paramref name="min"/> to each cell's longest word and <paramref name="max"/> to its longest line, padding included.</summary>
    private void MeasureColumns(ReportCell[] row, FontWeight weight, Span<float> min, Span<float> max)
    {
        for (var c = 0; c < row.Length; c++)
        {
            var text = _shaper.Shape(row[c].Text, weight, TableSize);
            min[c] = Math.Max(min[c], text.LongestWord() + 2 * CellPadding + 0.5f);
            max[c] = Math.Max(max[c], text.WidestLine() + 2 * CellPadding + 0.5f);
        }
    }

    private Cell MakeCell(string value, FontWeight weight, float size, float x, float width, ReportColor? background, List<LineRange> lines)
    {
        var text = _shaper.Shape(value, weight, size);
        var first = lines.Count;
        text.Wrap(width - 2 * CellPadding, lines);
        return new Cell(text, lines, first, lines.Count - first, x, width, background);
    }

    private static float RowHeight(ReadOnlySpan<Cell> cells, float padding = CellPadding)
    {
        var lines = 1;
        foreach (var cell in cells) lines = Math.Max(lines, cell.LineCount);
        return 2 * padding + lines * LineHeight(cells[0].Text.Size);
    }

    /// <summary>
    /// Places side-by-side cells as one row. A row that does not fit moves to the next page (under a repeat of
    /// <paramref name="header"/>, drawn as an artifact: the header cells are in the structure once); only a row taller than a
    /// whole page is split, between lines, each part tagged as a row of its own. Without <paramref name="cellTag"/> the cells
    /// are one paragraph (a label beside its value).
    /// </summary>
    private void PlaceRow(ReadOnlySpan<Cell> cells, float padding, bool borders, StructureTag? cellTag, ReadOnlySpan<Cell> header)
    {
        var lineHeight = LineHeight(cells[0].Text.Size);
        var lineCount = 1;
        foreach (var cell in cells) lineCount = Math.Max(lineCount, cell.LineCount);
        var height = 2 * padding + lineCount * lineHeight;
        var headerHeight = header.Length > 0 ? RowHeight(header) : 0f;

        var from = 0;
        while (from < lineCount)
        {
            var room = _bottom - _y - 2 * padding;
            var fitsOnFreshPage = height <= PageHeight - headerHeight;
            var needed = from == 0 && fitsOnFreshPage ? lineCount : 1;
            if (room < needed * lineHeight - 0.01f && !AtPageTop)
            {
                NewPage();
                if (header.Length > 0) RepeatHeader(header);
                room = _bottom - _y - 2 * padding;
            }
            var left = lineCount - from;
            var take = room >= left * lineHeight - 0.01f ? left : Math.Clamp((int)((room + 0.01f) / lineHeight), 1, left);
            var chunkHeight = 2 * padding + take * lineHeight;
            if (borders)
            {
                // Fills first, so a coloured cell does not paint over its neighbour's border.
                BeginArtifact();
                foreach (var cell in cells)
                {
                    if (cell.Background is { } fill) Place(new PlacedItem(ItemKind.Fill, cell.X, _y, cell.Width, chunkHeight, fill));
                }
                foreach (var cell in cells) Place(new PlacedItem(ItemKind.Border, cell.X, _y, cell.Width, chunkHeight, RuleColour));
                EndArtifact();
            }
            Begin(cellTag is null ? StructureTag.P : StructureTag.TR);
            foreach (var cell in cells)
            {
                if (cellTag is not null) Begin(cellTag);
                var last = Math.Min(cell.LineCount, from + take);
                for (var i = from; i < last; i++)
                {
                    var line = cell.Lines[cell.FirstLine + i];
                    var top = _y + padding + (i - from) * lineHeight;
                    Place(new PlacedItem(ItemKind.Text, cell.X + padding, Baseline(top, cell.Text.Size), line.Width, lineHeight, TextColour, cell.Text, line.Start, line.End));
                }
                if (cellTag is not null) End();
            }
            End();
            _y += chunkHeight;
            from += take;
        }
    }

    /// <summary>The header row again at the top of a continuation page: decoration only, as its cells are tagged once already.</summary>
    private void RepeatHeader(ReadOnlySpan<Cell> header)
    {
        var lineHeight = LineHeight(header[0].Text.Size);
        var height = RowHeight(header);
        BeginArtifact();
        foreach (var cell in header)
        {
            if (cell.Background is { } fill) Place(new PlacedItem(ItemKind.Fill, cell.X, _y, cell.Width, height, fill));
        }
        foreach (var cell in header)
        {
            Place(new PlacedItem(ItemKind.Border, cell.X, _y, cell.Width, height, RuleColour));
            for (var i = 0; i < cell.LineCount; i++)
            {
                var line = cell.Lines[cell.FirstLine + i];
                Place(new PlacedItem(ItemKind.Text, cell.X + CellPadding, Baseline(_y + CellPadding + i * lineHeight, cell.Text.Size), line.Width, lineHeight, TextColour, cell.Text, line.Start, line.End));
            }
        }
        EndArtifact();
        _y += height;
    }

    private void KeepTogether(List<Block> blocks)
    {
        var height = Measure(blocks);
        if (_y + height > _bottom + 0.01f && !AtPageTop && height <= PageHeight) NewPage();
        LayoutBlocks(blocks);
    }

    /// <summary>Height the blocks take from here, found by laying them out on an endless page that records nothing.</summary>
    private float Measure(List<Block> blocks)
    {
        var (y, bottom, measuring) = (_y, _bottom, _measuring);
        _measuring = true;
        _bottom = float.MaxValue;
        LayoutBlocks(blocks);
        var height = _y - y;
        (_y, _bottom, _measuring) = (y, bottom, measuring);
        return height;
    }

    private void Chart(ChartBlock block)
    {
        Gap(8f);
        EnsureRoom(block.Height);
        Begin(new StructureTag("Figure", Alt: block.Description));
        Place(new PlacedItem(ItemKind.Chart, Left, _y, Width, block.Height, NoColour, Payload: block.Model));
        End();
        _y += block.Height;
    }

    /// <summary>Each page of the file on a page of its own, scaled to the content area.</summary>
    private void PdfPages(PdfPagesBlock block)
    {
        if (_measuring) return;
        var form = block.Attachment.Form;
        for (var n = 1; n <= block.Attachment.PageCount; n++)
        {
            form.PageNumber = n;
            var (w, h) = ((float)form.PointWidth, (float)form.PointHeight);
            // The first page may sit under the heading that introduces it, if it keeps most of its size there.
            var room = _bottom - _y;
            if (!AtPageTop && (n > 1 || room < 0.75f * PageHeight)) NewPage();
            room = _bottom - _y;
            var scale = Math.Min(1f, Math.Min(Width / w, room / h));
            var box = (X: Left + (Width - w * scale) / 2, W: w * scale, H: h * scale);
            BeginArtifact();
            Place(new PlacedItem(ItemKind.Border, box.X, _y, box.W, box.H, RuleColour));
            EndArtifact();
            Begin(StructureTag.Div);
            Place(new PlacedItem(ItemKind.PdfPage, box.X, _y, box.W, box.H, NoColour, Payload: new ImportedPage(form, n)));
            End();
            _y += box.H;
        }
    }

    private readonly record struct Cell(ShapedText Text, List<LineRange> Lines, int FirstLine, int LineCount, float X, float Width, ReportColor? Background);
}
