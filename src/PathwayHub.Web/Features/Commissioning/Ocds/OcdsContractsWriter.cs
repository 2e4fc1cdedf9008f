using System.Text.Json;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// A release's <c>contracts</c>: one per agreement, with its status on the batch's day, its published documents, its
/// published milestones and its amendments (only the changes to terms <see cref="OpenDataPolicy"/> publishes). The steps of
/// its history (<see cref="OcdsHistory"/>) write the same contract in parts: as signed, an amendment, a milestone's outcome, its end.
/// </summary>
internal static class OcdsContractsWriter
{
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p)
    {
        w.WriteStartArray("contracts");
        foreach (var a in p.Agreements) WriteContract(w, b, a, asSigned: false);
        w.WriteEndArray();
    }

    /// <summary>
    /// The whole contract as it stands or, <paramref name="asSigned"/>, as signed: pending or active, its milestones all
    /// scheduled, no amendments yet.
    /// </summary>
    public static void WriteContract(Utf8JsonWriter w, OcdsBatch b, OcdsAgreement a, bool asSigned)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Reference);
        w.WriteString("awardID", $"award-{a.Id}");
        w.WriteString("title", a.Title);
        if (a.Description.Length > 0) w.WriteString("description", a.Description);
        var status = asSigned
            ? (a.Status == AgreementStatus.Pending ? AgreementStatus.Pending : AgreementStatus.Active)
            : Agreement.EffectiveStatus(a.Status, a.End, b.Today);
        w.WriteString("status", Status(status));
        WritePeriod(w, "period", a.Start, a.End);
        WriteValue(w, "value", a.Value);
        WriteDocuments(w, b.AgreementDocs[a.Id], "contractSigned");
        WriteMilestones(w, b.Milestones[a.Id].ToList(), asScheduled: asSigned);
        if (!asSigned) WriteAmendments(w, b.Amendments[a.Id].ToList());
        w.WriteEndObject();
    }

    /// <summary>One step's part of a contract: its ids, then what the step adds.</summary>
    public static void WriteStep(Utf8JsonWriter w, OcdsBatch b, OcdsStep step)
    {
        var a = step.Agreement!;
        w.WriteStartObject();
        w.WriteString("id", a.Reference);
        w.WriteString("awardID", $"award-{a.Id}");
        if (step.Amendment is { } amendment) WriteAmendments(w, [amendment]);
        if (step.Milestone is { } milestone) WriteMilestones(w, [milestone], asScheduled: false);
        if (step.Kind == OcdsStepKind.ContractTermination) w.WriteString("status", Status(Agreement.EffectiveStatus(a.Status, a.End, b.Today)));
        w.WriteEndObject();
    }

    private static string Status(AgreementStatus status) => status switch
    {
        AgreementStatus.Pending => "pending",
        AgreementStatus.Active => "active",
        _ => "terminated",
    };

    private static void WriteMilestones(Utf8JsonWriter w, List<OcdsMilestone> milestones, bool asScheduled)
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
            if (!asScheduled && m.Completed is { } done) w.WriteString("dateMet", Day(done));
            w.WriteString("status", asScheduled ? "scheduled" : m.Status switch
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
