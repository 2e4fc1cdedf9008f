using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Commissioning;

namespace PathwayHub.Tests.Builders;

/// <summary>
/// Small tenders and agreements for tests that must not depend on the demo seed: a test sets what it is about and the rest is
/// plain and valid. Add them through a context; references must be unique.
/// </summary>
public static class CommissioningBuilders
{
    public static Agreement Agreement(string reference, int organisationId, DateOnly end, AgreementStatus status = AgreementStatus.Active,
        RecommissioningDecision decision = RecommissioningDecision.Undecided) => new()
    {
        Reference = reference, Title = $"Agreement {reference}", Kind = AgreementKind.Grant,
        SupplierOrganisationId = organisationId, BuyerOrganisationId = organisationId, Value = 10_000m,
        StartDate = end.AddYears(-1).AddDays(1), EndDate = end, Status = status, Decision = decision,
        DecisionDueDate = Web.Features.Commissioning.Agreement.DefaultDecisionDue(end), LastModifiedUtc = TestApp.Now.UtcDateTime,
    };

    /// <summary>
    /// Saves a live, undecided agreement of the organisation ending six months after the test clock's day and funding the services:
    /// the minimum offer's "at risk" case. Returns its id.
    /// </summary>
    public static async Task<int> FundUndecidedAsync(this TestApp app, string reference, int organisationId, params IEnumerable<int> serviceIds)
    {
        await using var db = await app.DbAsync();
        var agreement = Agreement(reference, organisationId, DateOnly.FromDateTime(TestApp.Now.UtcDateTime).AddMonths(6));
        agreement.Services.AddRange(serviceIds.Select(id => new AgreementService { ServiceId = id }));
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();
        return agreement.Id;
    }

    public static Milestone Milestone(string title, DateOnly due, MilestoneStatus status = MilestoneStatus.Scheduled) => new()
    {
        Title = title, Kind = MilestoneKind.Reporting, DueDate = due, Status = status,
    };

    /// <summary>A tender with its submission deadline, and the organisations that registered interest in it.</summary>
    public static Tender Tender(string reference, int buyerId, DateTime submissionDeadlineUtc, TenderStatus status = TenderStatus.Active, params int[] interested)
    {
        var tender = new Tender
        {
            Reference = reference, Title = $"Tender {reference}", BuyerOrganisationId = buyerId, Status = status,
            PublishedUtc = status == TenderStatus.Planning ? null : TestApp.Now.UtcDateTime.AddDays(-14), SubmissionDeadlineUtc = submissionDeadlineUtc,
            LastModifiedUtc = TestApp.Now.UtcDateTime,
        };
        foreach (var org in interested) tender.Interests.Add(new TenderInterest { OrganisationId = org, RegisteredUtc = TestApp.Now.UtcDateTime, RegisteredBy = "test" });
        return tender;
    }
}
