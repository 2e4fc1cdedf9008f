using System.Globalization;
using System.Text.Json;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// One process as an OCDS 1.1 compiled release, section by section in the standard's order: parties and buyer
/// (<see cref="OcdsPartiesWriter"/>), tender (<see cref="OcdsTenderWriter"/>), awards (<see cref="OcdsAwardsWriter"/>) and
/// contracts with their implementation (<see cref="OcdsContractsWriter"/>).
/// </summary>
internal static class OcdsReleaseWriter
{
    public static string ReleaseId(OcdsProcess p) => $"{p.Ocid}-{p.LastModified.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p)
    {
        w.WriteStartObject();
        w.WriteString("ocid", p.Ocid);
        w.WriteString("id", ReleaseId(p));
        w.WriteString("date", Stamp(p.LastModified));
        w.WriteStartArray("tag");
        w.WriteStringValue("compiled");
        w.WriteEndArray();
        w.WriteString("initiationType", "tender");
        w.WriteString("language", "en");
        OcdsPartiesWriter.Write(w, b, p);
        OcdsTenderWriter.Write(w, b, p);
        if (p.Agreements.Count > 0)
        {
            OcdsAwardsWriter.Write(w, b, p);
            OcdsContractsWriter.Write(w, b, p);
        }
        w.WriteEndObject();
    }
}
