namespace PathwayHub.Web.Infrastructure;

/// <summary>How a lower-case label starts a sentence, a table cell or a list item. The one copy: features keep their labels in lower case.</summary>
public static class TextCase
{
    /// <summary>"open for bids" becomes "Open for bids".</summary>
    public static string Sentence(string label) => label.Length == 0 ? label : string.Concat(label[..1].ToUpperInvariant(), label[1..]);
}
