using System.Text;
using HarfBuzzSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace PathwayHub.Web.Infrastructure.Pdf;

internal enum FontWeight : byte { Regular, Bold }

/// <summary>
/// DejaVu Sans regular and bold as Skia typefaces (embedded, subset, by the PDF backend) and HarfBuzz fonts (for shaping).
/// Loaded once per process; neither is changed after loading, so both are safe to share between threads.
/// </summary>
internal sealed class PdfFonts
{
    public const string Family = "DejaVu Sans";

    // DejaVu Sans ascent and descent as a share of the font size, to place text in its line.
    public const float Ascent = 0.928f;
    public const float Descent = 0.236f;

    // HarfBuzz positions come back in these units per em; scaled to points when shaping.
    public const int Scale = 2048;

    private static readonly Lazy<PdfFonts> Loaded = new(() => new PdfFonts(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;
    private readonly Face _faceRegular;
    private readonly Face _faceBold;
    private readonly HarfBuzzSharp.Font _hbRegular;
    private readonly HarfBuzzSharp.Font _hbBold;

    private PdfFonts()
    {
        (_regular, _faceRegular, _hbRegular) = Load(SKFontStyle.Normal, bold: false);
        (_bold, _faceBold, _hbBold) = Load(SKFontStyle.Bold, bold: true);
    }

    public static PdfFonts Instance => Loaded.Value;

    public SKTypeface Typeface(FontWeight weight) => weight == FontWeight.Bold ? _bold : _regular;

    public HarfBuzzSharp.Font Shaper(FontWeight weight) => weight == FontWeight.Bold ? _hbBold : _hbRegular;

    /// <summary>The whole font file as HarfBuzz sees it, for cutting a subset from.</summary>
    public Face WholeFace(FontWeight weight) => weight == FontWeight.Bold ? _faceBold : _faceRegular;

    private static (SKTypeface, Face, HarfBuzzSharp.Font) Load(SKFontStyle style, bool bold)
    {
        // Skia quietly falls back to another family when one is missing; a report in the wrong font
        // (or with boxes for £ and curly quotes) is worse than a clear failure.
        var typeface = SKTypeface.FromFamilyName(Family, style);
        if (typeface is null || !string.Equals(typeface.FamilyName, Family, StringComparison.Ordinal) || typeface.IsBold != bold)
        {
            throw new InvalidOperationException(
                $"PDF reports need the font '{Family}'{(bold ? " Bold" : "")}, which is not installed on this machine. " +
                "Install Debian's fonts-dejavu-core package; `fc-list | grep DejaVu` should then list DejaVuSans.ttf and DejaVuSans-Bold.ttf.");
        }

        using var blob = typeface.OpenStream(out var index).ToHarfBuzzBlob();
        var face = new Face(blob, index);
        var font = new HarfBuzzSharp.Font(face);
        font.SetScale(Scale, Scale);
        font.SetFunctionsOpenType();
        return (typeface, face, font);
    }
}

/// <summary>
/// A string shaped once by HarfBuzz: glyph ids, pen positions and the UTF-8 byte each glyph came from.
/// Lines are glyph ranges into it, so wrapping to any width needs no re-shaping.
/// </summary>
internal sealed class ShapedText
{
    public ShapedText(byte[] utf8, ushort[] glyphs, float[] pen, float[] offsetX, uint[] clusters, FontWeight weight, float size)
    {
        Utf8 = utf8;
        Glyphs = glyphs;
        Pen = pen;
        OffsetX = offsetX;
        Clusters = clusters;
        Weight = weight;
        Size = size;
    }

    public byte[] Utf8 { get; }
    public ushort[] Glyphs { get; }

    /// <summary>Pen position before each glyph, plus one more entry for the end; so Pen[end] - Pen[start] is a range's width.</summary>
    public float[] Pen { get; }
    public float[] OffsetX { get; }

    /// <summary>Byte offset in <see cref="Utf8"/> of each glyph's first character.</summary>
    public uint[] Clusters { get; }
    public FontWeight Weight { get; }
    public float Size { get; }
    public int Count => Glyphs.Length;
    public float Width => Pen[^1];

    public bool IsSpace(int glyph) => Utf8[Clusters[glyph]] is (byte)' ' or (byte)'\t';
    public bool IsNewline(int glyph) => Utf8[Clusters[glyph]] is (byte)'\n' or (byte)'\r';

    /// <summary>Greedy word wrap at spaces (or mid-word for a word wider than the line); appends the lines found.</summary>
    public void Wrap(float maxWidth, List<LineRange> lines)
    {
        var lineStart = 0;
        var lastSpace = -1;
        for (var i = 0; i < Count; i++)
        {
            if (IsNewline(i))
            {
                lines.Add(Line(lineStart, i));
                lineStart = i + 1;
                lastSpace = -1;
            }
            else if (IsSpace(i))
            {
                lastSpace = i;
            }
            else if (i > lineStart && Pen[i + 1] - Pen[lineStart] > maxWidth)
            {
                var breakAt = lastSpace > lineStart ? lastSpace : i;
                lines.Add(Line(lineStart, breakAt));
                lineStart = lastSpace > lineStart ? lastSpace + 1 : i;
                lastSpace = -1;
            }
        }
        if (lineStart < Count) lines.Add(Line(lineStart, Count));
    }

    private LineRange Line(int start, int end)
    {
        while (start < end && IsSpace(start)) start++;
        while (end > start && (IsSpace(end - 1) || IsNewline(end - 1))) end--;
        return new LineRange(start, end, Pen[end] - Pen[start]);
    }
}

/// <summary>Glyphs [Start, End) of a <see cref="ShapedText"/> and their width in points.</summary>
internal readonly record struct LineRange(int Start, int End, float Width);

/// <summary>Shapes text with HarfBuzz; holds one reusable buffer, so use one instance per thread.</summary>
internal sealed class TextShaper : IDisposable
{
    // Ligatures off: a ligature glyph has no single character behind it, so copy-paste, search and
    // screen readers would lose the letters it replaced. Kerning and composed accents still apply.
    private static readonly Feature[] Features = [Feature.Parse("liga=0"), Feature.Parse("clig=0")];

    private readonly HarfBuzzSharp.Buffer _buffer = new();
    private readonly PdfFonts _fonts = PdfFonts.Instance;

    public ShapedText Shape(string text, FontWeight weight, float size)
    {
        // The font has no glyph for tabs or carriage returns: they would draw as boxes.
        if (text.AsSpan().IndexOfAny('\t', '\r') >= 0) text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\t', ' ');
        var utf8 = Encoding.UTF8.GetBytes(text);
        _buffer.ClearContents();
        _buffer.AddUtf8(utf8);
        _buffer.GuessSegmentProperties();
        _fonts.Shaper(weight).Shape(_buffer, Features);

        var infos = _buffer.GetGlyphInfoSpan();
        var positions = _buffer.GetGlyphPositionSpan();
        var count = infos.Length;
        var glyphs = new ushort[count];
        var clusters = new uint[count];
        var pen = new float[count + 1];
        var offsetX = new float[count];
        var scale = size / PdfFonts.Scale;
        var x = 0f;
        for (var i = 0; i < count; i++)
        {
            glyphs[i] = (ushort)infos[i].Codepoint;
            clusters[i] = infos[i].Cluster;
            pen[i] = x;
            offsetX[i] = positions[i].XOffset * scale;
            x += positions[i].XAdvance * scale;
        }
        pen[count] = x;
        return new ShapedText(utf8, glyphs, pen, offsetX, clusters, weight, size);
    }

    public void Dispose() => _buffer.Dispose();
}
