namespace PathwayHub.Web.Infrastructure;

/// <summary>Text helpers every feature's labels share.</summary>
public static class Text
{
    /// <summary>A label as it starts a sentence or stands on its own: "agenda published" becomes "Agenda published".</summary>
    public static string Sentence(string label) => label.Length == 0 ? label : string.Concat(label[..1].ToUpperInvariant(), label[1..]);
}
