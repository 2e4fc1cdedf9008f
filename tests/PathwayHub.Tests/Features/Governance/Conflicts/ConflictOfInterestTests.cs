using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Agenda;
using PathwayHub.Web.Features.Governance.Conflicts;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Governance.Conflicts;

/// <summary>
/// Conflicts of interest caught: a current member whose organisation registered interest in or bid for a tender serving the
/// Pathway is shown, at every meeting of the Pathway with an item linked to the tender, to the coordinator, the chair and
/// vice-chair and themselves (ConflictAccess), never to anyone else; commissioners see the members on the tender's page.
/// </summary>
public sealed class ConflictOfInterestTests
{
    /// <summary>The Pathway team, an ordinary member (Family Action) and a former member (Safe Ground), a tender serving the Pathway
    /// with NEPACS's interest and bids from Pact and Safe Ground, a tender serving only Accommodation that Family Action bid for,
    /// and two published meetings of the Pathway.</summary>
    private sealed record World(TestApp App, PathwayTeam Team, Actor Ordinary, int FormerPersonId, int TenderId, int OtherTenderId, int MeetingId, int LaterMeetingId)
    {
        public Actor Commissioner { get; init; } = null!;

        public static async Task<World> BuildAsync(TestApp app)
        {
            var team = await PathwayTeam.BuildAsync(app);
            var ordinary = await app.MemberAsync(team.PathwayId, MembershipRole.Member, "Olive Ordinary", organisation: "Family Action");
            var former = await app.PersonAsync("Ernie Former", "Safe Ground");
            await app.MembershipAsync(former, team.PathwayId, MembershipRole.Member, DateOnly.FromDateTime(TestApp.Now.UtcDateTime).AddYears(-3),
                DateOnly.FromDateTime(TestApp.Now.UtcDateTime).AddMonths(-2));
            var buyer = await app.OrganisationIdAsync("NOMS North East");
            var tender = CommissioningBuilders.Tender("NE-TEST-001", buyer, TestApp.Now.UtcDateTime.AddDays(-3), TenderStatus.Evaluation, await app.OrganisationIdAsync("NEPACS"));
            tender.Title = "Family support in visits halls";
            tender.Pathways.Add(new TenderPathway { PathwayId = team.PathwayId });
            foreach (var org in new[] { "Pact", "Safe Ground" })
                tender.Bids.Add(new Bid { OrganisationId = await app.OrganisationIdAsync(org), Value = 50_000m, Summary = "Our bid.", SubmittedBy = org, SubmittedUtc = TestApp.Now.UtcDateTime.AddDays(-5) });
            var other = CommissioningBuilders.Tender("NE-TEST-002", buyer, TestApp.Now.UtcDateTime.AddDays(20));
            other.Pathways.Add(new TenderPathway { PathwayId = await app.PathwayIdAsync("accommodation") });
            other.Bids.Add(new Bid { OrganisationId = await app.OrganisationIdAsync("Family Action"), Value = 1m, Summary = "Bid.", SubmittedBy = "x", SubmittedUtc = TestApp.Now.UtcDateTime });
            await using (var db = await app.DbAsync())
            {
                db.Tenders.AddRange(tender, other);
                await db.SaveChangesAsync();
            }
            var meetings = await app.AddAsync([GovernanceBuilders.Meeting(team.PathwayId, TestApp.Now.UtcDateTime.AddDays(14)),
                GovernanceBuilders.Meeting(team.PathwayId, TestApp.Now.UtcDateTime.AddDays(105))]);
            return new World(app, team, ordinary, former, tender.Id, other.Id, meetings[0], meetings[1]) { Commissioner = await app.CommissionerAsync() };
        }

        public Task<int> ItemAsync(int meetingId, int? tenderId = null) =>
            App.As<AgendaService>(Team.Coordinator).AddItemAsync(meetingId, "Visits hall tender", ItemPurpose.Information, null, 10, tenderId);

