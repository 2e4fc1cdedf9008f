using System.Globalization;
using System.Text.Json;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// One process as an OCDS 1.1 compiled release, or one of its steps (<see cref="OcdsHistory"/>) as an individual release,
/// section by section in the standard's order: parties and buyer (<see cref="OcdsPartiesWriter"/>), tender
/// (<see cref="OcdsTenderWriter"/>), awards (<see cref="OcdsAwardsWriter"/>) and contracts with their implementation
/// (<see cref="OcdsContractsWriter"/>).
/// </summary>
internal static class OcdsReleaseWriter
{
    public static string ReleaseId(OcdsProcess p) => $"{p.Ocid}-{p.LastModified.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p)
    {
        WriteHeader(w, p, ReleaseId(p), p.LastModified, "compiled");
        OcdsPartiesWriter.Write(w, b, p);
        OcdsTenderWriter.Write(w, b, p);
        if (p.Agreements.Count > 0)
        {
            OcdsAwardsWriter.Write(w, b, p);
            OcdsContractsWriter.Write(w, b, p);
        }
        w.WriteEndObject();
    }

    /// <summary>An individual release: what one step says, with the parties it names.</summary>
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p, OcdsStep step)
    {
        WriteHeader(w, p, step.Id, step.Date, step.Tag);
        var roles = OcdsPartiesWriter.BuyerRoles(p);
        if (step.TenderState is { } state) roles = roles.Concat(OcdsPartiesWriter.Tenderers(p, state));
        if (step.Kind is OcdsStepKind.Award or OcdsStepKind.Contract) roles = roles.Concat(OcdsPartiesWriter.AgreementRoles(p, step.Agreement!));
        OcdsPartiesWriter.Write(w, b, p, roles);
        switch (step.Kind)
        {
            case OcdsStepKind.Tender or OcdsStepKind.TenderUpdate or OcdsStepKind.TenderCancellation:
                OcdsTenderWriter.Write(w, b, p, step.TenderState, step.Date);
                break;
            case OcdsStepKind.Award:
                // A process without a tender starts at its award: the direct award is its tender.
                if (p.Tender is null) OcdsTenderWriter.Write(w, b, p);
                w.WriteStartArray("awards");
                OcdsAwardsWriter.WriteAward(w, b, p, step.Agreement!);
                w.WriteEndArray();
                break;
            default:
                w.WriteStartArray("contracts");
                if (step.Kind == OcdsStepKind.Contract) OcdsContractsWriter.WriteContract(w, b, step.Agreement!, asSigned: true);
                else OcdsContractsWriter.WriteStep(w, b, step);
                w.WriteEndArray();
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter w, OcdsProcess p, string id, DateTime date, string tag)
    {
        w.WriteStartObject();
        w.WriteString("ocid", p.Ocid);
        w.WriteString("id", id);
        w.WriteString("date", Stamp(date));
        w.WriteStartArray("tag");
        w.WriteStringValue(tag);
        w.WriteEndArray();
        w.WriteString("initiationType", "tender");
        w.WriteString("language", "en");
    }
}
