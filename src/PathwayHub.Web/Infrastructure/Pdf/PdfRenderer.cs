using System.Buffers;
using SkiaSharp;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// Second pass: draws laid-out pages through Skia's PDF backend, adding the page header and the
/// "Page X of Y" footer now that the page count is known. Text goes in as shaped glyph runs that carry
/// their source text, in fonts cut down to the glyphs the document uses.
/// </summary>
internal sealed class PdfRenderer : IDisposable
{
    private const float HeaderSize = 8f;
    private const float FooterSize = 8f;

    private static readonly SKColor MutedText = new(0x55, 0x5D, 0x66);
    private static readonly SKColor RuleColour = new(0xB8, 0xBE, 0xC6);

    private readonly PageSettings _page;
    private readonly List<List<PlacedItem>> _pages;
    private readonly TextShaper _shaper = new();
    private readonly ChartRenderer _charts;
    private readonly ShapedText? _header;
    private readonly ShapedText[] _footers;
    private readonly Painter _painter;

    internal PdfRenderer(PageSettings page, List<List<PlacedItem>> pages)
    {
        _page = page;
        _pages = pages;
        _charts = new ChartRenderer(_shaper);

        // Every glyph must be known before drawing starts, to cut the font subsets.
        var usage = new GlyphUsage();
        if (!string.IsNullOrEmpty(page.HeaderText))
        {
            _header = _shaper.Shape(page.HeaderText, FontWeight.Regular, HeaderSize);
            usage.Add(_header);
        }
        _footers = new ShapedText[pages.Count];
        for (var p = 0; p < pages.Count; p++)
        {
            _footers[p] = _shaper.Shape($"Page {p + 1} of {pages.Count}", FontWeight.Regular, FooterSize);
            usage.Add(_footers[p]);
            foreach (var item in pages[p])
            {
                if (item.Kind == ItemKind.Text) usage.Add(item.Text!, item.Start, item.End);
                else if (item.Kind == ItemKind.Chart) _charts.Collect(item.Chart!, item.Width, item.Height, usage);
            }
        }
        _painter = new Painter(usage.Subset(FontWeight.Regular), usage.Subset(FontWeight.Bold));
    }

