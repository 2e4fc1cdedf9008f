namespace PathwayHub.Web.Features.Directory.Evaluation;

/// <summary>
/// How far a service's impact is evaluated. The research the portal grew from finds "an absence of evaluation" and asks that it
/// be resourced; the region needs to see which services have none. Stored by name, so a value added later never renumbers these.
/// </summary>
public enum EvaluationStatus
{
    None = 0,
    /// <summary>The provider monitors its own outcomes; no one outside has evaluated it.</summary>
    InternalMonitoring = 1,
    /// <summary>Evaluated by someone independent of the provider: who, when and where the report is are recorded.</summary>
    IndependentEvaluation = 2,
}

/// <summary>
/// The one home of the evaluation rules: what an independent evaluation must record, how each status reads, and how the CSV
/// import spells them. The edit dialog, the review, the import, the directory, the gaps page and the reports all use it.
/// </summary>
public static class ServiceEvaluation
{
    public const int EvaluatorMaxLength = 200;
    public const int UrlMaxLength = 500;

    public static string Label(EvaluationStatus status) => status switch
    {
        EvaluationStatus.InternalMonitoring => "Internal monitoring",
        EvaluationStatus.IndependentEvaluation => "Independent evaluation",
        _ => "No evaluation",
    };

    /// <summary>The status with the evidence of impact held beside it, as a directory row or report line reads it.</summary>
    public static string Summary(EvaluationStatus status, bool hasEvidence) => Label(status) + (hasEvidence ? "; evidence held" : "");

    /// <summary>An independent evaluation with who, when and where; otherwise the status alone.</summary>
    public static string Describe(EvaluationStatus status, string? evaluator, DateOnly? date, string? url) => status == EvaluationStatus.IndependentEvaluation
        ? string.Join(", ", new[] { Label(status), evaluator, date?.ToString("d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), url }.Where(x => !string.IsNullOrWhiteSpace(x)))
        : Label(status);

    /// <summary>
    /// Field errors for an evaluation, keyed by the <see cref="Listings.ServiceInput"/> property names: an independent evaluation
    /// names its evaluator, its date (not in the future) and a link to the report; the other statuses carry none of these.
    /// </summary>
    public static void Validate(EvaluationStatus status, string? evaluator, DateOnly? date, string? url, DateOnly today, IDictionary<string, string> errors)
    {
        const string Evaluator = nameof(Listings.ServiceInput.Evaluator), Date = nameof(Listings.ServiceInput.EvaluationDate),
            Url = nameof(Listings.ServiceInput.EvaluationUrl), Status = nameof(Listings.ServiceInput.Evaluation);
        if (!Enum.IsDefined(status))
        {
            errors[Status] = "Choose no evaluation, internal monitoring or independent evaluation.";
            return;
        }
        var who = Infrastructure.FieldRules.Clean(evaluator);
        var link = Infrastructure.FieldRules.Clean(url);
        if (status != EvaluationStatus.IndependentEvaluation)
        {
            if (who is not null || date is not null || link is not null)
                errors[Status] = "An evaluator, date and link are recorded for an independent evaluation only: choose independent evaluation, or clear them.";
            return;
        }
        if (who is null) errors[Evaluator] = "Enter who carried out the independent evaluation.";
        else if (who.Length > EvaluatorMaxLength) errors[Evaluator] = $"This must be {EvaluatorMaxLength} characters or fewer.";
        if (date is null) errors[Date] = "Enter the date of the evaluation report.";
        else if (date > today) errors[Date] = "The evaluation date cannot be in the future.";
        if (link is null) errors[Url] = "Enter a link to the evaluation report, like https://www.example.org/evaluation.pdf.";
        else if (link.Length > UrlMaxLength) errors[Url] = $"This must be {UrlMaxLength} characters or fewer.";
        else if (!Infrastructure.FieldRules.IsWebAddress(link)) errors[Url] = "Enter a full web address, like https://www.example.org/evaluation.pdf.";
    }

    /// <summary>The import's spelling of a status: empty or "none", "internal monitoring", "independent evaluation" (any case, hyphens or underscores for spaces).</summary>
    public static bool TryParse(string? text, out EvaluationStatus status)
    {
        switch (text?.Trim().ToLowerInvariant().Replace('-', ' ').Replace('_', ' '))
        {
            case null or "" or "none" or "no evaluation": status = EvaluationStatus.None; return true;
            case "internal monitoring" or "internal": status = EvaluationStatus.InternalMonitoring; return true;
            case "independent evaluation" or "independent": status = EvaluationStatus.IndependentEvaluation; return true;
            default: status = EvaluationStatus.None; return false;
        }
    }

    /// <summary>How the CSV export and import template write a status.</summary>
    public static string CsvName(EvaluationStatus status) => status switch
    {
        EvaluationStatus.InternalMonitoring => "internal monitoring",
        EvaluationStatus.IndependentEvaluation => "independent evaluation",
        _ => "none",
    };
}
