using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Commissioning;

public sealed class CommissioningServiceTests
{
    private const string Commissioner = "commissioner@pathwayhub.example";
    private const string Coordinator = "coordinator@pathwayhub.example";
    private const string NepacsEditor = "provider@pathwayhub.example";

    private static async Task<int> OrgAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    private static async Task<int> PrisonAsync(TestApp app, string slug)
    {
        await using var db = await app.DbAsync();
        return await db.Prisons.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
    }

    /// <summary>A second provider editor, for another organisation, with a real sign-in (notifications go to real users).</summary>
    private static async Task<Actor> EditorOfAsync(TestApp app, string organisation, string email)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, DisplayName = organisation + " editor", OrganisationId = await OrgAsync(app, organisation) };
            Assert.True((await users.CreateAsync(user, Seeder.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.ProviderEditor)).Succeeded);
        }
        return await app.ActorAsync(email);
    }

    private static async Task<TenderInput> TenderAsync(TestApp app, string reference = "T-TEST-1", int daysToDeadline = 14) => new()
    {
        Reference = reference, Title = "Family support at HMP Durham", Description = "Support for families visiting HMP Durham.",
        EstimatedValue = 50_000m, Method = ProcurementMethod.Open, BuyerOrganisationId = await OrgAsync(app, "NOMS North East"),
        ClarificationDeadlineLocal = TestApp.Now.UtcDateTime.Date.AddDays(daysToDeadline - 7).AddHours(12),
        SubmissionDeadlineLocal = TestApp.Now.UtcDateTime.Date.AddDays(daysToDeadline).AddHours(12),
        PrisonIds = [await PrisonAsync(app, "hmp-durham")],
    };

    private static async Task<AgreementInput> AgreementAsync(TestApp app, string reference = "A-TEST-1") => new()
    {
        Reference = reference, Title = "Visits hall play at HMP Durham", Description = "Supervised play in the visits hall.", Kind = AgreementKind.Grant,
        SupplierOrganisationId = await OrgAsync(app, "NEPACS"), BuyerOrganisationId = await OrgAsync(app, "NOMS North East"), Value = 30_000m,
        StartDate = new DateOnly(2026, 4, 1), EndDate = new DateOnly(2027, 3, 31), ExtensionOptions = "1+1 years",
        PrisonIds = [await PrisonAsync(app, "hmp-durham")],
    };

    private static async Task<(int Id, Guid Version)> OpenTenderAsync(TestApp app, CommissioningService commissioner, string reference = "T-TEST-1")
    {
        var id = await commissioner.CreateTenderAsync(await TenderAsync(app, reference));
        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Active, null, (await commissioner.GetTenderAsync(id)).Version);
        return (id, (await commissioner.GetTenderAsync(id)).Version);
    }

    private static string Message(ValidationFailedException e) => string.Join(" ", e.Errors.Values);

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Tender_moves_only_along_its_transition_table_and_refusals_say_why(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
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
        Assert.Contains(audits, a => a.Changes.Contains("\"Cancelled\"", StringComparison.Ordinal) && a.UserName == "David Robson");
        Assert.True(audits.Count >= 5);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Award_creates_one_agreement_per_winner_and_tells_each_bidder_through_the_outbox(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var nepacsActor = await app.ActorAsync(NepacsEditor);
        var pactActor = await EditorOfAsync(app, "Pact", "editor@pact.example");
        var safeActor = await EditorOfAsync(app, "Safe Ground", "editor@safeground.example");
        var (id, _) = await OpenTenderAsync(app, commissioner);

        await app.As<CommissioningService>(nepacsActor).RegisterInterestAsync(id);
        await app.As<CommissioningService>(nepacsActor).SubmitBidAsync(id, new BidInput { Value = 48_000m, Summary = "Visits hall play" });
        await app.As<CommissioningService>(pactActor).SubmitBidAsync(id, new BidInput { Value = 45_500m, Summary = "Family engagement" });
        await app.As<CommissioningService>(safeActor).SubmitBidAsync(id, new BidInput { Value = 40_000m, Summary = "Relationship courses" });

        var t = await commissioner.GetTenderAsync(id);
        Assert.Equal(3, t.Bids.Count);
        Assert.Equal(3, t.InterestedOrganisations.Count);
        var tooEarly = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), Version = t.Version }));
        Assert.Contains("Only a tender in evaluation can be awarded", Message(tooEarly), StringComparison.Ordinal);
        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Evaluation, null, t.Version);
        t = await commissioner.GetTenderAsync(id);

        var nepacsBid = t.Bids.Single(b => b.Organisation == "NEPACS");
        var pactBid = t.Bids.Single(b => b.Organisation == "Pact");
        var outOfRange = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.EvaluateBidAsync(nepacsBid.Id, new BidEvaluationInput { Score = 101, Version = nepacsBid.Version }));
        Assert.True(outOfRange.Errors.ContainsKey("Score"));
        var noWinner = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), Version = t.Version }));
        Assert.Contains("Mark at least one bid successful", Message(noWinner), StringComparison.Ordinal);
        await commissioner.EvaluateBidAsync(nepacsBid.Id, new BidEvaluationInput { Score = 82, Outcome = BidOutcome.Successful, Version = nepacsBid.Version });
        await commissioner.EvaluateBidAsync(pactBid.Id, new BidEvaluationInput { Score = 79.5m, Outcome = BidOutcome.Successful, Version = pactBid.Version });
        t = await commissioner.GetTenderAsync(id);

        var badPeriod = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2026, 12, 31), Version = t.Version }));
        Assert.Equal("The end date must be after the start date.", badPeriod.Errors["EndDate"]);
        var ids = await commissioner.AwardAsync(id, new AwardInput { Kind = AgreementKind.Contract, StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), ExtensionOptions = "1 year", Version = t.Version });

        Assert.Equal(2, ids.Count);
        var agreements = await Task.WhenAll(ids.Select(i => commissioner.GetAgreementAsync(i)));
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

        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AwardAsync(id, new AwardInput { StartDate = new(2027, 1, 1), EndDate = new(2027, 12, 31), Version = t.Version }));
        Assert.Contains("it is awarded", Message(again), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_bid_after_the_submission_deadline_is_refused_and_one_before_replaces_the_earlier_bid(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var editor = app.As<CommissioningService>(await app.ActorAsync(NepacsEditor));
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

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Provider_editor_cannot_change_tenders_or_agreements_nor_see_another_organisations_bids(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var nepacs = app.As<CommissioningService>(await app.ActorAsync(NepacsEditor));
        var pact = app.As<CommissioningService>(await EditorOfAsync(app, "Pact", "editor@pact.example"));
        var member = app.As<CommissioningService>(await app.ActorAsync("member@pathwayhub.example"));
        var (id, version) = await OpenTenderAsync(app, commissioner);

        await Assert.ThrowsAsync<ForbiddenException>(async () => await nepacs.CreateTenderAsync(await TenderAsync(app, "T-NEPACS")));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacs.ChangeTenderStatusAsync(id, TenderStatus.Cancelled, "mine now", version));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await nepacs.CreateAgreementAsync(await AgreementAsync(app)));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacs.DashboardAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => member.SubmitBidAsync(id, new BidInput { Value = 1m, Summary = "x" }));
        var seeded = (await commissioner.SearchAgreementsAsync(new AgreementQuery { Text = "SLA-DUR" })).Items.Single();
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacs.RecordDecisionAsync(seeded.Id, RecommissioningDecision.LetLapse, null, null, Guid.Empty));

        await nepacs.SubmitBidAsync(id, new BidInput { Value = 48_000m, Summary = "NEPACS offer" });
        await pact.SubmitBidAsync(id, new BidInput { Value = 45_000m, Summary = "Pact offer" });

        var nepacsView = await nepacs.GetTenderAsync(id);
        Assert.Equal("NEPACS offer", Assert.Single(nepacsView.Bids).Summary);
        Assert.Equal("NEPACS", Assert.Single(nepacsView.InterestedOrganisations).Name);
        Assert.False(nepacsView.CanManage);
        Assert.Equal("Pact offer", Assert.Single((await pact.GetTenderAsync(id)).Bids).Summary);
        Assert.Empty((await member.GetTenderAsync(id)).Bids);
        Assert.Equal(2, (await commissioner.GetTenderAsync(id)).Bids.Count);

        // A tender still being planned does not exist for anyone but commissioners.
        var planned = await commissioner.CreateTenderAsync(await TenderAsync(app, "T-PLANNED"));
        await Assert.ThrowsAsync<NotFoundException>(() => nepacs.GetTenderAsync(planned));
        Assert.DoesNotContain(await nepacs.ListTendersAsync(), r => r.Id == planned);

        // Delivery detail and the decision are for commissioners and the agreement's own providers.
        var pactView = await pact.GetAgreementAsync(seeded.Id);
        Assert.True(pactView.SeesDelivery);
        Assert.Null(pactView.Decision);
        Assert.NotEmpty(pactView.Milestones);
        var nepacsOnPact = await nepacs.GetAgreementAsync(seeded.Id);
        Assert.False(nepacsOnPact.SeesDelivery);
        Assert.Empty(nepacsOnPact.Milestones);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Expiry_follows_from_the_end_date_on_the_clock_and_cannot_be_set_by_hand(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var id = await commissioner.CreateAgreementAsync(await AgreementAsync(app));
        var a = await commissioner.GetAgreementAsync(id);
        Assert.Equal(AgreementStatus.Pending, a.Status);
        Assert.True(a.NeedsDecision);

        var byHand = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Expired, null, a.Version));
        Assert.Contains("expires by itself", Message(byHand), StringComparison.Ordinal);
        await commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Active, null, a.Version);
        a = await commissioner.GetAgreementAsync(id);
        Assert.Equal(AgreementStatus.Active, a.Status);

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 31, 22, 0, 0, TimeSpan.Zero)); // 31 March, 23:00 in the UK: the last day
        Assert.Equal(AgreementStatus.Active, (await commissioner.GetAgreementAsync(id)).Status);
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 31, 23, 0, 0, TimeSpan.Zero)); // midnight in the UK (BST): 1 April
        a = await commissioner.GetAgreementAsync(id);
        Assert.Equal(AgreementStatus.Expired, a.Status);
        Assert.False(a.NeedsDecision);
        var expired = await commissioner.SearchAgreementsAsync(new AgreementQuery { Status = AgreementStatus.Expired });
        Assert.Contains(expired.Items, r => r.Id == id && r.Status == AgreementStatus.Expired);
        Assert.DoesNotContain((await commissioner.SearchAgreementsAsync(new AgreementQuery { Status = AgreementStatus.Active })).Items, r => r.Id == id);
        var terminate = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Terminated, "late", a.Version));
        Assert.Contains("expired on 1 April 2027", Message(terminate), StringComparison.Ordinal);

        // Extending the end date by amendment brings it back, with no status changed by hand.
        var input = AgreementInput.From(a);
        input.EndDate = new DateOnly(2028, 3, 31);
        await commissioner.AmendAgreementAsync(id, input, new DateOnly(2027, 4, 1), "First extension option taken up");
        a = await commissioner.GetAgreementAsync(id);
        Assert.Equal(AgreementStatus.Active, a.Status);
        Assert.Equal(new DateOnly(2027, 9, 30), a.DecisionDueDate);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Agreement_statuses_follow_their_table_and_terminated_is_final(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Coordinator));
        var id = await commissioner.CreateAgreementAsync(await AgreementAsync(app));
        var a = await commissioner.GetAgreementAsync(id);
        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Terminated, null, a.Version));
        Assert.True(noReason.Errors.ContainsKey("Reason"));
        await commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Active, null, a.Version);
        a = await commissioner.GetAgreementAsync(id);
        var back = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Pending, null, a.Version));
        Assert.Equal("An agreement that is active cannot become pending. It can become terminated.", Message(back));
        // A stale version is refused.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => commissioner.RecordDecisionAsync(id, RecommissioningDecision.Extend, null, null, Guid.NewGuid()));
        await commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Terminated, "Provider withdrew", a.Version);
        a = await commissioner.GetAgreementAsync(id);
        Assert.Equal(AgreementStatus.Terminated, a.Status);
        Assert.Equal(new DateOnly(2026, 11, 23), a.TerminatedDate);
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.ChangeAgreementStatusAsync(id, AgreementStatus.Active, null, a.Version));
        Assert.Equal("An agreement that is terminated cannot become active. It is closed.", Message(again));
        var amend = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AmendAgreementAsync(id, AgreementInput.From(a), new DateOnly(2026, 12, 1), "x"));
        Assert.Equal("A terminated agreement cannot be amended.", Message(amend));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Amendments_record_the_old_and_new_value_of_each_changed_term(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var id = await commissioner.CreateAgreementAsync(await AgreementAsync(app));
        var a = await commissioner.GetAgreementAsync(id);

        var same = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AmendAgreementAsync(id, AgreementInput.From(a), new DateOnly(2026, 12, 1), "Nothing"));
        Assert.StartsWith("Nothing has changed", Message(same), StringComparison.Ordinal);
        var input = AgreementInput.From(a);
        input.Value = 36_500.50m;
        input.EndDate = new DateOnly(2027, 9, 30);
        input.PrisonIds = [.. input.PrisonIds, await PrisonAsync(app, "hmp-frankland")];
        input.SubcontractorIds = [await OrgAsync(app, "Action for Prisoners' Families")];
        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AmendAgreementAsync(id, input, null, " "));
        Assert.True(noReason.Errors.ContainsKey("Reason") && noReason.Errors.ContainsKey("Date"));
        await commissioner.AmendAgreementAsync(id, input, new DateOnly(2026, 12, 1), "Extended to Frankland for six months");

        a = await commissioner.GetAgreementAsync(id);
        var amendment = Assert.Single(a.Amendments);
        Assert.Equal(new DateOnly(2026, 12, 1), amendment.Date);
        Assert.Equal("Extended to Frankland for six months", amendment.Reason);
        Assert.Equal("David Robson", amendment.RecordedBy);
        Assert.Equal(
        [
            new TermChange("Value", "£30,000", "£36,500.50"),
            new TermChange("End date", "31 March 2027", "30 September 2027"),
            new TermChange("Prisons", "HMP Durham", "HMP Durham, HMP Frankland"),
            new TermChange("Subcontractors", null, "Action for Prisoners' Families"),
        ], amendment.Changes);
        Assert.Equal(36_500.50m, a.Value);
        Assert.Equal(["HMP Durham", "HMP Frankland"], a.Prisons.Select(p => p.Name));
        Assert.Equal(new DateOnly(2027, 3, 30), a.DecisionDueDate);

        // A second amendment keeps the first; the history lists the newest first.
        input = AgreementInput.From(a);
        input.Title = "Visits hall play at HMP Durham and HMP Frankland";
        await commissioner.AmendAgreementAsync(id, input, new DateOnly(2027, 1, 5), "Title follows the new scope");
        a = await commissioner.GetAgreementAsync(id);
        Assert.Equal(2, a.Amendments.Count);
        Assert.Equal("Title", Assert.Single(a.Amendments[0].Changes).Term);

        var negative = AgreementInput.From(a);
        negative.Value = -1;
        negative.StartDate = new DateOnly(2028, 1, 1);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AmendAgreementAsync(id, negative, new DateOnly(2027, 1, 6), "x"));
        Assert.Equal("The value cannot be negative.", refused.Errors["Value"]);
        Assert.Equal("The end date must be after the start date.", refused.Errors["EndDate"]);
        Assert.Equal(2, (await commissioner.GetAgreementAsync(id)).Amendments.Count);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dashboard_and_reminder_queries_show_what_ends_what_is_undecided_and_what_is_overdue(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var nepacs = await app.ActorAsync(NepacsEditor);

        // Seeded: the One Plus One contract ends 31 December 2026 (within 3 months, decision overdue), Pact at Durham
        // 31 March 2027 (within 6), NEPACS grant 30 June 2027 (decided), Safe Ground 2028, Inside Out expired.
        var d = await commissioner.DashboardAsync();
        Assert.Equal((1, 2, 3), (d.Ending3, d.Ending6, d.Ending12));
        Assert.Equal(2, d.UndecidedCount);
        Assert.Equal(["NE-ROM-2024-019", "SLA-DUR-2024-03"], d.Undecided.Select(u => u.Reference));
        Assert.True(d.Undecided[0].DecisionOverdue);
        Assert.Equal(2, d.OverdueMilestoneCount);
        Assert.Equal(["Quarter 2 monitoring report", "Evaluation report"], d.OverdueMilestones.Select(m => m.Title));
        Assert.Equal(1, d.Pipeline[TenderStatus.Active]);
        Assert.Equal(1, d.Pipeline[TenderStatus.Evaluation]);
        Assert.Equal(0, d.Pipeline[TenderStatus.Cancelled]);
        var families = d.ValueByPathway.Single(v => v.Name == "Families and Social Support");
        Assert.Equal(48_000m + 120_000m + 85_000m + 36_000m, families.Value);
        Assert.Equal(48_000m + 120_000m + 85_000m, d.ValueByPrison.Single(v => v.Name == "HMP Durham").Value);

        var ending = await commissioner.AgreementsEndingWithinAsync(12);
        Assert.Equal(["NE-ROM-2024-019", "SLA-DUR-2024-03", "GR-NE-2025-02"], ending.Select(e => e.Reference));
        Assert.Equal(RecommissioningDecision.Recommission, ending[2].Decision);
        var due = await commissioner.MilestonesDueAsync(new DateOnly(2027, 1, 31));
        Assert.Equal(["Quarter 2 monitoring report", "Evaluation report", "Annual review with the Governor"], due.Select(m => m.Title));
        Assert.Equal([true, true, false], due.Select(m => m.Overdue));
        var closing = Assert.Single(await commissioner.TendersClosingWithinAsync(30));
        Assert.Equal("NE-ROM-2026-007", closing.Reference);
        Assert.Equal(["Action for Prisoners' Families", "NEPACS"], closing.InterestedOrganisations.Select(o => o.Name));
        Assert.Equal([nepacs.UserId!], closing.RecipientUserIds);
        Assert.Empty(await commissioner.TendersClosingWithinAsync(7));

        // Deciding takes an agreement off the undecided list; the home card follows.
        var pact = await commissioner.GetAgreementAsync(d.Undecided[1].Id);
        await commissioner.RecordDecisionAsync(pact.Id, RecommissioningDecision.Extend, new DateOnly(2027, 1, 31), "Take up the first extension year", pact.Version);
        var home = await commissioner.HomeAsync();
        Assert.Equal(1, home.UndecidedCount);
        pact = await commissioner.GetAgreementAsync(pact.Id);
        Assert.Equal((RecommissioningDecision.Extend, new DateOnly(2027, 1, 31), "David Robson"), (pact.Decision!.Value, pact.DecisionDueDate!.Value, pact.DecidedBy));

        var editorHome = await app.As<CommissioningService>(nepacs).HomeAsync();
        Assert.Equal("NE-ROM-2026-007", Assert.Single(editorHome.OpenTenders).Reference);
        Assert.Empty(editorHome.MyBids);
        Assert.Equal(0, editorHome.UndecidedCount);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Milestones_and_performance_returns_are_recorded_with_a_derived_rag(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        var id = await commissioner.CreateAgreementAsync(await AgreementAsync(app));
        var m = await commissioner.AddMilestoneAsync(id, new MilestoneInput { Title = "Q3 report", Kind = MilestoneKind.Reporting, DueDate = new DateOnly(2026, 11, 20) });
        var view = Assert.Single((await commissioner.GetAgreementAsync(id)).Milestones);
        Assert.True(view.Overdue);
        await commissioner.UpdateMilestoneAsync(m, MilestoneStatus.PartiallyMet, null, "Late, missing one prison", view.Version);
        view = Assert.Single((await commissioner.GetAgreementAsync(id)).Milestones);
        Assert.Equal((MilestoneStatus.PartiallyMet, new DateOnly(2026, 11, 23), false), (view.Status, view.CompletedDate!.Value, view.Overdue));

        await commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Families supported", Target = 100, Actual = 85 });
        await commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Sessions run", Target = 20, Actual = 12 });
        await commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Referrals", Target = 10, Actual = 9, Rag = Rag.Green });
        var dup = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 2, Measure = "Sessions run", Target = 1, Actual = 1 }));
        Assert.Equal("This measure is already recorded for 2026-27 Q2 (Jul to Sep).", dup.Errors["Measure"]);
        var negative = await Assert.ThrowsAsync<ValidationFailedException>(() => commissioner.AddReturnAsync(id, new ReturnInput { FinancialYear = 2026, Quarter = 3, Measure = "x", Target = -1, Actual = -2 }));
        Assert.Equal(2, negative.Errors.Count);
        var returns = (await commissioner.GetAgreementAsync(id)).Returns;
        Assert.Equal([("Families supported", Rag.Amber), ("Referrals", Rag.Green), ("Sessions run", Rag.Red)], returns.Select(r => (r.Measure, r.Rag)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_filters_pages_and_exports_csv(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<CommissioningService>(await app.ActorAsync(Commissioner));
        await using (var db = await app.DbAsync())
        {
            var pathway = await db.Pathways.SingleAsync(p => p.Slug == "life-skills-and-offending-behaviour");
            Assert.Equal(["GR-NE-2023-07"], (await commissioner.SearchAgreementsAsync(new AgreementQuery { PathwayId = pathway.Id })).Items.Select(r => r.Reference));
        }
        Assert.Equal(["GR-NE-2025-02", "NE-ROM-2024-019", "SLA-LNW-2026-01"],
            (await commissioner.SearchAgreementsAsync(new AgreementQuery { PrisonId = await PrisonAsync(app, "hmp-low-newton"), Sort = AgreementSort.Value, Descending = true })).Items.Select(r => r.Reference));
        Assert.Equal(["NE-ROM-2024-019"], (await commissioner.SearchAgreementsAsync(new AgreementQuery { SupplierId = await OrgAsync(app, "Family Action") })).Items.Select(r => r.Reference));
        Assert.Equal(2, (await commissioner.SearchAgreementsAsync(new AgreementQuery { Kind = AgreementKind.ServiceLevelAgreement })).TotalItems);
        Assert.Equal(["GR-NE-2023-07", "NE-ROM-2024-019", "SLA-DUR-2024-03"],
            (await commissioner.SearchAgreementsAsync(new AgreementQuery { EndingBefore = new DateOnly(2027, 3, 31) })).Items.Select(r => r.Reference));
        var page = await commissioner.SearchAgreementsAsync(new AgreementQuery { PageSize = 2, Page = 1 });
        Assert.Equal((5, 2), (page.TotalItems, page.Items.Count));

        var csv = Csv.Read(await commissioner.ExportAgreementsCsvAsync(new AgreementQuery { Kind = AgreementKind.Grant }));
        Assert.Equal("Recommissioning decision", csv[0].Fields[11]);
        Assert.Equal(["GR-NE-2023-07", "GR-NE-2025-02"], csv.Skip(1).Select(r => r.Fields[0]));
        Assert.Equal("120000.00", csv[2].Fields[5]);
        Assert.Equal("Expired", csv[1].Fields[8]);

        var memberCsv = Csv.Read(await app.As<CommissioningService>(await app.ActorAsync("member@pathwayhub.example")).ExportAgreementsCsvAsync(new AgreementQuery()));
        Assert.Equal(11, memberCsv[0].Fields.Length);
    }
}