    public static void Render(PageSettings page, List<List<PlacedItem>> pages, Stream output)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = page.Title ?? "",
            Author = page.Author ?? "",
            Subject = page.Subject ?? "",
            Creator = "PathwayHub",
            Producer = "PathwayHub PDF engine (SkiaSharp)",
            RasterDpi = 300,
            EncodingQuality = 101,
        };

        using var renderer = new PdfRenderer(page, pages);
        using var document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("Skia could not create a PDF document.");
        for (var p = 0; p < pages.Count; p++)
        {
            var canvas = document.BeginPage(page.Width, page.Height);
            renderer.DrawPage(canvas, p);
            document.EndPage();
        }
        document.Close();
    }

    /// <summary>Draws one laid-out page, with its header and footer, on any canvas (a PDF page, or a bitmap when checking by eye).</summary>
    internal void DrawPage(SKCanvas canvas, int index)
    {
        if (_header is not null)
        {
            var rule = _page.MarginY - 12f;
            _painter.Text(canvas, _header, 0, _header.Count, _page.MarginX, rule - 5f, MutedText);
            _painter.Rule(canvas, _page.MarginX, rule, _page.Width - _page.MarginX, RuleColour);
        }
        var footer = _footers[index];
        _painter.Text(canvas, footer, 0, footer.Count, _page.Width - _page.MarginX - footer.Width, _page.Height - _page.MarginY + 22f, MutedText);

        foreach (var item in _pages[index])
        {
            var box = SKRect.Create(item.X, item.Y, item.Width, item.Height);
            switch (item.Kind)
            {
                case ItemKind.Text:
                    _painter.Text(canvas, item.Text!, item.Start, item.End, item.X, item.Y, item.Color);
                    break;
                case ItemKind.Fill:
                    _painter.Fill(canvas, box, item.Color);
                    break;
                case ItemKind.Border:
                    _painter.Border(canvas, box, item.Color);
                    break;
                case ItemKind.Chart:
                    _charts.Draw(canvas, _painter, item.Chart!, box);
                    break;
            }
        }
    }

    public void Dispose()
    {
        _charts.Dispose();
        _painter.Dispose();
        _shaper.Dispose();
    }

    /// <summary>Paints, fonts and one text-blob builder, reused across a whole document.</summary>
    internal sealed class Painter : IDisposable
    {
        private readonly SKTypeface _regular;
        private readonly SKTypeface _bold;
        private readonly SKPaint _text = new() { IsAntialias = true };
        private readonly SKPaint _fill = new() { Style = SKPaintStyle.Fill };
        private readonly SKPaint _stroke = new() { Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f, IsAntialias = true };
        private readonly SKTextBlobBuilder _blobs = new();
        private readonly Dictionary<(FontWeight, float), SKFont> _fonts = [];

        public Painter(SKTypeface regular, SKTypeface bold)
        {
            _regular = regular;
            _bold = bold;
        }

        public void Text(SKCanvas canvas, ShapedText text, int start, int end, float x, float baseline, SKColor colour)
        {
            var count = end - start;
            if (count <= 0) return;
            var textStart = (int)text.Clusters[start];
            var textEnd = end < text.Count ? (int)text.Clusters[end] : text.Utf8.Length;

            var run = _blobs.AllocateHorizontalTextRun(Font(text), count, 0, textEnd - textStart);
            run.SetGlyphs(text.Glyphs.AsSpan(start, count));
            run.SetText(text.Utf8.AsSpan(textStart, textEnd - textStart));

            float[]? rentedX = null;
            uint[]? rentedC = null;
            var xs = count <= 256 ? stackalloc float[count] : (rentedX = ArrayPool<float>.Shared.Rent(count)).AsSpan(0, count);
            var clusters = count <= 256 ? stackalloc uint[count] : (rentedC = ArrayPool<uint>.Shared.Rent(count)).AsSpan(0, count);
            var origin = text.Pen[start];
            for (var i = 0; i < count; i++)
            {
                xs[i] = text.Pen[start + i] + text.OffsetX[start + i] - origin;
                clusters[i] = text.Clusters[start + i] - (uint)textStart;
            }
            run.SetPositions(xs);
            run.SetClusters(clusters);
            if (rentedX is not null) ArrayPool<float>.Shared.Return(rentedX);
            if (rentedC is not null) ArrayPool<uint>.Shared.Return(rentedC);

            using var blob = _blobs.Build();
            if (blob is null) return;
            _text.Color = colour;
            canvas.DrawText(blob, x, baseline, _text);
        }

        public void Fill(SKCanvas canvas, SKRect rect, SKColor colour)
        {
            _fill.Color = colour;
            canvas.DrawRect(rect, _fill);
        }

        public void Border(SKCanvas canvas, SKRect rect, SKColor colour)
        {
            _stroke.Color = colour;
            canvas.DrawRect(rect, _stroke);
        }

        public void Rule(SKCanvas canvas, float x1, float y, float x2, SKColor colour)
        {
            _stroke.Color = colour;
            canvas.DrawLine(x1, y, x2, y, _stroke);
        }

        private SKFont Font(ShapedText text)
        {
            if (!_fonts.TryGetValue((text.Weight, text.Size), out var font))
            {
                font = new SKFont(text.Weight == FontWeight.Bold ? _bold : _regular, text.Size) { Subpixel = true, LinearMetrics = true };
                _fonts[(text.Weight, text.Size)] = font;
            }
            return font;
        }

        public void Dispose()
        {
            foreach (var font in _fonts.Values) font.Dispose();
            _text.Dispose();
            _fill.Dispose();
            _stroke.Dispose();
            _blobs.Dispose();
            _regular.Dispose();
            _bold.Dispose();
        }
    }
}