        public Task<MeetingView> MeetingAs(Actor actor, int meetingId) => App.As<MeetingService>(actor).GetAsync(meetingId);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Members_whose_organisation_bid_or_registered_interest_are_found_at_every_meeting_with_the_tender_on_its_agenda(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var w = await World.BuildAsync(app);
        var first = await w.ItemAsync(w.MeetingId, w.TenderId);
        var later = await w.ItemAsync(w.LaterMeetingId);
        // Not linked yet: nothing to declare at the later meeting.
        Assert.Empty((await w.MeetingAs(w.Team.Coordinator, w.LaterMeetingId)).Conflicts);
        var version = (await w.MeetingAs(w.Team.Coordinator, w.LaterMeetingId)).Items.Single(i => i.Id == later).Version;
        await app.As<AgendaService>(w.Team.Coordinator).LinkTenderAsync(later, w.TenderId, version);

        foreach (var meetingId in new[] { w.MeetingId, w.LaterMeetingId })
        {
            var view = await w.MeetingAs(w.Team.Coordinator, meetingId);
            // The provider (NEPACS registered interest) and the associate (Pact bid); not the former member (Safe Ground bid) nor anyone
            // whose organisation did neither.
            Assert.Equal(["Asha Associate", "Pat Provider"], view.Conflicts.Select(c => c.Person).Order(StringComparer.Ordinal));
            var pat = Assert.Single(view.Conflicts, c => c.Person == "Pat Provider");
            Assert.Equal("NEPACS registered interest in NE-TEST-001 (Family support in visits halls)", pat.Why);
            Assert.Equal("Associate", Assert.Single(view.Conflicts, c => c.Person == "Asha Associate").Role);
            Assert.Contains("Pact bid for NE-TEST-001", Assert.Single(view.Conflicts, c => c.Person == "Asha Associate").Why, StringComparison.Ordinal);
            Assert.All(view.Conflicts, c => Assert.False(c.Declared));
            Assert.Equal(new LinkedTender(w.TenderId, "NE-TEST-001", "Family support in visits halls"), Assert.Single(view.Items, i => i.Tender is not null).Tender);
        }
        Assert.Contains(first, (await w.MeetingAs(w.Team.Coordinator, w.MeetingId)).Conflicts[0].ItemIds);

        // Seats are taken as they stand on the meeting's day: a seat that ends before a meeting is not counted at it.
        await using (var db = await app.DbAsync())
        {
            var pat = await db.Memberships.SingleAsync(m => m.PersonId == w.Team.Provider.PersonId && m.PathwayId == w.Team.PathwayId);
            pat.EndDate = DateOnly.FromDateTime(TestApp.Now.UtcDateTime).AddDays(30);
            await db.SaveChangesAsync();
        }
        Assert.Contains((await w.MeetingAs(w.Team.Coordinator, w.MeetingId)).Conflicts, c => c.Person == "Pat Provider");
        Assert.DoesNotContain((await w.MeetingAs(w.Team.Coordinator, w.LaterMeetingId)).Conflicts, c => c.Person == "Pat Provider");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Who_bid_is_seen_only_by_the_coordinator_chair_vice_chair_and_the_member_themselves(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var w = await World.BuildAsync(app);
        await w.ItemAsync(w.MeetingId, w.TenderId);

        foreach (var all in new[] { w.Team.Coordinator, w.Team.Chair, w.Team.Member /* the vice-chair */ })
            Assert.Equal(2, (await w.MeetingAs(all, w.MeetingId)).Conflicts.Count);
        var own = Assert.Single((await w.MeetingAs(w.Team.Provider, w.MeetingId)).Conflicts);
        Assert.True(own.Mine);
        Assert.Equal("Pat Provider", own.Person);
        var asha = Assert.Single((await w.MeetingAs(w.Team.Associate, w.MeetingId)).Conflicts);
        Assert.Equal("Asha Associate", asha.Person);

        // An ordinary member learns nothing of who bid: no conflicts, not even a count; the item still says which tender it is about.
        var ordinary = await w.MeetingAs(w.Ordinary, w.MeetingId);
        Assert.Empty(ordinary.Conflicts);
        Assert.Equal("NE-TEST-001", Assert.Single(ordinary.Items, i => i.Tender is not null).Tender!.Reference);
        Assert.All(ordinary.Items, i => Assert.Null(i.TenderId));

        // The tender's page: commissioners and the coordinator see the members; provider editors and members are refused.
        var rows = await app.As<TenderConflictsService>(w.Commissioner).ForTenderAsync(w.TenderId);
        Assert.Equal(["Asha Associate", "Pat Provider"], rows.Select(r => r.Person).Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(rows, r => r.Person == "Asha Associate").Bid);
        Assert.Single(Assert.Single(rows, r => r.Person == "Pat Provider").Meetings);
        Assert.Equal(2, (await app.As<TenderConflictsService>(w.Team.Coordinator).ForTenderAsync(w.TenderId)).Count);
        foreach (var refused in new[] { w.Team.Provider, w.Team.Chair, w.Ordinary, w.Team.Associate })
            await Assert.ThrowsAsync<ForbiddenException>(() => app.As<TenderConflictsService>(refused).ForTenderAsync(w.TenderId));
        await Assert.ThrowsAsync<NotFoundException>(() => app.As<TenderConflictsService>(w.Commissioner).ForTenderAsync(999_999));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Declarations_recorded_are_shown_beside_the_conflict_and_bad_ones_are_refused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var w = await World.BuildAsync(app);
        var item = await w.ItemAsync(w.MeetingId, w.TenderId);
        var elsewhere = await w.ItemAsync(w.LaterMeetingId);
        var pat = w.Team.Provider.PersonId!.Value;

        // A member declares their own interest; nobody but the coordinator declares for someone else.
        await app.As<MeetingService>(w.Team.Provider).DeclareInterestAsync(w.MeetingId, pat, item, "NEPACS registered interest in this tender.");
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MeetingService>(w.Ordinary).DeclareInterestAsync(w.MeetingId, pat, item, "Pat's interest."));
        await Assert.ThrowsAsync<NotFoundException>(() => app.As<MeetingService>(w.Commissioner).DeclareInterestAsync(w.MeetingId, pat, item, "Pat's interest."));
        var wrongItem = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<MeetingService>(w.Team.Coordinator).DeclareInterestAsync(w.MeetingId, pat, elsewhere, "Interest."));
        Assert.Equal("Choose an item on this meeting's agenda.", wrongItem.Errors["Item"]);
        var stranger = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<MeetingService>(w.Team.Coordinator).DeclareInterestAsync(w.MeetingId, w.FormerPersonId, item, "Interest."));
        Assert.True(stranger.Errors.ContainsKey("Person"));
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<MeetingService>(w.Team.Provider).DeclareInterestAsync(w.MeetingId, pat, item, new string('x', 1001)));
        Assert.True(tooLong.Errors.ContainsKey("Interest"));

        var view = await w.MeetingAs(w.Team.Chair, w.MeetingId);
        var declared = Assert.Single(view.Conflicts, c => c.Person == "Pat Provider");
        Assert.Equal("NEPACS registered interest in this tender.", Assert.Single(declared.Declarations).Interest);
        Assert.Equal("Visits hall tender", declared.Declarations[0].Item);
        Assert.False(Assert.Single(view.Conflicts, c => c.Person == "Asha Associate").Declared);
        var row = Assert.Single(await app.As<TenderConflictsService>(w.Commissioner).ForTenderAsync(w.TenderId), r => r.Person == "Pat Provider");
        Assert.EndsWith(": NEPACS registered interest in this tender.", Assert.Single(row.Declarations), StringComparison.Ordinal);
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.Declarations.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_a_tender_serving_the_Pathway_is_linked_by_the_coordinator_to_an_item_of_its_own(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var w = await World.BuildAsync(app);
        var agenda = app.As<AgendaService>(w.Team.Coordinator);
        var item = await w.ItemAsync(w.MeetingId);
        var view = await w.MeetingAs(w.Team.Coordinator, w.MeetingId);
        var version = view.Items.Single(i => i.Id == item).Version;
        var standing = view.Items.First(i => i.IsStanding);

        var elsewhere = await Assert.ThrowsAsync<ValidationFailedException>(() => agenda.LinkTenderAsync(item, w.OtherTenderId, version));
        Assert.Equal("Choose a tender that serves this meeting's Pathway.", elsewhere.Errors["TenderId"]);
        await Assert.ThrowsAsync<ValidationFailedException>(() => w.ItemAsync(w.MeetingId, w.OtherTenderId));
        await Assert.ThrowsAsync<ValidationFailedException>(() => agenda.LinkTenderAsync(item, 999_999, version));
        await Assert.ThrowsAsync<ValidationFailedException>(() => agenda.LinkTenderAsync(standing.Id, w.TenderId, standing.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<AgendaService>(w.Team.Chair).LinkTenderAsync(item, w.TenderId, version));
        Assert.Equal([w.TenderId], (await agenda.TenderOptionsAsync(w.MeetingId)).Select(t => t.Id).Where(id => id == w.TenderId || id == w.OtherTenderId));

        var linked = await agenda.LinkTenderAsync(item, w.TenderId, version);
        // Two people at the agenda: the second, from the old version, is refused rather than undoing the first.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => agenda.LinkTenderAsync(item, null, version));
        Assert.Equal(2, (await w.MeetingAs(w.Team.Coordinator, w.MeetingId)).Conflicts.Count);
        await agenda.LinkTenderAsync(item, null, linked);
        Assert.Empty((await w.MeetingAs(w.Team.Coordinator, w.MeetingId)).Conflicts);
    }
}
