using System.Text;

namespace PathwayHub.Web.Infrastructure;

/// <summary>RFC 4180 CSV writing, safe to open in a spreadsheet, and reading.</summary>
public static class Csv
{
    public static string Write(IEnumerable<string?> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var sb = new StringBuilder();
        AppendRow(sb, header);
        foreach (var row in rows) AppendRow(sb, row);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(Field(f));
        }
        sb.Append("\r\n");
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A leading =, +, - or @ makes spreadsheets evaluate the cell as a formula: neutralise it.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// Reads RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks). Each record comes with the line it starts on.
    /// Throws <see cref="FormatException"/> naming the line of a quote that is never closed or a stray quote inside a field.
    /// </summary>
    public static List<(int Line, string[] Fields)> Read(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var wasQuoted = false;
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw new FormatException($"Line {line}: a quote inside a field must be doubled, and the whole field quoted.");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    records.Add((start, fields.ToArray()));
                    fields.Clear();
                    field.Clear();
                    wasQuoted = false;
                    start = ++line;
                    break;
                default:
                    if (wasQuoted) throw new FormatException($"Line {line}: text after a closing quote.");
                    field.Append(c);
                    break;
            }
        }
        if (quoted) throw new FormatException($"Line {start}: a quoted field is never closed.");
        if (field.Length > 0 || fields.Count > 0 || wasQuoted)
        {
            fields.Add(field.ToString());
            records.Add((start, fields.ToArray()));
        }
        return records;
    }
}
