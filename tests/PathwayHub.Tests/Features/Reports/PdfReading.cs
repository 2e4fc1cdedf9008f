using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace PathwayHub.Tests.Features.Reports;

/// <summary>Reads a generated PDF back as lines of text, the way a person reads the page.</summary>
internal static class PdfReading
{
    public static List<string> Lines(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return doc.GetPages().SelectMany(Lines).ToList();
    }

    /// <summary>Letters grouped into lines by baseline, top to bottom, each line in reading order; a wide gap reads as a space.</summary>
    public static IEnumerable<string> Lines(Page page) => page.Letters
        .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
        .OrderByDescending(g => g.Key)
        .Select(g =>
        {
            var line = new System.Text.StringBuilder();
            Letter? previous = null;
            foreach (var letter in g.OrderBy(l => l.StartBaseLine.X))
            {
                if (previous is not null && letter.StartBaseLine.X - previous.EndBaseLine.X > letter.PointSize * 0.5) line.Append(' ');
                line.Append(letter.Value);
                previous = letter;
            }
            return System.Text.RegularExpressions.Regex.Replace(line.ToString(), @"\s+", " ").Trim();
        })
        .ToList();
}
