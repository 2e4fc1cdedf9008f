namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// How a lower-case label starts a sentence, a table cell or a list item, and how a count reads. The one copy of each:
/// features keep their labels in lower case.
/// </summary>
public static class TextCase
{
    private static readonly System.Globalization.CultureInfo Uk = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"1 change", "2 changes", "1,204 services".</summary>
    public static string Plural(int n, string one, string many) => $"{n.ToString("#,##0", Uk)} {(n == 1 ? one : many)}";

    /// <summary>"open for bids" becomes "Open for bids".</summary>
    public static string Sentence(string label) => label.Length == 0 ? label : string.Concat(label[..1].ToUpperInvariant(), label[1..]);
}
