using PdfSharp.Drawing;

namespace PathwayHub.Web.Infrastructure.Pdf;

internal enum ItemKind : byte { Text, Fill, Border, Chart, PdfPage, Begin, End, ArtifactBegin, ArtifactEnd }

/// <summary>
/// One thing drawn on a page, in page points from the top left; for text, Y is the baseline. Begin/End open and close an element
/// of the structure tree (the tags that make the PDF readable by a screen reader) and ArtifactBegin/ArtifactEnd mark what is only
/// decoration, in the order a reader meets them.
/// </summary>
internal readonly record struct PlacedItem(
    ItemKind Kind, float X, float Y, float Width, float Height, ReportColor Color,
    ShapedText? Text = null, int Start = 0, int End = 0, object? Payload = null);

/// <summary>An element of the structure tree: its standard type (P, H1, Table, TH…), a figure's alternative text, and a bookmark title.</summary>
internal sealed record StructureTag(string Type, string? Alt = null, string? Bookmark = null, int BookmarkLevel = 0)
{
    public static readonly StructureTag P = new("P");
    public static readonly StructureTag L = new("L");
    public static readonly StructureTag LI = new("LI");
    public static readonly StructureTag Lbl = new("Lbl");
    public static readonly StructureTag LBody = new("LBody");
    public static readonly StructureTag Table = new("Table");
    public static readonly StructureTag TR = new("TR");
    public static readonly StructureTag TH = new("TH");
    public static readonly StructureTag TD = new("TD");
    public static readonly StructureTag Div = new("Div");
}

/// <summary>One page of an imported PDF, drawn as a form scaled into a box.</summary>
internal sealed record ImportedPage(XPdfForm Form, int Number);
