using System.Buffers;
using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// Second pass: draws laid-out pages through Skia's PDF backend, adding the page header and the
/// "Page X of Y" footer now that the page count is known. Text goes in as shaped glyph runs that carry
/// their source text, so the embedded font subset maps every glyph back to its characters.
/// </summary>
internal sealed class PdfRenderer : IDisposable
{
    private const float HeaderSize = 8f;
    private const float FooterSize = 8f;

    // OxyPlot works in 1/96 inch units; PDF pages are in points (1/72 inch).
    private const float ChartScale = 72f / 96f;

    private static readonly SKColor MutedText = new(0x55, 0x5D, 0x66);
    private static readonly SKColor RuleColour = new(0xB8, 0xBE, 0xC6);

    private readonly PageSettings _page;
    private readonly TextShaper _shaper = new();
    private readonly Painter _painter = new();
    private readonly ShapedText? _header;
    private SkiaRenderContext? _charts;

    internal PdfRenderer(PageSettings page)
    {
        _page = page;
        _header = string.IsNullOrEmpty(page.HeaderText) ? null : _shaper.Shape(page.HeaderText, FontWeight.Regular, HeaderSize);
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

        using var document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("Skia could not create a PDF document.");
        using var renderer = new PdfRenderer(page);
        for (var p = 0; p < pages.Count; p++)
        {
            var canvas = document.BeginPage(page.Width, page.Height);
            renderer.DrawPage(canvas, pages[p], p, pages.Count);
            document.EndPage();
        }
        document.Close();
    }

    /// <summary>Draws one laid-out page, with its header and footer, on any canvas (a PDF page, or a bitmap when checking by eye).</summary>
    internal void DrawPage(SKCanvas canvas, List<PlacedItem> items, int index, int count)
    {
        if (_header is not null)
        {
            var rule = _page.MarginY - 12f;
            _painter.Text(canvas, _header, 0, _header.Count, _page.MarginX, rule - 5f, MutedText);
            _painter.Rule(canvas, _page.MarginX, rule, _page.Width - _page.MarginX, RuleColour);
        }
        var footer = _shaper.Shape($"Page {index + 1} of {count}", FontWeight.Regular, FooterSize);
        _painter.Text(canvas, footer, 0, footer.Count, _page.Width - _page.MarginX - footer.Width, _page.Height - _page.MarginY + 22f, MutedText);

        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case ItemKind.Text:
                    _painter.Text(canvas, item.Text!, item.Start, item.End, item.X, item.Y, item.Color);
                    break;
                case ItemKind.Fill:
                    _painter.Fill(canvas, SKRect.Create(item.X, item.Y, item.Width, item.Height), item.Color);
                    break;
                case ItemKind.Border:
                    _painter.Border(canvas, SKRect.Create(item.X, item.Y, item.Width, item.Height), item.Color);
                    break;
                case ItemKind.Chart:
                    _charts ??= new SkiaRenderContext { RenderTarget = RenderTarget.VectorGraphic, UseTextShaping = true, DpiScale = ChartScale };
                    DrawChart(canvas, _charts, item);
                    break;
            }
        }
    }

    public void Dispose()
    {
        _charts?.Dispose();
        _painter.Dispose();
        _shaper.Dispose();
    }

    private static void DrawChart(SKCanvas canvas, SkiaRenderContext context, in PlacedItem item)
    {
        canvas.Save();
        canvas.Translate(item.X, item.Y);
        canvas.ClipRect(SKRect.Create(item.Width, item.Height));
        context.SkCanvas = canvas;
        IPlotModel model = item.Chart!;
        model.Update(true);
        model.Render(context, new OxyRect(0, 0, item.Width / ChartScale, item.Height / ChartScale));
        canvas.Restore();
    }

    /// <summary>Paints and fonts reused across a whole document, and one text-blob builder.</summary>
    private sealed class Painter : IDisposable
    {
        private readonly SKPaint _text = new() { IsAntialias = true };
        private readonly SKPaint _fill = new() { Style = SKPaintStyle.Fill };
        private readonly SKPaint _stroke = new() { Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f, IsAntialias = true };
        private readonly SKTextBlobBuilder _blobs = new();
        private readonly Dictionary<(FontWeight, float), SKFont> _fonts = [];

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
                font = new SKFont(PdfFonts.Instance.Typeface(text.Weight), text.Size) { Subpixel = true, LinearMetrics = true };
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
        }
    }
}
