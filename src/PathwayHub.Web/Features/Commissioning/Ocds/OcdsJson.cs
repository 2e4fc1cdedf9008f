using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>The small shapes every section of a release writes the same way: organisation references, documents, values, periods and dates.</summary>
internal static class OcdsJson
{
    public static string PartyId(int org) => $"org-{org}";

    public static string Stamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly ConcurrentDictionary<(DateOnly, bool), string> Days = new();

    /// <summary>A UK calendar day as the instant it starts (or ends) in UK time; cached, as the same days recur across milestones.</summary>
    public static string Day(DateOnly d, bool endOfDay = false) =>
        Days.GetOrAdd((d, endOfDay), k => Stamp(UkCalendar.ToUtc(k.Item1.ToDateTime(k.Item2 ? new TimeOnly(23, 59, 59) : TimeOnly.MinValue))));

    public static void WriteOrgRef(Utf8JsonWriter w, OcdsBatch b, int org)
    {
        w.WriteStartObject();
        w.WriteString("id", PartyId(org));
        w.WriteString("name", b.Parties[org].Name);
        w.WriteEndObject();
    }

    public static void WriteDocuments(Utf8JsonWriter w, IEnumerable<OcdsDocument> docs, string type)
    {
        var list = docs.ToList();
        if (list.Count == 0) return;
        w.WriteStartArray("documents");
        foreach (var d in list)
        {
            w.WriteStartObject();
            w.WriteString("id", $"document-{d.Id}");
            w.WriteString("documentType", type);
            w.WriteString("title", d.Title);
            w.WriteString("format", d.ContentType);
            w.WriteString("datePublished", Stamp(d.AddedUtc));
            w.WriteString("language", "en");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteValue(Utf8JsonWriter w, string name, decimal amount)
    {
        w.WriteStartObject(name);
        w.WriteNumber("amount", amount);
        w.WriteString("currency", "GBP");
        w.WriteEndObject();
    }

    public static void WritePeriod(Utf8JsonWriter w, string name, DateOnly start, DateOnly end)
    {
        w.WriteStartObject(name);
        w.WriteString("startDate", Day(start));
        w.WriteString("endDate", Day(end, endOfDay: true));
        w.WriteEndObject();
    }
}
