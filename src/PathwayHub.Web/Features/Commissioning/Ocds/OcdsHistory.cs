using System.Globalization;
using System.Text.Json;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>A step of a contracting process, in the order the OCDS release tags name them.</summary>
internal enum OcdsStepKind { Tender, TenderUpdate, TenderCancellation, Award, Contract, ContractAmendment, Implementation, ContractTermination }

/// <summary>
/// One step of a process, published as an individual release. The id is made from what the step is (the tender, an audit row,
/// an agreement, an amendment, a milestone), never from the time of the request, so it names the same release on every fetch.
/// </summary>
internal sealed record OcdsStep(string Id, OcdsStepKind Kind, DateTime Date)
{
    /// <summary>The tender as it stood after this step (tender and tenderUpdate steps).</summary>
    public OcdsTender? TenderState { get; init; }
    public OcdsAgreement? Agreement { get; init; }
    public OcdsAmendment? Amendment { get; init; }
    public OcdsMilestone? Milestone { get; init; }

    public string Tag => Kind switch
    {
        OcdsStepKind.Tender => "tender",
        OcdsStepKind.TenderUpdate => "tenderUpdate",
        OcdsStepKind.TenderCancellation => "tenderCancellation",
        OcdsStepKind.Award => "award",
        OcdsStepKind.Contract => "contract",
        OcdsStepKind.ContractAmendment => "contractAmendment",
        OcdsStepKind.Implementation => "implementation",
        _ => "contractTermination",
    };
}

/// <summary>
/// The history of a process from stored data: the tender when published and each later change to a published field (from the
/// audit trail, the tender's state rolled back and forward from its old and new values) or a tender document added; each
/// award and signed contract; each amendment when recorded; each published milestone once met or missed; a termination or
/// expiry. Performance returns are not published (<see cref="OpenDataPolicy"/>), so they are no step.
/// </summary>
internal static class OcdsHistory
{
    /// <summary>The tender's properties a release carries; a change touching none of them (a document upload's stamp) is no step.</summary>
    private static readonly string[] PublishedTenderFields =
        ["Title", "Description", "Status", "Method", "EstimatedValue", "ClarificationDeadlineUtc", "SubmissionDeadlineUtc", "AwardDate"];

    public static IReadOnlyList<OcdsStep> Build(OcdsBatch b, OcdsProcess p)
    {
        var steps = new List<OcdsStep>();
        if (p.Tender is { PublishedUtc: { } published } t) AddTenderSteps(steps, b, p.Ocid, t, published);
        foreach (var a in p.Agreements) AddAgreementSteps(steps, b, p, a);
        steps.Sort((x, y) => x.Date != y.Date ? x.Date.CompareTo(y.Date) : x.Kind != y.Kind ? x.Kind.CompareTo(y.Kind) : string.CompareOrdinal(x.Id, y.Id));
        return steps;
    }

    private static void AddTenderSteps(List<OcdsStep> steps, OcdsBatch b, string ocid, OcdsTender current, DateTime published)
    {
        var changes = b.TenderChanges[current.Id].Where(c => c.AtUtc > published)
            .Select(c => (Change: c, Values: JsonDocument.Parse(c.Changes).RootElement))
            .Where(c => PublishedTenderFields.Any(f => c.Values.TryGetProperty(f, out _))).ToList();
        var state = current;
        for (var i = changes.Count - 1; i >= 0; i--) state = Apply(state, changes[i].Values, "old");
        steps.Add(new OcdsStep($"{ocid}-tender", OcdsStepKind.Tender, published) { TenderState = state });

        var updates = changes.Select(c => (At: c.Change.AtUtc, Key: c.Change.Id.ToString(CultureInfo.InvariantCulture), Values: (JsonElement?)c.Values))
            .Concat(b.TenderDocs[current.Id].Where(d => d.AddedUtc > published).Select(d => (At: d.AddedUtc, Key: $"document-{d.Id}", Values: (JsonElement?)null)))
            .OrderBy(u => u.At).ThenBy(u => u.Key, StringComparer.Ordinal);
        foreach (var u in updates)
        {
            var before = state.Status;
            if (u.Values is { } values) state = Apply(state, values, "new");
            // The change that cancelled the tender is its cancellation.
            var kind = state.Status == TenderStatus.Cancelled && before != TenderStatus.Cancelled ? OcdsStepKind.TenderCancellation : OcdsStepKind.TenderUpdate;
            var step = new OcdsStep("", kind, u.At) { TenderState = state };
            steps.Add(step with { Id = $"{ocid}-{step.Tag}-{u.Key}" });
        }
    }

