using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace PathwayHub.Web.Infrastructure.Pdf;

internal enum FontWeight : byte { Regular, Bold }

/// <summary>
/// DejaVu Sans regular and bold, shipped inside the application (Fonts/, with their licence) and served to PDFsharp by a font
/// resolver, so a published build needs no system fonts. Also keeps each character's advance width, so layout measures text
/// without asking PDFsharp for every word. Loaded once per process and never changed after, so safe to share between threads.
/// </summary>
internal sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    // DejaVu Sans ascent and descent as a share of the font size, to place text in its line.
    public const float Ascent = 0.928f;
    public const float Descent = 0.236f;

    private static readonly Lazy<PdfFonts> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly byte[] _regular;
    private readonly byte[] _bold;
    private readonly float[][] _widths = [new float[char.MaxValue + 1], new float[char.MaxValue + 1]];
    private readonly XFont[] _measureFonts = new XFont[2];
    private readonly Lock _measuring = new();
    private readonly Dictionary<(FontWeight, float), XFont> _fonts = [];
    private XGraphics? _measure;

    private PdfFonts(byte[] regular, byte[] bold)
    {
        _regular = regular;
        _bold = bold;
        Array.Fill(_widths[0], float.NaN);
        Array.Fill(_widths[1], float.NaN);
    }

    public static PdfFonts Instance => Loaded.Value;

    private static PdfFonts Load()
    {
        var fonts = new PdfFonts(Resource($"{RegularFace}.ttf"), Resource($"{BoldFace}.ttf"));
        // PDFsharp takes one resolver for the process; ours serves the one family our documents use.
        if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = fonts;
        else if (GlobalFontSettings.FontResolver is not PdfFonts)
            throw new InvalidOperationException("Another PDFsharp font resolver is installed; PathwayHub's documents need their own (DejaVu Sans).");
        fonts._measureFonts[0] = fonts.CreateFont(FontWeight.Regular, 1000);
        fonts._measureFonts[1] = fonts.CreateFont(FontWeight.Bold, 1000);
        return fonts;
    }

    private static byte[] Resource(string file)
    {
        var assembly = typeof(PdfFonts).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + file, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The font {file} is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // Every family asked for (OxyPlot's default included) draws in DejaVu Sans: one font, embedded, in every document.
        new(bold ? BoldFace : RegularFace);

    public byte[]? GetFont(string faceName) => faceName == BoldFace ? _bold : _regular;

    /// <summary>A font at a size, shared by every document: XFont is immutable once made.</summary>
    public XFont Font(FontWeight weight, float size)
    {
        lock (_fonts)
        {
            if (!_fonts.TryGetValue((weight, size), out var font))
            {
                font = CreateFont(weight, size);
                _fonts[(weight, size)] = font;
            }
            return font;
        }
    }

    // Unicode encoding writes a ToUnicode map, so text extraction, search and screen readers get the characters back;
    // PDFsharp embeds only the glyphs a document uses.
    private XFont CreateFont(FontWeight weight, double size) =>
        new(Family, size, weight == FontWeight.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));

    /// <summary>Advance width of a character at size 1, as PDFsharp will draw it (PDFsharp applies no kerning).</summary>
    public float Width(FontWeight weight, char c)
    {
        var widths = _widths[(int)weight];
        var w = widths[c];
        if (!float.IsNaN(w)) return w;
        lock (_measuring)
        {
            _measure ??= XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
            w = (float)(_measure.MeasureString(c.ToString(), _measureFonts[(int)weight]).Width / 1000);
            widths[c] = w;
            return w;
        }
    }
}

/// <summary>
/// A string with its font and the pen position before each character, so lines are character ranges into it and wrapping to any
/// width needs no re-measuring.
/// </summary>
internal sealed class ShapedText
{
    public ShapedText(string text, float[] pen, FontWeight weight, float size)
    {
        Text = text;
        Pen = pen;
        Weight = weight;
        Size = size;
    }

    public string Text { get; }

