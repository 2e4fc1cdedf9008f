using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using UglyToad.PdfPig.Content;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace PathwayHub.Tests.Infrastructure.Pdf;

/// <summary>An element of the structure tree: its type, alternative text, its own text (its marked content) and its children.</summary>
internal sealed record StructNode(string Type, string? Alt, string? Scope, string Text, IReadOnlyList<StructNode> Children)
{
    public IEnumerable<StructNode> DescendantsAndSelf() => Children.SelectMany(c => c.DescendantsAndSelf()).Prepend(this);

    /// <summary>All the text under this element, children included, in order.</summary>
    public string AllText => string.Join(" ", DescendantsAndSelf().Select(n => n.Text).Where(t => t.Length > 0));
}

/// <summary>
/// A generated PDF read back the way an assistive technology or a checker sees it: the catalog (MarkInfo, Lang, title display,
/// XMP metadata), the structure tree with each element's text found through its marked-content ids, the outline, and per page
/// the text inside artifacts and the text that is in no marked content at all. PDFsharp reads the objects; PdfPig reads the text.
/// </summary>
internal sealed class TaggedPdf
{
    public bool Marked { get; private init; }
    public string? Language { get; private init; }
    public bool DisplayDocTitle { get; private init; }
    public string Xmp { get; private init; } = "";
    public StructNode Root { get; private init; } = null!;
    public List<(int Level, string Title, int Page)> Outline { get; } = [];
    public List<string> ArtifactText { get; } = [];
    public List<string> UntaggedText { get; } = [];
    public List<string> FontsNotEmbedded { get; } = [];
    public int PageCount { get; private init; }

    public IEnumerable<StructNode> Elements => Root.DescendantsAndSelf();

    /// <summary>Headings in document order as "H2 Summary".</summary>
    public List<string> Headings => Elements.Where(e => e.Type is "H1" or "H2" or "H3").Select(e => $"{e.Type} {e.AllText}").ToList();