    private static void AddAgreementSteps(List<OcdsStep> steps, OcdsBatch b, OcdsProcess p, OcdsAgreement a)
    {
        var awarded = AwardedAt(b, p, a);
        steps.Add(new OcdsStep($"{p.Ocid}-award-{a.Id}", OcdsStepKind.Award, awarded) { Agreement = a });
        steps.Add(new OcdsStep($"{p.Ocid}-contract-{a.Id}", OcdsStepKind.Contract, awarded) { Agreement = a });
        foreach (var m in b.Amendments[a.Id])
            steps.Add(new OcdsStep($"{p.Ocid}-contractAmendment-{m.Id}", OcdsStepKind.ContractAmendment, Latest(awarded, m.RecordedUtc)) { Agreement = a, Amendment = m });
        foreach (var m in b.Milestones[a.Id].Where(m => m.Status != MilestoneStatus.Scheduled && m.Completed is not null))
            steps.Add(new OcdsStep($"{p.Ocid}-implementation-milestone-{m.Id}", OcdsStepKind.Implementation, Latest(awarded, UkCalendar.StartUtc(m.Completed!.Value)))
            { Agreement = a, Milestone = m });
        if (Agreement.EffectiveStatus(a.Status, a.End, b.Today) is AgreementStatus.Terminated or AgreementStatus.Expired)
        {
            // Terminated on its termination day, or expired at the start of the day after its period ended.
            var ended = a.Status == AgreementStatus.Terminated && a.TerminatedDate is { } day ? day : a.End.AddDays(1);
            steps.Add(new OcdsStep($"{p.Ocid}-contractTermination-{a.Id}", OcdsStepKind.ContractTermination, Latest(awarded, UkCalendar.StartUtc(ended))) { Agreement = a });
        }
    }

    /// <summary>
    /// When the award was made: when the agreement was recorded, if that was on or before its award day (the tender's award date,
    /// or the start of an agreement made without one); otherwise (an agreement entered after the fact) the start of that day.
    /// Never before the tender was published.
    /// </summary>
    public static DateTime AwardedAt(OcdsBatch b, OcdsProcess p, OcdsAgreement a)
    {
        var day = p.Tender?.AwardDate ?? a.Start;
        var at = b.AgreementRecorded.TryGetValue(a.Id, out var recorded) && UkCalendar.DayOf(recorded) <= day ? recorded : UkCalendar.StartUtc(day);
        return p.Tender?.PublishedUtc is { } published ? Latest(published, at) : at;
    }

    private static DateTime Latest(DateTime a, DateTime b) => a >= b ? a : b;

    /// <summary>The tender with one audit row's old or new values of its published fields.</summary>
    private static OcdsTender Apply(OcdsTender t, JsonElement changes, string side)
    {
        foreach (var field in changes.EnumerateObject())
        {
            if (field.Value.ValueKind != JsonValueKind.Object || !field.Value.TryGetProperty(side, out var v)) continue;
            var isNull = v.ValueKind == JsonValueKind.Null;
            t = field.Name switch
            {
                "Title" => t with { Title = v.GetString() ?? "" },
                "Description" => t with { Description = v.GetString() ?? "" },
                "Status" when Enum.TryParse<TenderStatus>(v.GetString(), out var s) => t with { Status = s },
                "Method" when Enum.TryParse<ProcurementMethod>(v.GetString(), out var m) => t with { Method = m },
                "EstimatedValue" => t with { EstimatedValue = isNull ? null : v.GetDecimal() },
                "ClarificationDeadlineUtc" => t with { ClarificationUtc = isNull ? null : Instant(v) },
                "SubmissionDeadlineUtc" => t with { SubmissionUtc = isNull ? null : Instant(v) },
                "AwardDate" => t with { AwardDate = isNull ? null : DateOnly.Parse(v.GetString()!, CultureInfo.InvariantCulture) },
                _ => t,
            };
        }
        return t;
    }

    private static DateTime Instant(JsonElement v) =>
        DateTime.Parse(v.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
