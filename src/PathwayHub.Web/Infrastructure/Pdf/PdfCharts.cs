using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// Draws an OxyPlot chart as vectors: shapes go through OxyPlot.SkiaSharp, text through our own shaper and the
/// document's font subset, so chart labels use DejaVu Sans like the body and do not embed a second, whole font.
/// Run once with <see cref="Collect"/> to learn the glyphs a chart needs, then with <see cref="Draw"/>.
/// </summary>
internal sealed class ChartRenderer : IRenderContext, IDisposable
{
    // OxyPlot works in 1/96 inch units; PDF pages are in points (1/72 inch).
    private const float Scale = 72f / 96f;

    private readonly SkiaRenderContext _shapes = new() { RenderTarget = RenderTarget.VectorGraphic, UseTextShaping = false, DpiScale = Scale };
    private readonly TextShaper _shaper;
    private SKCanvas? _canvas;
    private PdfRenderer.Painter? _painter;
    private GlyphUsage? _usage;

    public ChartRenderer(TextShaper shaper) => _shaper = shaper;

    public bool RendersToScreen => false;

    public int ClipCount => _shapes.ClipCount;

    /// <summary>Lays the chart out without drawing, recording the glyphs its text will need.</summary>
    public void Collect(PlotModel model, float width, float height, GlyphUsage usage)
    {
        using var nowhere = new SKNoDrawCanvas((int)Math.Ceiling(width), (int)Math.Ceiling(height));
        (_canvas, _painter, _usage) = (nowhere, null, usage);
        _shapes.SkCanvas = nowhere;
        IPlotModel plot = model;
        plot.Update(true);
        plot.Render(this, new OxyRect(0, 0, width / Scale, height / Scale));
        (_canvas, _usage) = (null, null);
    }

    /// <summary>Draws the chart (already updated by <see cref="Collect"/>) into a box on the canvas.</summary>
    public void Draw(SKCanvas canvas, PdfRenderer.Painter painter, PlotModel model, SKRect box)
    {
        canvas.Save();
        canvas.Translate(box.Left, box.Top);
        canvas.ClipRect(SKRect.Create(box.Width, box.Height));
        (_canvas, _painter, _usage) = (canvas, painter, null);
        _shapes.SkCanvas = canvas;
        ((IPlotModel)model).Render(this, new OxyRect(0, 0, box.Width / Scale, box.Height / Scale));
        (_canvas, _painter) = (null, null);
        canvas.Restore();
    }

    public void DrawText(ScreenPoint p, string text, OxyColor fill, string? fontFamily, double fontSize, double fontWeight, double rotation, HorizontalAlignment halign, VerticalAlignment valign, OxySize? maxSize)
    {
        if (string.IsNullOrEmpty(text) || fill.IsInvisible() || _canvas is null) return;
        var shaped = Shape(text, fontSize, fontWeight);
        if (_usage is not null)
        {
            _usage.Add(shaped);
            return;
        }

        var dx = halign switch { HorizontalAlignment.Center => -shaped.Width / 2, HorizontalAlignment.Right => -shaped.Width, _ => 0f };
        var height = LineHeight(shaped.Size);
        var top = valign switch { VerticalAlignment.Middle => -height / 2, VerticalAlignment.Bottom => -height, _ => 0f };
        _canvas.Save();
        _canvas.Translate((float)p.X * Scale, (float)p.Y * Scale);
        if (rotation != 0) _canvas.RotateDegrees((float)rotation);
        _painter!.Text(_canvas, shaped, 0, shaped.Count, dx, top + PdfFonts.Ascent * shaped.Size, new SKColor(fill.R, fill.G, fill.B, fill.A));
        _canvas.Restore();
    }

    public OxySize MeasureText(string text, string? fontFamily, double fontSize, double fontWeight)
    {
        if (string.IsNullOrEmpty(text)) return OxySize.Empty;
        var shaped = Shape(text, fontSize, fontWeight);
        return new OxySize(shaped.Width / Scale, LineHeight(shaped.Size) / Scale);
    }

    private ShapedText Shape(string text, double fontSize, double fontWeight) =>
        _shaper.Shape(text, fontWeight >= 600 ? FontWeight.Bold : FontWeight.Regular, (float)fontSize * Scale);

    private static float LineHeight(float size) => (PdfFonts.Ascent + PdfFonts.Descent) * size;

    public void DrawEllipse(OxyRect rect, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) => _shapes.DrawEllipse(rect, fill, stroke, thickness, edgeRenderingMode);
    public void DrawEllipses(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) => _shapes.DrawEllipses(rectangles, fill, stroke, thickness, edgeRenderingMode);
    public void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin) => _shapes.DrawLine(points, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);
    public void DrawLineSegments(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin) => _shapes.DrawLineSegments(points, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);
    public void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin) => _shapes.DrawPolygon(points, fill, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);
    public void DrawPolygons(IList<IList<ScreenPoint>> polygons, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin) => _shapes.DrawPolygons(polygons, fill, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);
    public void DrawRectangle(OxyRect rect, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) => _shapes.DrawRectangle(rect, fill, stroke, thickness, edgeRenderingMode);
    public void DrawRectangles(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode) => _shapes.DrawRectangles(rectangles, fill, stroke, thickness, edgeRenderingMode);
    public void DrawImage(OxyImage source, double srcX, double srcY, double srcWidth, double srcHeight, double destX, double destY, double destWidth, double destHeight, double opacity, bool interpolate) => _shapes.DrawImage(source, srcX, srcY, srcWidth, srcHeight, destX, destY, destWidth, destHeight, opacity, interpolate);
    public void PushClip(OxyRect clippingRectangle) => _shapes.PushClip(clippingRectangle);
    public void PopClip() => _shapes.PopClip();
    public void SetToolTip(string text) { }
    public void CleanUp() => _shapes.CleanUp();

    public void Dispose() => _shapes.Dispose();
}
