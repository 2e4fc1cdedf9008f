using System.Globalization;
using System.Text;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using PdfSharp.Drawing;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// Draws an OxyPlot chart as vectors through PDFsharp, in the document's font, so a chart is lines, shapes and real text like
/// the rest of the page. One instance per document; not thread-safe.
/// </summary>
internal sealed class ChartRenderer(TextShaper shaper) : IRenderContext
{
    // OxyPlot works in 1/96 inch units; PDF pages are in points (1/72 inch).
    private const double Scale = 72.0 / 96.0;

    private readonly PdfFonts _fonts = PdfFonts.Instance;
    private XGraphics _gfx = null!;
    private int _clips;

    public bool RendersToScreen => false;

    public int ClipCount => _clips;

    /// <summary>Lays the chart out for the box and draws it there.</summary>
    public void Draw(XGraphics gfx, PlotModel model, XRect box)
    {
        _gfx = gfx;
        var state = gfx.Save();
        gfx.TranslateTransform(box.X, box.Y);
        gfx.ScaleTransform(Scale);
        gfx.IntersectClip(new XRect(0, 0, box.Width / Scale, box.Height / Scale));
        IPlotModel plot = model;
        plot.Update(true);
        plot.Render(this, new OxyRect(0, 0, box.Width / Scale, box.Height / Scale));
        while (_clips > 0) PopClip();
        gfx.Restore(state);
        _gfx = null!;
    }

    public void DrawText(ScreenPoint p, string text, OxyColor fill, string? fontFamily, double fontSize, double fontWeight, double rotation, HorizontalAlignment halign, VerticalAlignment valign, OxySize? maxSize)
    {
        if (string.IsNullOrEmpty(text) || fill.IsInvisible()) return;
        var shaped = Shape(text, fontSize, fontWeight);
        var dx = halign switch { HorizontalAlignment.Center => -shaped.Width / 2, HorizontalAlignment.Right => -shaped.Width, _ => 0f };
        var height = LineHeight(shaped.Size);
        var top = valign switch { VerticalAlignment.Middle => -height / 2, VerticalAlignment.Bottom => -height, _ => 0f };
        var state = _gfx.Save();
        _gfx.TranslateTransform(p.X, p.Y);
        if (rotation != 0) _gfx.RotateTransform(rotation);
        _gfx.DrawString(text, _fonts.Font(shaped.Weight, shaped.Size), Brush(fill), dx, top + PdfFonts.Ascent * shaped.Size, XStringFormats.BaseLineLeft);
        _gfx.Restore(state);
    }

    public OxySize MeasureText(string text, string? fontFamily, double fontSize, double fontWeight)
    {
        if (string.IsNullOrEmpty(text)) return OxySize.Empty;
        var shaped = Shape(text, fontSize, fontWeight);
        return new OxySize(shaped.Width, LineHeight(shaped.Size));
    }

    private ShapedText Shape(string text, double fontSize, double fontWeight) =>
        shaper.Shape(text, fontWeight >= 600 ? FontWeight.Bold : FontWeight.Regular, (float)Math.Round(fontSize, 1));

    private static float LineHeight(float size) => (PdfFonts.Ascent + PdfFonts.Descent) * size;

    public void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
    {
        if (points.Count < 2 || stroke.IsInvisible() || thickness <= 0) return;
        _gfx.DrawLines(Pen(stroke, thickness, dashArray, lineJoin), Points(points));
    }

