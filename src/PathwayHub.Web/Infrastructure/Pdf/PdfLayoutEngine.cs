using OxyPlot;
using SkiaSharp;

namespace PathwayHub.Web.Infrastructure.Pdf;

internal enum ItemKind : byte { Text, Fill, Border, Chart }

/// <summary>One thing drawn on a page, in page points from the top left; for text, Y is the baseline.</summary>
internal readonly record struct PlacedItem(
    ItemKind Kind, float X, float Y, float Width, float Height, SKColor Color,
    ShapedText? Text = null, int Start = 0, int End = 0, PlotModel? Chart = null);

/// <summary>
/// First pass: flows the blocks down the content area and cuts them into pages of <see cref="PlacedItem"/>s.
/// Nothing is drawn here, so the renderer knows the page count before it writes "Page X of Y".
/// </summary>
internal sealed class PdfLayoutEngine : IDisposable
{
    private const float BodySize = 10f;
    private const float TableSize = 9f;
    private const float LineFactor = 1.35f;
    private const float CellPadding = 4f;
    private const float BulletIndent = 14f;
    private const float KeyShare = 0.32f;

    private static readonly SKColor TextColour = new(0x1F, 0x23, 0x28);
    private static readonly SKColor RuleColour = new(0xB8, 0xBE, 0xC6);
    private static readonly SKColor HeaderFill = new(0xE6, 0xE9, 0xED);

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
        using var engine = new PdfLayoutEngine(document.Page);
        engine.LayoutBlocks(document.Blocks);
        return engine._pages;
    }

    public void Dispose() => _shaper.Dispose();

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
        PlaceLines(text, Left, 0, _lines.Count);
    }

    private void Paragraph(string value)
    {
        Gap(6f);
        var text = _shaper.Shape(value, FontWeight.Regular, BodySize);
        _lines.Clear();
        text.Wrap(Width, _lines);
        PlaceLines(text, Left, 0, _lines.Count);
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
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) Gap(2f);
            var text = _shaper.Shape(items[i], FontWeight.Regular, BodySize);
            _lines.Clear();
            text.Wrap(Width - BulletIndent, _lines);
            if (_lines.Count == 0) continue;
            EnsureRoom(LineHeight(BodySize));
            Place(new PlacedItem(ItemKind.Text, Left + 3f, Baseline(_y, BodySize), _bullet.Width, LineHeight(BodySize), TextColour, _bullet, 0, _bullet.Count));
            PlaceLines(text, Left + BulletIndent, 0, _lines.Count);
        }
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
        PlaceRow(cells, padding: 0f, borders: false, header: default);
    }

    private void Table(ReportTable table)
    {
        Gap(8f);
        var weights = table.Weights;
        var total = weights.Sum();
        Span<float> xs = stackalloc float[weights.Length + 1];
        xs[0] = Left;
        for (var c = 0; c < weights.Length; c++) xs[c + 1] = xs[c] + Width * weights[c] / total;

        Span<Cell> header = table.HeaderCells is null ? default : new Cell[weights.Length];
        _headerLines.Clear();
        for (var c = 0; c < header.Length; c++)
        {
            header[c] = MakeCell(table.HeaderCells![c].Text, FontWeight.Bold, TableSize, xs[c], xs[c + 1] - xs[c], HeaderFill, _headerLines);
        }
        if (header.Length > 0)
        {
            // The header never sits alone at the foot of a page: it needs its first body row under it.
            var first = table.Rows.Count > 0 ? LineHeight(TableSize) + 2 * CellPadding : 0f;
            EnsureRoom(RowHeight(header) + first);
            PlaceRow(header, CellPadding, borders: true, header: default);
        }

        var cells = new Cell[weights.Length];
        foreach (var row in table.Rows)
        {
            _lines.Clear();
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = MakeCell(row[c].Text, FontWeight.Regular, TableSize, xs[c], xs[c + 1] - xs[c], row[c].Background, _lines);
            }
            PlaceRow(cells, CellPadding, borders: true, header);
        }
    }

    private Cell MakeCell(string value, FontWeight weight, float size, float x, float width, SKColor? background, List<LineRange> lines)
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
    /// <paramref name="header"/>); only a row taller than a whole page is split, between lines.
    /// </summary>
    private void PlaceRow(ReadOnlySpan<Cell> cells, float padding, bool borders, ReadOnlySpan<Cell> header)
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
                if (header.Length > 0) PlaceRow(header, CellPadding, borders: true, header: default);
                room = _bottom - _y - 2 * padding;
            }
            var left = lineCount - from;
            var take = room >= left * lineHeight - 0.01f ? left : Math.Clamp((int)((room + 0.01f) / lineHeight), 1, left);
            var chunkHeight = 2 * padding + take * lineHeight;
            // Fills first, so a coloured cell does not paint over its neighbour's border.
            foreach (var cell in cells)
            {
                if (cell.Background is { } fill) Place(new PlacedItem(ItemKind.Fill, cell.X, _y, cell.Width, chunkHeight, fill));
            }
            foreach (var cell in cells)
            {
                if (borders) Place(new PlacedItem(ItemKind.Border, cell.X, _y, cell.Width, chunkHeight, RuleColour));
                var last = Math.Min(cell.LineCount, from + take);
                for (var i = from; i < last; i++)
                {
                    var line = cell.Lines[cell.FirstLine + i];
                    var top = _y + padding + (i - from) * lineHeight;
                    Place(new PlacedItem(ItemKind.Text, cell.X + padding, Baseline(top, cell.Text.Size), line.Width, lineHeight, TextColour, cell.Text, line.Start, line.End));
                }
            }
            _y += chunkHeight;
            from += take;
        }
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
        Place(new PlacedItem(ItemKind.Chart, Left, _y, Width, block.Height, SKColors.Transparent, Chart: block.Model));
        _y += block.Height;
    }

    private readonly record struct Cell(ShapedText Text, List<LineRange> Lines, int FirstLine, int LineCount, float X, float Width, SKColor? Background);
}
