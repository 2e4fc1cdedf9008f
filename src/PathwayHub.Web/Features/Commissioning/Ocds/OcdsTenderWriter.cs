using System.Text.Json;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// A release's <c>tender</c>: the published tender, or for an agreement made without one, a direct award already complete;
/// then the Pathways it serves as <c>items</c>. Bidders are named only once <see cref="OpenDataPolicy.BiddersPublished"/> says so.
/// </summary>
internal static class OcdsTenderWriter
{
    /// <summary>The tender as it stands, with every published document.</summary>
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p) => Write(w, b, p, p.Tender, DateTime.MaxValue);

    /// <summary>The tender as it stood in <paramref name="state"/>, with the documents added by <paramref name="asOf"/>.</summary>
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p, OcdsTender? state, DateTime asOf)
    {
        w.WriteStartObject("tender");
        if (state is { } t) WriteTender(w, b, p, t, asOf);
        else WriteDirectAward(w, p.Agreements[0]);
        w.WritePropertyName("procuringEntity");
        WriteOrgRef(w, b, OcdsPartiesWriter.BuyerId(p));
        WriteItems(w, p.Pathways);
        w.WriteEndObject();
    }

    private static void WriteTender(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p, OcdsTender t, DateTime asOf)
    {
        w.WriteString("id", t.Reference);
        w.WriteString("title", t.Title);
        if (t.Description.Length > 0) w.WriteString("description", t.Description);
        w.WriteString("status", t.Status switch
        {
            TenderStatus.Planning => "planning",
            TenderStatus.Active or TenderStatus.Evaluation => "active",
            TenderStatus.Complete => "complete",
            TenderStatus.Cancelled => "cancelled",
            _ => "unsuccessful",
        });
        if (t.EstimatedValue is { } v) WriteValue(w, "value", v);
        w.WriteString("procurementMethod", t.Method.ToString().ToLowerInvariant());
        w.WriteString("mainProcurementCategory", "services");
        if (t.PublishedUtc is not null || t.SubmissionUtc is not null)
        {
            w.WriteStartObject("tenderPeriod");
            if (t.PublishedUtc is { } s) w.WriteString("startDate", Stamp(s));
            if (t.SubmissionUtc is { } e) w.WriteString("endDate", Stamp(e));
            w.WriteEndObject();
        }
        if (t.ClarificationUtc is { } q)
        {
            w.WriteStartObject("enquiryPeriod");
            if (t.PublishedUtc is { } s) w.WriteString("startDate", Stamp(s));
            w.WriteString("endDate", Stamp(q));
            w.WriteEndObject();
        }
        if (OpenDataPolicy.BiddersPublished(t.Status))
        {
            w.WriteNumber("numberOfTenderers", p.Tenderers.Count);
            if (p.Tenderers.Count > 0)
            {
                w.WriteStartArray("tenderers");
                foreach (var o in p.Tenderers) WriteOrgRef(w, b, o);
                w.WriteEndArray();
            }
        }
        WriteDocuments(w, b.TenderDocs[t.Id].Where(d => d.AddedUtc <= asOf), "tenderNotice");
    }

    /// <summary>A grant or service-level agreement made without competition: a direct award, already complete.</summary>
    private static void WriteDirectAward(Utf8JsonWriter w, OcdsAgreement first)
    {
        w.WriteString("id", first.Reference);
        w.WriteString("title", first.Title);
        w.WriteString("status", "complete");
        w.WriteString("procurementMethod", "direct");
        w.WriteString("procurementMethodDetails", CommissioningText.Sentence(first.Kind));
        w.WriteString("mainProcurementCategory", "services");
    }

    private static void WriteItems(Utf8JsonWriter w, List<(string Slug, string Name)> pathways)
    {
        if (pathways.Count == 0) return;
        w.WriteStartArray("items");
        foreach (var (slug, name) in pathways)
        {
            w.WriteStartObject();
            w.WriteString("id", slug);
            w.WriteString("description", $"Reducing Re-offending Pathway: {name}");
            w.WriteStartObject("classification");
            w.WriteString("scheme", "x_PathwayHub_Pathway");
            w.WriteString("id", slug);
            w.WriteString("description", name);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