    public void DrawLineSegments(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
    {
        if (stroke.IsInvisible() || thickness <= 0) return;
        var pen = Pen(stroke, thickness, dashArray, lineJoin);
        for (var i = 0; i + 1 < points.Count; i += 2) _gfx.DrawLine(pen, points[i].X, points[i].Y, points[i + 1].X, points[i + 1].Y);
    }

    public void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
    {
        if (points.Count < 2) return;
        var pen = stroke.IsVisible() && thickness > 0 ? Pen(stroke, thickness, dashArray, lineJoin) : null;
        var brush = fill.IsVisible() ? Brush(fill) : null;
        if (pen is null && brush is null) return;
        if (brush is null) _gfx.DrawPolygon(pen!, Points(points));
        else if (pen is null) _gfx.DrawPolygon(brush, Points(points), XFillMode.Winding);
        else _gfx.DrawPolygon(pen, brush, Points(points), XFillMode.Winding);
    }

    public void DrawPolygons(IList<IList<ScreenPoint>> polygons, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[]? dashArray, LineJoin lineJoin)
    {
        foreach (var polygon in polygons) DrawPolygon(polygon, fill, stroke, thickness, edgeRenderingMode, dashArray, lineJoin);
    }

    public void DrawRectangle(OxyRect rect, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        var pen = stroke.IsVisible() && thickness > 0 ? new XPen(Colour(stroke), thickness) : null;
        var brush = fill.IsVisible() ? Brush(fill) : null;
        if (pen is null && brush is null) return;
        _gfx.DrawRectangle(pen, brush, rect.Left, rect.Top, rect.Width, rect.Height);
    }

    public void DrawRectangles(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        foreach (var rect in rectangles) DrawRectangle(rect, fill, stroke, thickness, edgeRenderingMode);
    }

    public void DrawEllipse(OxyRect rect, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        var pen = stroke.IsVisible() && thickness > 0 ? new XPen(Colour(stroke), thickness) : null;
        var brush = fill.IsVisible() ? Brush(fill) : null;
        if (pen is null && brush is null) return;
        _gfx.DrawEllipse(pen, brush, rect.Left, rect.Top, rect.Width, rect.Height);
    }

    public void DrawEllipses(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode)
    {
        foreach (var rect in rectangles) DrawEllipse(rect, fill, stroke, thickness, edgeRenderingMode);
    }

    // Charts here are drawn from data; they hold no images.
    public void DrawImage(OxyImage source, double srcX, double srcY, double srcWidth, double srcHeight, double destX, double destY, double destWidth, double destHeight, double opacity, bool interpolate) { }

    public void PushClip(OxyRect clippingRectangle)
    {
        _gfx.Save();
        _gfx.IntersectClip(new XRect(clippingRectangle.Left, clippingRectangle.Top, clippingRectangle.Width, clippingRectangle.Height));
        _clips++;
    }

    public void PopClip()
    {
        if (_clips == 0) return;
        _gfx.Restore();
        _clips--;
    }

    public void SetToolTip(string text) { }

    public void CleanUp() { }

    private static XPoint[] Points(IList<ScreenPoint> points)
    {
        var result = new XPoint[points.Count];
        for (var i = 0; i < result.Length; i++) result[i] = new XPoint(points[i].X, points[i].Y);
        return result;
    }

    private static XPen Pen(OxyColor colour, double thickness, double[]? dashArray, LineJoin lineJoin)
    {
        var pen = new XPen(Colour(colour), thickness)
        {
            LineJoin = lineJoin switch { LineJoin.Round => XLineJoin.Round, LineJoin.Bevel => XLineJoin.Bevel, _ => XLineJoin.Miter },
        };
        if (dashArray is { Length: > 0 }) pen.DashPattern = dashArray.Select(d => d / Math.Max(thickness, 0.1)).ToArray();
        return pen;
    }

    private static XSolidBrush Brush(OxyColor colour) => new(Colour(colour));

    private static XColor Colour(OxyColor c) => XColor.FromArgb(c.A, c.R, c.G, c.B);
}

/// <summary>A chart's alternative text read off its model: the title, then each category with the value of every series.</summary>
internal static class ChartDescription
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static string Of(PlotModel model)
    {
        var text = new StringBuilder();
        text.Append(string.IsNullOrWhiteSpace(model.Title) ? "Chart" : model.Title).Append('.');
        var categories = model.Axes.OfType<CategoryAxis>().FirstOrDefault();
        var labels = categories?.ItemsSource?.Cast<object>().Select(o => Convert.ToString(o, Uk) ?? "").ToList() ?? categories?.Labels.ToList() ?? [];
        var bars = model.Series.OfType<BarSeries>().ToList();
        if (bars.Count > 0 && labels.Count > 0)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                var values = bars.Select(b => (Title: b.Title, Value: i < b.Items.Count ? b.Items[i].Value : ValueOf(b, i)))
                    .Where(v => !double.IsNaN(v.Value)).Select(v => v.Title is null ? Number(v.Value) : $"{v.Title} {Number(v.Value)}");
                text.Append(' ').Append(labels[i]).Append(": ").Append(string.Join(", ", values)).Append('.');
            }
        }
        foreach (var line in model.Series.OfType<LineSeries>())
        {
            var points = line.Points.Count > 0 ? line.Points : (line.ItemsSource?.OfType<DataPoint>().ToList() ?? []);
            text.Append(' ').Append(line.Title ?? "Series").Append(": ").Append(string.Join(", ", points.Select(p => $"{Number(p.X)} {Number(p.Y)}"))).Append('.');
        }
        return text.ToString();
    }

    private static double ValueOf(BarSeries series, int index) =>
        series.ItemsSource?.OfType<BarItem>().ElementAtOrDefault(index)?.Value ?? double.NaN;

    private static string Number(double v) => v.ToString("#,##0.##", Uk);
}
