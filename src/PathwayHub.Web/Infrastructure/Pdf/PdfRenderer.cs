using System.Globalization;
using System.Security;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// Second pass: draws laid-out pages through PDFsharp as a tagged PDF (PDF/UA-1). The structure elements the layout opened and
/// closed become the structure tree, in reading order; the page header, footer and table decoration are artifacts; headings
/// become bookmarks; the catalog declares the language, the title is shown in the viewer's title bar, and the XMP metadata
/// says the file claims PDF/UA-1.
/// </summary>
internal sealed class PdfRenderer
{
    private const float HeaderSize = 8f;
    private const float FooterSize = 8f;

    private static readonly ReportColor MutedText = ReportColor.FromHex(0x555D66);
    private static readonly XColor RuleColour = XColor.FromArgb(0xB8, 0xBE, 0xC6);

    private readonly PageSettings _settings;
    private readonly PdfFonts _fonts = PdfFonts.Instance;
    private readonly TextShaper _shaper = new();
    private readonly XPen _rule = new(RuleColour, 0.5);
    private readonly Dictionary<ReportColor, XSolidBrush> _brushes = [];
    private readonly PdfOutline?[] _outlines = new PdfOutline?[4];

    private PdfRenderer(PageSettings settings) => _settings = settings;

    public static void Render(PageSettings settings, List<List<PlacedItem>> pages, Stream output)
    {
        using var document = new PdfDocument();
        document.Info.Title = settings.Title ?? "";
        document.Info.Author = settings.Author ?? "";
        document.Info.Subject = settings.Subject ?? "";
        document.Info.Creator = "PathwayHub";
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestCompression;
        document.PageMode = PdfPageMode.UseOutlines;

        var ua = UAManager.ForDocument(document);
        ua.SetDocumentLanguage(settings.Language);
        document.ViewerPreferences.DisplayDocTitle = true;

        new PdfRenderer(settings).Draw(document, ua.StructureBuilder, pages);
        Save(document, settings, output);
    }

    private void Draw(PdfDocument document, StructureBuilder structure, List<List<PlacedItem>> pages)
    {
        var header = string.IsNullOrEmpty(_settings.HeaderText) ? null : _shaper.Shape(_settings.HeaderText, FontWeight.Regular, HeaderSize);
        var charts = new ChartRenderer(_shaper);
        for (var p = 0; p < pages.Count; p++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(_settings.Width);
            page.Height = XUnit.FromPoint(_settings.Height);
            using var gfx = XGraphics.FromPdfPage(page);

            // Running header and "Page X of Y": artifacts, which a screen reader skips.
            structure.BeginArtifact();
            if (header is not null)
            {
                var rule = _settings.MarginY - 12f;
                Text(gfx, header, 0, header.Count, _settings.MarginX, rule - 5f, MutedText);
                gfx.DrawLine(_rule, _settings.MarginX, rule, _settings.Width - _settings.MarginX, rule);
            }
            var footer = _shaper.Shape($"Page {p + 1} of {pages.Count}", FontWeight.Regular, FooterSize);
            Text(gfx, footer, 0, footer.Count, _settings.Width - _settings.MarginX - footer.Width, _settings.Height - _settings.MarginY + 22f, MutedText);
            structure.End();

            foreach (var item in pages[p])
            {
                switch (item.Kind)
                {
                    case ItemKind.Text:
                        Text(gfx, item.Text!, item.Start, item.End, item.X, item.Y, item.Color);
                        break;
                    case ItemKind.Fill:
                        gfx.DrawRectangle(Brush(item.Color), item.X, item.Y, item.Width, item.Height);
                        break;
                    case ItemKind.Border:
                        gfx.DrawRectangle(_rule, item.X, item.Y, item.Width, item.Height);
                        break;
                    case ItemKind.Chart:
                        charts.Draw(gfx, (OxyPlot.PlotModel)item.Payload!, new XRect(item.X, item.Y, item.Width, item.Height));
                        break;
                    case ItemKind.PdfPage:
                        var imported = (ImportedPage)item.Payload!;
                        imported.Form.PageNumber = imported.Number;
                        gfx.DrawImage(imported.Form, item.X, item.Y, item.Width, item.Height);
                        break;
                    case ItemKind.Begin:
                        Begin(structure, page, (StructureTag)item.Payload!, item);
                        break;
                    case ItemKind.End:
                        structure.End();
                        break;
                    case ItemKind.ArtifactBegin:
                        structure.BeginArtifact();
                        break;
                    case ItemKind.ArtifactEnd:
                        structure.End();
                        break;
                }
            }
            // Close this page's marked content while its graphics are current; an element still open carries on next page.
            structure.EndMarkedContentsWithId();
        }
    }

    private void Begin(StructureBuilder structure, PdfPage page, StructureTag tag, in PlacedItem at)
    {
        if (tag.Alt is not null)
        {
            // The bounding box in PDF's own coordinates, from the bottom of the page.
            var box = new XRect(_settings.MarginX, _settings.Height - at.Y, _settings.ContentWidth, 0);
            structure.BeginElement(PdfIllustrationElementTag.Figure, tag.Alt, box);
            return;
        }
        structure.BeginBlockLevelElement(tag.Type);
        if (tag == StructureTag.TH)
        {
            // Each header cell heads its column.
            var attributes = new PdfDictionary(page.Owner);
            attributes.Elements.SetName("/O", "/Table");
            attributes.Elements.SetName("/Scope", "/Column");
            structure.CurrentStructureElement.Elements["/A"] = attributes;
        }
        if (tag.Bookmark is not null) Bookmark(page, tag, at.Y);
    }

