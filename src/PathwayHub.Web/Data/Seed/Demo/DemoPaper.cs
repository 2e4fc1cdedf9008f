using System.Globalization;
using System.Text;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// A one-page PDF for a demo agenda paper: a heading, the meeting it is for and a few lines of text, in the standard Helvetica
/// font (nothing embedded), so that downloading a demo paper opens a readable document.
/// </summary>
internal static class DemoPaper
{
    public static byte[] Pdf(string title, string subtitle, IReadOnlyList<string> lines)
    {
        var text = new StringBuilder("BT /F1 16 Tf 56 780 Td (").Append(Escape(title)).Append(") Tj ET\n")
            .Append("BT /F1 10 Tf 56 760 Td (").Append(Escape(subtitle)).Append(") Tj ET\n");
        var y = 728;
        foreach (var line in lines.SelectMany(l => Wrap(l, 95)))
        {
            text.Append(CultureInfo.InvariantCulture, $"BT /F1 11 Tf 56 {y} Td (").Append(Escape(line)).Append(") Tj ET\n");
            y -= 16;
        }
        var stream = text.ToString();
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Length {Latin1.GetByteCount(stream)} >>\nstream\n{stream}endstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Latin1.GetBytes(pdf.ToString());
    }

    private static readonly Encoding Latin1 = Encoding.Latin1;

    private static string Escape(string s) =>
        s.Replace("’", "'", StringComparison.Ordinal).Replace("‘", "'", StringComparison.Ordinal).Replace("–", "-", StringComparison.Ordinal)
            .Replace(@"\", @"\\", StringComparison.Ordinal).Replace("(", @"\(", StringComparison.Ordinal).Replace(")", @"\)", StringComparison.Ordinal);

    private static IEnumerable<string> Wrap(string line, int width)
    {
        var current = new StringBuilder();
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.Length + word.Length + 1 > width)
            {
                yield return current.ToString();
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }
        yield return current.ToString();
    }
}
