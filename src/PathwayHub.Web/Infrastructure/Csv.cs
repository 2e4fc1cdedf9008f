using System.Text;

namespace PathwayHub.Web.Infrastructure;

/// <summary>RFC 4180 CSV writing, safe to open in a spreadsheet.</summary>
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
}