    /// <summary>A bookmark for a heading, under the nearest heading above it of a higher level.</summary>
    private void Bookmark(PdfPage page, StructureTag tag, float y)
    {
        var level = tag.BookmarkLevel;
        PdfOutline? parent = null;
        for (var l = level - 1; l >= 1 && parent is null; l--) parent = _outlines[l];
        var outlines = parent?.Outlines ?? page.Owner.Outlines;
        var outline = outlines.Add(tag.Bookmark!, page, opened: level == 1);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Left = 0;
        outline.Top = Math.Max(0, y - 6);
        _outlines[level] = outline;
        for (var l = level + 1; l < _outlines.Length; l++) _outlines[l] = null;
    }

    private void Text(XGraphics gfx, ShapedText text, int start, int end, float x, float baseline, ReportColor colour)
    {
        if (end <= start) return;
        gfx.DrawString(text.Text.Substring(start, end - start), _fonts.Font(text.Weight, text.Size), Brush(colour), x, baseline, XStringFormats.BaseLineLeft);
    }

    private XSolidBrush Brush(ReportColor colour)
    {
        if (!_brushes.TryGetValue(colour, out var brush))
        {
            brush = new XSolidBrush(Colour(colour));
            _brushes[colour] = brush;
        }
        return brush;
    }

    private static XColor Colour(ReportColor c) => XColor.FromArgb(c.Red, c.Green, c.Blue);

    /// <summary>
    /// Writes the file, then its XMP metadata as an incremental update. PDFsharp 6.2 writes XMP of its own on every save, with
    /// no way to add the PDF/UA identification, so the update replaces that one object (same number) with ours: readers take the
    /// latest version of an object, and nothing else in the file changes.
    /// </summary>
    private static void Save(PdfDocument document, PageSettings settings, Stream output)
    {
        using var file = new MemoryStream();
        document.Save(file, closeStream: false);
        var metadata = document.Internals.Catalog.Elements.GetReference("/Metadata")?.ObjectNumber
            ?? throw new InvalidOperationException("PDFsharp wrote no XMP metadata to replace.");
        var bytes = file.GetBuffer().AsSpan(0, (int)file.Length);
        var tail = Encoding.Latin1.GetString(bytes[Math.Max(0, bytes.Length - 2048)..]);
        var trailerAt = tail.LastIndexOf("trailer", StringComparison.Ordinal);
        var open = tail.IndexOf("<<", trailerAt, StringComparison.Ordinal);
        var close = tail.IndexOf(">>", open, StringComparison.Ordinal);
        var startXref = tail.LastIndexOf("startxref", StringComparison.Ordinal);
        if (trailerAt < 0 || open < 0 || close < 0 || startXref < 0) throw new InvalidOperationException("PDFsharp's file has no classic trailer to update.");
        var previous = long.Parse(tail.AsSpan(startXref + "startxref".Length).Trim().ToString().Split('\n', '\r')[0], CultureInfo.InvariantCulture);
        var trailer = tail.Substring(open + 2, close - open - 2);

        var xmp = Encoding.UTF8.GetBytes(Xmp(document, settings));
        var update = new MemoryStream();
        void Write(string text) => update.Write(Encoding.Latin1.GetBytes(text));
        Write("\n");
        var objectAt = file.Length + update.Length;
        Write($"{metadata} 0 obj\n<</Type/Metadata/Subtype/XML/Length {xmp.Length}>>\nstream\n");
        update.Write(xmp);
        Write("\nendstream\nendobj\n");
        var xrefAt = file.Length + update.Length;
        Write(string.Create(CultureInfo.InvariantCulture, $"xref\n{metadata} 1\n{objectAt:D10} 00000 n \ntrailer\n<<{trailer}/Prev {previous}>>\nstartxref\n{xrefAt}\n%%EOF\n"));

        output.Write(bytes);
        update.WriteTo(output);
    }

    /// <summary>XMP metadata: title, author and subject as in the document information, the language, and the PDF/UA-1 identification.</summary>
    private static string Xmp(PdfDocument document, PageSettings settings)
    {
        static string X(string? s) => SecurityElement.Escape(s ?? "");
        const char Bom = '\uFEFF';
        var created = document.Info.CreationDate.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"""
            <?xpacket begin="{Bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
              <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
                  <pdfuaid:part>1</pdfuaid:part>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <dc:format>application/pdf</dc:format>
                  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{X(settings.Title)}</rdf:li></rdf:Alt></dc:title>
                  <dc:creator><rdf:Seq><rdf:li>{X(settings.Author)}</rdf:li></rdf:Seq></dc:creator>
                  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{X(settings.Subject)}</rdf:li></rdf:Alt></dc:description>
                  <dc:language><rdf:Bag><rdf:li>{X(settings.Language)}</rdf:li></rdf:Bag></dc:language>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                  <xmp:CreatorTool>{X(document.Info.Creator)}</xmp:CreatorTool>
                  <xmp:CreateDate>{created}</xmp:CreateDate>
                  <xmp:ModifyDate>{created}</xmp:ModifyDate>
                  <xmp:MetadataDate>{created}</xmp:MetadataDate>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                  <pdf:Producer>{X(document.Info.Producer)}</pdf:Producer>
                </rdf:Description>
              </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
    }
}
