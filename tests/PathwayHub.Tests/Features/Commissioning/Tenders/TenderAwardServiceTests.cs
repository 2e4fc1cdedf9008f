using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

public sealed class TenderAwardServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Award_creates_one_agreement_per_winner_and_tells_each_bidder_through_the_outbox(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissionerActor = await CommissionerAsync(app);
        var commissioner = app.As<TenderService>(commissionerActor);
        var award = app.As<TenderAwardService>(commissionerActor);
        var nepacsActor = await NepacsEditorAsync(app);
        var pactActor = await EditorOfAsync(app, "Pact");
        var safeActor = await EditorOfAsync(app, "Safe Ground");
        var (id, _) = await OpenTenderAsync(app, commissioner);

        await app.As<TenderService>(nepacsActor).RegisterInterestAsync(id);
        await app.As<TenderService>(nepacsActor).SubmitBidAsync(id, new BidInput { Value = 48_000m, Summary = "Visits hall play" });
        await app.As<TenderService>(pactActor).SubmitBidAsync(id, new BidInput { Value = 45_500m, Summary = "Family engagement" });
        await app.As<TenderService>(safeActor).SubmitBidAsync(id, new BidInput { Value = 40_000m, Summary = "Relationship courses" });

        var t = await commissioner.GetTenderAsync(id);
        Assert.Equal(3, t.Bids.Count);
        Assert.Equal(3, t.InterestedOrganisations.Count);
        var tooEarly = await Assert.ThrowsAsync<ValidationFailedException>(() => award.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), Version = t.Version }));
        Assert.Contains("Only a tender in evaluation can be awarded", Message(tooEarly), StringComparison.Ordinal);
        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Evaluation, null, t.Version);
        t = await commissioner.GetTenderAsync(id);

        var nepacsBid = t.Bids.Single(b => b.Organisation == "NEPACS");
        var pactBid = t.Bids.Single(b => b.Organisation == "Pact");
        var outOfRange = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.EvaluateBidAsync(nepacsBid.Id, new BidEvaluationInput { Score = 101, Version = nepacsBid.Version }));
        Assert.True(outOfRange.Errors.ContainsKey("Score"));
        var noWinner = await Assert.ThrowsAsync<ValidationFailedException>(() => award.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), Version = t.Version }));
        Assert.Contains("Mark at least one bid successful", Message(noWinner), StringComparison.Ordinal);
        await commissioner.EvaluateBidAsync(nepacsBid.Id, new BidEvaluationInput { Score = 82, Outcome = BidOutcome.Successful, Version = nepacsBid.Version });
        await commissioner.EvaluateBidAsync(pactBid.Id, new BidEvaluationInput { Score = 79.5m, Outcome = BidOutcome.Successful, Version = pactBid.Version });
        t = await commissioner.GetTenderAsync(id);

        var badPeriod = await Assert.ThrowsAsync<ValidationFailedException>(() => award.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2026, 12, 31), Version = t.Version }));
        Assert.Equal("The end date must be after the start date.", badPeriod.Errors["EndDate"]);
        var ids = await award.AwardAsync(id, new AwardInput { Kind = AgreementKind.Contract, StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), ExtensionOptions = "1 year", Version = t.Version });

        Assert.Equal(2, ids.Count);
        var agreements = await Task.WhenAll(ids.Select(i => app.As<AgreementLifecycleService>(commissionerActor).GetAgreementAsync(i)));
        Assert.Equal(["NEPACS", "Pact"], agreements.Select(a => a.Supplier).Order());
        Assert.Equal(48_000m, agreements.Single(a => a.Supplier == "NEPACS").Value);
        Assert.Equal(45_500m, agreements.Single(a => a.Supplier == "Pact").Value);
        Assert.All(agreements, a =>
        {
            Assert.Equal(AgreementStatus.Pending, a.Status);
            Assert.Equal(RecommissioningDecision.Undecided, a.Decision);
            Assert.Equal(new DateOnly(2027, 6, 30), a.DecisionDueDate);
            Assert.Equal("HMP Durham", Assert.Single(a.Prisons).Name);
            Assert.Equal(id, a.TenderId);
            Assert.StartsWith("T-TEST-1-", a.Reference, StringComparison.Ordinal);
        });
        t = await commissioner.GetTenderAsync(id);
        Assert.Equal(TenderStatus.Complete, t.Status);
        Assert.Equal(new DateOnly(2026, 11, 23), t.AwardDate);
        Assert.Equal(BidOutcome.Unsuccessful, t.Bids.Single(b => b.Organisation == "Safe Ground").Outcome);
        Assert.Equal(2, t.Agreements.Count);

        await using var db = await app.DbAsync();
        var sent = await db.Notifications.Where(n => n.DedupKey.StartsWith($"tender:{id}:")).ToListAsync();
        Assert.Equal(3, sent.Count);
        Assert.Equal("tender-awarded", sent.Single(n => n.RecipientId == nepacsActor.UserId).Kind);
        Assert.Equal("tender-awarded", sent.Single(n => n.RecipientId == pactActor.UserId).Kind);
        Assert.Equal("tender-unsuccessful", sent.Single(n => n.RecipientId == safeActor.UserId).Kind);
        Assert.Equal($"/commissioning/tenders/{id}", sent[0].Link);

        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => award.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), Version = t.Version }));
        Assert.Contains("it is awarded", Message(again), StringComparison.Ordinal);
    }
}