    /// <summary>Pen position before each character, plus one more entry for the end; so Pen[end] - Pen[start] is a range's width.</summary>
    public float[] Pen { get; }
    public FontWeight Weight { get; }
    public float Size { get; }
    public int Count => Text.Length;
    public float Width => Pen[^1];

    public bool IsSpace(int i) => Text[i] is ' ' or '\t';
    public bool IsNewline(int i) => Text[i] is '\n';

    /// <summary>
    /// A line may end after a space, or after the hyphen of a hyphenated word ("Service-" / "level"); never inside a reference or
    /// a code such as "NE-ROM-2024-019", whose hyphens sit between capitals or digits.
    /// </summary>
    private bool BreaksAfter(int i) => Text[i] == '-' && i > 0 && i + 1 < Count && char.IsLower(Text[i - 1]) && char.IsLower(Text[i + 1]);

    /// <summary>The widest run of characters the line breaker may not split: the narrowest a column can be without breaking a word.</summary>
    public float LongestWord()
    {
        var longest = 0f;
        var start = 0;
        for (var i = 0; i <= Count; i++)
        {
            if (i == Count || IsSpace(i) || IsNewline(i))
            {
                longest = Math.Max(longest, Pen[i] - Pen[start]);
                start = i + 1;
            }
            else if (BreaksAfter(i))
            {
                longest = Math.Max(longest, Pen[i + 1] - Pen[start]);
                start = i + 1;
            }
        }
        return longest;
    }

    /// <summary>The widest line when nothing wraps: what a column needs to show the text without wrapping.</summary>
    public float WidestLine()
    {
        var widest = 0f;
        var start = 0;
        for (var i = 0; i <= Count; i++)
        {
            if (i == Count || IsNewline(i))
            {
                widest = Math.Max(widest, Pen[i] - Pen[start]);
                start = i + 1;
            }
        }
        return widest;
    }

    /// <summary>
    /// Greedy word wrap at spaces, hyphens and slashes; a single word wider than the whole line (which column sizing avoids
    /// wherever the page is wide enough) is the only thing broken mid-word. Appends the lines found.
    /// </summary>
    public void Wrap(float maxWidth, List<LineRange> lines)
    {
        var lineStart = 0;
        var lastBreak = -1; // index of the first character after the last break opportunity
        for (var i = 0; i < Count; i++)
        {
            if (IsNewline(i))
            {
                lines.Add(Line(lineStart, i));
                lineStart = i + 1;
                lastBreak = -1;
            }
            else if (IsSpace(i))
            {
                lastBreak = i;
            }
            else if (i > lineStart && Pen[i + 1] - Pen[lineStart] > maxWidth + 0.01f)
            {
                if (lastBreak > lineStart)
                {
                    var end = IsSpace(lastBreak) ? lastBreak : lastBreak + 1;
                    lines.Add(Line(lineStart, end));
                    lineStart = lastBreak + 1;
                }
                else
                {
                    lines.Add(Line(lineStart, i));
                    lineStart = i;
                }
                lastBreak = -1;
                // The character that did not fit may itself open the next break opportunity.
                if (BreaksAfter(i)) lastBreak = i;
            }
            else if (BreaksAfter(i))
            {
                lastBreak = i;
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

/// <summary>Characters [Start, End) of a <see cref="ShapedText"/> and their width in points.</summary>
internal readonly record struct LineRange(int Start, int End, float Width);

/// <summary>Measures strings in the document's fonts.</summary>
internal sealed class TextShaper
{
    private readonly PdfFonts _fonts = PdfFonts.Instance;

    public ShapedText Shape(string text, FontWeight weight, float size)
    {
        // The font has no glyph for tabs or carriage returns: they would draw as boxes.
        if (text.AsSpan().IndexOfAny('\t', '\r') >= 0) text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\t', ' ');
        var pen = new float[text.Length + 1];
        var x = 0f;
        for (var i = 0; i < text.Length; i++)
        {
            pen[i] = x;
            x += _fonts.Width(weight, text[i]) * size;
        }
        pen[text.Length] = x;
        return new ShapedText(text, pen, weight, size);
    }
}
