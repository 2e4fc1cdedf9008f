using System.Globalization;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// The words commissioning shows for its statuses and kinds, and how it writes money, days and quarters. Labels are lower
/// case, to sit inside a sentence ("A tender that is open for bids…"); <c>Sentence</c> starts a cell or a list item with one.
/// </summary>
public static class CommissioningText
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static string Label(TenderStatus status) => status switch
    {
        TenderStatus.Active => "open for bids",
        TenderStatus.Evaluation => "in evaluation",
        TenderStatus.Complete => "awarded",
        _ => Lower(status),
    };

    public static string Label(BidOutcome outcome) => outcome == BidOutcome.Pending ? "not yet decided" : Lower(outcome);
    public static string Label(AgreementKind kind) => kind == AgreementKind.ServiceLevelAgreement ? "service-level agreement" : Lower(kind);
    public static string Label(AgreementStatus status) => Lower(status);
    public static string Label(RecommissioningDecision decision) => decision == RecommissioningDecision.LetLapse ? "let lapse" : Lower(decision);
    public static string Label(MilestoneKind kind) => Lower(kind);

    public static string Label(MilestoneStatus status) => status switch
    {
        MilestoneStatus.NotMet => "not met",
        MilestoneStatus.PartiallyMet => "partially met",
        _ => Lower(status),
    };

    public static string Sentence(TenderStatus status) => TextCase.Sentence(Label(status));
    public static string Sentence(BidOutcome outcome) => TextCase.Sentence(Label(outcome));
    public static string Sentence(AgreementKind kind) => TextCase.Sentence(Label(kind));
    public static string Sentence(AgreementStatus status) => TextCase.Sentence(Label(status));
    public static string Sentence(RecommissioningDecision decision) => TextCase.Sentence(Label(decision));
    public static string Sentence(MilestoneKind kind) => TextCase.Sentence(Label(kind));
    public static string Sentence(MilestoneStatus status) => TextCase.Sentence(Label(status));

    /// <summary>"£30,000", or "£36,500.50" when there are pence.</summary>
    public static string Money(decimal value) => value.ToString(value % 1 == 0 ? "C0" : "C2", Uk);

    /// <summary>"31 March 2027".</summary>
    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", Uk);

    /// <summary>"2026-27 Q3 (Oct to Dec)".</summary>
    public static string Quarter(int financialYear, int quarter) =>
        $"{financialYear}-{(financialYear + 1) % 100:00} Q{quarter} ({quarter switch { 1 => "Apr to Jun", 2 => "Jul to Sep", 3 => "Oct to Dec", _ => "Jan to Mar" }})";

    /// <summary>What a refused status change adds: where the record can go from here, or that it is closed.</summary>
    public static string Allowed(IReadOnlyCollection<string> next) =>
        next.Count == 0 ? " It is closed." : $" It can become {string.Join(" or ", next)}.";

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
