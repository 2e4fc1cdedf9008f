using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>Tenders and bids: the status table, the deadline, and who sees which bid.</summary>
public sealed class TenderServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Tender_moves_only_along_its_transition_table_and_refusals_say_why(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<TenderService>(await CommissionerAsync(app));
        var input = await TenderAsync(app);
        input.SubmissionDeadlineLocal = null;
        input.ClarificationDeadlineLocal = null;
        var id = await commissioner.CreateTenderAsync(input);
        var t = await commissioner.GetTenderAsync(id);
        Assert.Equal(TenderStatus.Planning, t.Status);

        var skip = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Evaluation, null, t.Version));
        Assert.Equal("A tender that is planning cannot become in evaluation. It can become open for bids or cancelled.", Message(skip));
        var noDeadline = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Active, null, t.Version));
        Assert.Contains("submission deadline in the future", Message(noDeadline), StringComparison.Ordinal);

        var withDeadline = await TenderAsync(app);
        withDeadline.Version = t.Version;
        await commissioner.UpdateTenderAsync(id, withDeadline);
        t = await commissioner.GetTenderAsync(id);
        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Active, null, t.Version);
        t = await commissioner.GetTenderAsync(id);
        Assert.Equal(TenderStatus.Active, t.Status);
        Assert.Equal(TestApp.Now.UtcDateTime, t.PublishedUtc);

        var complete = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Complete, null, t.Version));
        Assert.Contains("cannot become awarded", Message(complete), StringComparison.Ordinal);
        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Evaluation, null, t.Version);
        t = await commissioner.GetTenderAsync(id);
        var byHand = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Complete, null, t.Version));
        Assert.Equal("A tender is completed by awarding it to the successful bidders.", Message(byHand));
        var back = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Active, null, t.Version));
        Assert.Contains("in evaluation cannot become open for bids", Message(back), StringComparison.Ordinal);
        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Cancelled, " ", t.Version));
        Assert.True(noReason.Errors.ContainsKey("Reason"));

        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Cancelled, "Budget withdrawn", t.Version);
        t = await commissioner.GetTenderAsync(id);
        Assert.Equal(TenderStatus.Cancelled, t.Status);
        Assert.Equal("Budget withdrawn", t.ClosureReason);
        var closed = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeTenderStatusAsync(id, TenderStatus.Active, null, t.Version));
        Assert.Equal("A tender that is cancelled cannot become open for bids. It is closed.", Message(closed));
        await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.UpdateTenderAsync(id, withDeadline));

        // Every change is in the audit trail.
        await using var db = await app.DbAsync();
        var audits = await db.AuditEntries.Where(a => a.EntityType == nameof(Tender) && a.EntityId == id.ToString()).ToListAsync();
        Assert.Contains(audits, a => a.Changes.Contains("\"Cancelled\"", StringComparison.Ordinal) && a.UserName == "Cam Commissioner");
        Assert.True(audits.Count >= 5);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_bid_after_the_submission_deadline_is_refused_and_one_before_replaces_the_earlier_bid(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<TenderService>(await CommissionerAsync(app));
        var editor = app.As<TenderService>(await NepacsEditorAsync(app));
        var (id, _) = await OpenTenderAsync(app, commissioner);

        await editor.SubmitBidAsync(id, new BidInput { Value = 50_000m, Summary = "First offer" });
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 11, 59, 59, TimeSpan.Zero)); // deadline is noon UK time (GMT) on 7 December
        await editor.SubmitBidAsync(id, new BidInput { Value = 47_000m, Summary = "Revised offer" });
        var mine = Assert.Single((await editor.GetTenderAsync(id)).Bids);
        Assert.Equal(47_000m, mine.Value);
        Assert.Equal("Revised offer", mine.Summary);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 12, 0, 1, TimeSpan.Zero));
        var late = await Assert.ThrowsAsync<ValidationFailedException>(() => editor.SubmitBidAsync(id, new BidInput { Value = 1m, Summary = "Too late" }));
        Assert.Equal("Bids closed at 12:00 on 7 December 2026. This bid is late and cannot be accepted.", Message(late));
        var view = await editor.GetTenderAsync(id);
        Assert.False(view.CanBid);
        Assert.Equal(47_000m, Assert.Single(view.Bids).Value);

        var negative = await Assert.ThrowsAsync<ValidationFailedException>(() => editor.SubmitBidAsync(id, new BidInput { Value = -5m, Summary = "x" }));
        Assert.Equal("The value cannot be negative.", negative.Errors["Value"]);
    }
}
