using System.Text.Json;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>A release's <c>awards</c>: one per agreement, dated as its award step (<see cref="OcdsHistory.AwardedAt"/>).</summary>
internal static class OcdsAwardsWriter
{
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p)
    {
        w.WriteStartArray("awards");
        foreach (var a in p.Agreements) WriteAward(w, b, p, a);
        w.WriteEndArray();
    }

    public static void WriteAward(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p, OcdsAgreement a)
    {
        w.WriteStartObject();
        w.WriteString("id", $"award-{a.Id}");
        w.WriteString("title", a.Title);
        w.WriteString("status", "active");
        w.WriteString("date", Stamp(OcdsHistory.AwardedAt(b, p, a)));
        WriteValue(w, "value", a.Value);
        w.WriteStartArray("suppliers");
        WriteOrgRef(w, b, a.SupplierId);
        w.WriteEndArray();
        WritePeriod(w, "contractPeriod", a.Start, a.End);
        w.WriteEndObject();
    }
}
