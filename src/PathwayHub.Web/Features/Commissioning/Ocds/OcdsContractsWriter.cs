using System.Text.Json;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// A release's <c>contracts</c>: one per agreement, with its status on the batch's day, its published documents, its
/// published milestones and its amendments (only the changes to terms <see cref="OpenDataPolicy"/> publishes).
/// </summary>
internal static class OcdsContractsWriter
{
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p)
    {
        w.WriteStartArray("contracts");
        foreach (var a in p.Agreements)
        {
            w.WriteStartObject();
            w.WriteString("id", a.Reference);
            w.WriteString("awardID", $"award-{a.Id}");
            w.WriteString("title", a.Title);
            if (a.Description.Length > 0) w.WriteString("description", a.Description);
            var status = Agreement.EffectiveStatus(a.Status, a.End, b.Today);
            w.WriteString("status", status switch
            {
                AgreementStatus.Pending => "pending",
                AgreementStatus.Active => "active",
                _ => "terminated",
            });
            if (status == AgreementStatus.Expired) w.WriteString("statusDetails", "Ended at the end of its period");
            WritePeriod(w, "period", a.Start, a.End);
            WriteValue(w, "value", a.Value);
            WriteDocuments(w, b.AgreementDocs[a.Id], "contractSigned");
            WriteMilestones(w, b.Milestones[a.Id].ToList());
            WriteAmendments(w, b.Amendments[a.Id].ToList());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteMilestones(Utf8JsonWriter w, List<OcdsMilestone> milestones)
    {
        if (milestones.Count == 0) return;
        w.WriteStartArray("milestones");
        foreach (var m in milestones)
        {
            w.WriteStartObject();
            w.WriteString("id", $"milestone-{m.Id}");
            w.WriteString("title", m.Title);
            w.WriteString("type", m.Kind switch
            {
                MilestoneKind.Delivery => "delivery",
                MilestoneKind.Reporting => "reporting",
                MilestoneKind.Payment => "financing",
                _ => "assessment",
            });
            w.WriteString("dueDate", Day(m.Due));
            if (m.Completed is { } done) w.WriteString("dateMet", Day(done));
            w.WriteString("status", m.Status switch
            {
                MilestoneStatus.Met => "met",
                MilestoneStatus.NotMet => "notMet",
                MilestoneStatus.PartiallyMet => "partiallyMet",
                _ => "scheduled",
            });
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteAmendments(Utf8JsonWriter w, List<OcdsAmendment> amendments)
    {
        if (amendments.Count == 0) return;
        w.WriteStartArray("amendments");
        foreach (var m in amendments)
        {
            var changes = (JsonSerializer.Deserialize<List<TermChange>>(m.Changes, JsonSerializerOptions.Web) ?? [])
                .Where(c => OpenDataPolicy.PublishedAmendmentTerms.Contains(c.Term)).ToList();
            w.WriteStartObject();
            w.WriteString("id", $"amendment-{m.Id}");
            w.WriteString("date", Day(m.Date));
            w.WriteString("rationale", m.Reason);
            if (changes.Count > 0) w.WriteString("description", string.Join("; ", changes.Select(c => $"{c.Term}: {c.Old ?? "none"} to {c.New ?? "none"}")));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
