using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

public sealed class AgreementLifecycleServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Expiry_follows_from_the_end_date_on_the_clock_and_cannot_be_set_by_hand(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissionerActor = await CommissionerAsync(app);
        var commissioner = app.As<AgreementLifecycleService>(commissionerActor);
        var register = app.As<AgreementRegisterService>(commissionerActor);
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
        var expired = await register.SearchAgreementsAsync(new AgreementQuery { Status = AgreementStatus.Expired });
        Assert.Contains(expired.Items, r => r.Id == id && r.Status == AgreementStatus.Expired);
        Assert.DoesNotContain((await register.SearchAgreementsAsync(new AgreementQuery { Status = AgreementStatus.Active })).Items, r => r.Id == id);
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
        var commissioner = app.As<AgreementLifecycleService>(await CoordinatorAsync(app));
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
        var commissioner = app.As<AgreementLifecycleService>(await CommissionerAsync(app));
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
        Assert.Equal("Cam Commissioner", amendment.RecordedBy);
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
}
