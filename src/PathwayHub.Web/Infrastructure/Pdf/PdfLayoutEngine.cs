using OxyPlot;
using PdfSharp.Drawing;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// First pass: flows the blocks down the content area and cuts them into pages of <see cref="PlacedItem"/>s.
/// Nothing is drawn here, so the renderer knows the page count before it writes "Page X of Y".
/// </summary>
internal sealed partial class PdfLayoutEngine
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
}
