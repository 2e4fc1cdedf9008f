using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Pathways;

public sealed class PathwayServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Lists_seven_pathways_and_two_subgroups_with_counts_and_mine(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app); // four members and an associate
        await app.MembershipAsync(await app.PersonAsync("Tom Newcomer"), team.PathwayId, MembershipRole.Associate);
        await app.MembershipAsync(await app.PersonAsync("Peter Former"), team.PathwayId, MembershipRole.Member,
            new DateOnly(2024, 5, 1), new DateOnly(2026, 3, 31));
        var associate = team.Associate;

        var list = await app.As<PathwayService>(associate).ListAsync();

        Assert.Equal(9, list.Count);
        Assert.Equal(7, list.Count(p => p.ParentId is null));
        var fss = list.Single(p => p.Slug == "families-and-social-support");
        Assert.Equal((4, 2, true), (fss.Members, fss.Associates, fss.IsMine)); // Peter Former's membership has ended
        Assert.False(list.Single(p => p.Slug == "accommodation").IsMine);
        var alcohol = list.Single(p => p.Slug == "alcohol");
        Assert.Equal(list.Single(p => p.Slug == "drugs-and-alcohol").Id, alcohol.ParentId);
        Assert.Equal(list.Single(p => p.Slug == "education-employment-and-training").Id, list.Single(p => p.Slug == "employer-engagement").ParentId);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Choosing_a_new_chair_moves_the_role_and_is_audited(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app);
        var coordinator = team.Coordinator;
        var service = app.As<PathwayService>(coordinator);
        var before = await service.GetAsync("families-and-social-support");
        Assert.Equal(team.Chair.Name, before.ChairName);
        await using var db = await app.DbAsync();
        var mark = team.Member.PersonId!.Value;
        var nepacs = await db.Organisations.Where(o => o.Name == "NEPACS").Select(o => o.Id).SingleAsync();

        var since = await db.AuditEntries.MaxAsync(a => a.Id);
        await service.UpdateAsync(before.Id, new PathwayEdit("New description", mark, nepacs, before.Version));

        var after = await service.GetAsync("families-and-social-support");
        Assert.Equal((team.Member.Name, "NEPACS", "New description"), (after.ChairName, after.LeadOrganisationName, after.Description));
        var members = await app.As<MembershipService>(coordinator).ListAsync(before.Id);
        Assert.Equal(MembershipRole.Member, members.Single(m => m.FullName == team.Chair.Name).Role);
        Assert.Single(members, m => m.Role == MembershipRole.Chair);
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(Pathway) && a.EntityId == before.Id.ToString() && a.Action == Web.Infrastructure.Audit.AuditAction.Update && a.Id > since).SingleAsync();
        Assert.Contains("New description", audit.Changes, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Chair_must_be_a_current_member_and_stale_edits_are_refused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var service = app.As<PathwayService>(coordinator);
        var p = await service.GetAsync("families-and-social-support");
        // A member of another Pathway only.
        var karen = await app.PersonAsync("Karen Elsewhere");
        await app.MembershipAsync(karen, await app.PathwayIdAsync("accommodation"), MembershipRole.Chair);

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => service.UpdateAsync(p.Id, new PathwayEdit("", karen, null, p.Version)));
        Assert.Equal(["ChairPersonId", "Description"], e.Errors.Keys.Order());

        await service.UpdateAsync(p.Id, new PathwayEdit("First", null, null, p.Version));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.UpdateAsync(p.Id, new PathwayEdit("Second", null, null, p.Version)));
        Assert.Equal("First", (await service.GetAsync("families-and-social-support")).Description);
    }

    [Fact]
    public async Task Anonymous_cannot_read_pathways()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<PathwayService>(Actor.Anonymous).ListAsync());
    }
}