    public static TaggedPdf Read(byte[] pdf)
    {
        // Text of each marked-content sequence, by page and MCID; artifacts and unmarked letters per page.
        var mcidText = new Dictionary<(int Page, int Mcid), string>();
        var artifacts = new List<string>();
        var untagged = new List<string>();
        using (var pig = PigDocument.Open(pdf))
        {
            foreach (var page in pig.GetPages())
            {
                var inMarked = new HashSet<Letter>();
                foreach (var mc in page.GetMarkedContents().SelectMany(Flatten))
                {
                    foreach (var l in mc.Letters) inMarked.Add(l);
                    var text = Words(mc.Letters);
                    if (mc.IsArtifact) artifacts.Add(text);
                    else if (mc.MarkedContentIdentifier >= 0) mcidText[(page.Number - 1, mc.MarkedContentIdentifier)] = text;
                }
                var loose = page.Letters.Where(l => !inMarked.Contains(l) && !string.IsNullOrWhiteSpace(l.Value)).ToList();
                if (loose.Count > 0) untagged.Add(Words(loose));
            }
        }

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var catalog = document.Internals.Catalog;
        var pageIndex = new Dictionary<PdfDictionary, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < document.PageCount; i++) pageIndex[document.Pages[i]] = i;
        var root = catalog.Elements.GetDictionary("/StructTreeRoot");
        var result = new TaggedPdf
        {
            Marked = catalog.Elements.GetDictionary("/MarkInfo")?.Elements.GetBoolean("/Marked") ?? false,
            Language = catalog.Elements.GetString("/Lang"),
            DisplayDocTitle = catalog.Elements.GetDictionary("/ViewerPreferences")?.Elements.GetBoolean("/DisplayDocTitle") ?? false,
            Xmp = catalog.Elements.GetDictionary("/Metadata") is { Stream: { } s } ? Encoding.UTF8.GetString(s.UnfilteredValue) : "",
            Root = root is null ? new StructNode("(none)", null, null, "", []) : Node(root, "StructTreeRoot", -1, pageIndex, mcidText),
            PageCount = document.PageCount,
        };
        result.ArtifactText.AddRange(artifacts);
        result.UntaggedText.AddRange(untagged);
        Outlines(document.Outlines, 1, result.Outline, pageIndex);
        for (var i = 0; i < document.PageCount; i++) CheckFonts(document.Pages[i], result.FontsNotEmbedded);
        return result;
    }

    private static IEnumerable<MarkedContentElement> Flatten(MarkedContentElement mc) => mc.Children.SelectMany(Flatten).Prepend(mc);

    private static string Words(IEnumerable<Letter> letters)
    {
        var text = new StringBuilder();
        Letter? previous = null;
        foreach (var letter in letters)
        {
            if (previous is not null && (Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 0.5 || letter.StartBaseLine.X - previous.EndBaseLine.X > letter.PointSize * 0.2)) text.Append(' ');
            text.Append(letter.Value);
            previous = letter;
        }
        return System.Text.RegularExpressions.Regex.Replace(text.ToString(), @"\s+", " ").Trim();
    }

    private static StructNode Node(PdfDictionary element, string type, int page, Dictionary<PdfDictionary, int> pages, Dictionary<(int, int), string> mcidText)
    {
        if (element.Elements.GetReference("/Pg")?.Value is PdfDictionary pg && pages.TryGetValue(pg, out var p)) page = p;
        var texts = new List<string>();
        var children = new List<StructNode>();
        var kids = element.Elements["/K"];
        var list = kids switch { PdfArray a => a.Elements.ToList(), null => [], _ => [kids] };
        foreach (var kid in list)
        {
            var value = kid is PdfReference r ? r.Value : kid;
            switch (value)
            {
                case PdfInteger mcid:
                    if (mcidText.TryGetValue((page, mcid.Value), out var t) && t.Length > 0) texts.Add(t);
                    break;
                case PdfDictionary d when d.Elements.GetName("/Type") == "/MCR":
                    var mcrPage = d.Elements.GetReference("/Pg")?.Value is PdfDictionary mp && pages.TryGetValue(mp, out var q) ? q : page;
                    if (mcidText.TryGetValue((mcrPage, d.Elements.GetInteger("/MCID")), out var u) && u.Length > 0) texts.Add(u);
                    break;
                case PdfDictionary d when d.Elements.ContainsKey("/S"):
                    children.Add(Node(d, d.Elements.GetName("/S").TrimStart('/'), page, pages, mcidText));
                    break;
            }
        }
        var attributes = element.Elements["/A"] is PdfReference ar ? ar.Value as PdfDictionary : element.Elements["/A"] as PdfDictionary;
        return new StructNode(type, element.Elements.ContainsKey("/Alt") ? element.Elements.GetString("/Alt") : null,
            attributes?.Elements.GetName("/Scope") is { Length: > 0 } scope ? scope.TrimStart('/') : null, string.Join(" ", texts), children);
    }

    private static void Outlines(PdfOutlineCollection outlines, int level, List<(int, string, int)> result, Dictionary<PdfDictionary, int> pages)
    {
        foreach (var outline in outlines)
        {
            var dest = outline.Elements.GetArray("/Dest");
            var page = dest?.Elements[0] is PdfReference r && r.Value is PdfDictionary d && pages.TryGetValue(d, out var p) ? p + 1 : 0;
            result.Add((level, outline.Title, page));
            Outlines(outline.Outlines, level + 1, result, pages);
        }
    }

    private static void CheckFonts(PdfPage page, List<string> notEmbedded)
    {
        var fonts = page.Elements.GetDictionary("/Resources")?.Elements.GetDictionary("/Font");
        if (fonts is null) return;
        foreach (var name in fonts.Elements.Keys)
        {
            var font = fonts.Elements.GetDictionary(name)!;
            var descriptor = font.Elements.GetArray("/DescendantFonts")?.Elements[0] is PdfReference dr && dr.Value is PdfDictionary descendant
                ? descendant.Elements.GetDictionary("/FontDescriptor") : font.Elements.GetDictionary("/FontDescriptor");
            if (descriptor is null || !(descriptor.Elements.ContainsKey("/FontFile2") || descriptor.Elements.ContainsKey("/FontFile") || descriptor.Elements.ContainsKey("/FontFile3")))
                notEmbedded.Add(font.Elements.GetName("/BaseFont"));
        }
    }
}
