using Microsoft.EntityFrameworkCore;
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
        await using var app = await TestApp.StartAsync(provider, demo: true);
        var associate = await app.ActorAsync("associate@pathwayhub.example");

        var list = await app.As<PathwayService>(associate).ListAsync();

        Assert.Equal(9, list.Count);
        Assert.Equal(7, list.Count(p => p.ParentId is null));
        var fss = list.Single(p => p.Slug == "families-and-social-support");
        Assert.Equal((6, 2, true), (fss.Members, fss.Associates, fss.IsMine)); // Peter Lowes's membership has ended
        Assert.False(list.Single(p => p.Slug == "accommodation").IsMine);
        var alcohol = list.Single(p => p.Slug == "alcohol");
        Assert.Equal(list.Single(p => p.Slug == "drugs-and-alcohol").Id, alcohol.ParentId);
        Assert.Equal(list.Single(p => p.Slug == "education-employment-and-training").Id, list.Single(p => p.Slug == "employer-engagement").ParentId);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Choosing_a_new_chair_moves_the_role_and_is_audited(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, demo: true);
        var coordinator = await app.ActorAsync("coordinator@pathwayhub.example");
        var service = app.As<PathwayService>(coordinator);
        var before = await service.GetAsync("families-and-social-support");
        Assert.Equal("Joanne Hall", before.ChairName);
        await using var db = await app.DbAsync();
        var mark = await db.People.Where(p => p.FullName == "Mark Charlton").Select(p => p.Id).SingleAsync();
        var nepacs = await db.Organisations.Where(o => o.Name == "NEPACS").Select(o => o.Id).SingleAsync();

        var since = await db.AuditEntries.MaxAsync(a => a.Id);
        await service.UpdateAsync(before.Id, new PathwayEdit("New description", mark, nepacs, before.Version));

        var after = await service.GetAsync("families-and-social-support");
        Assert.Equal(("Mark Charlton", "NEPACS", "New description"), (after.ChairName, after.LeadOrganisationName, after.Description));
        var members = await app.As<MembershipService>(coordinator).ListAsync(before.Id);
        Assert.Equal(MembershipRole.Member, members.Single(m => m.FullName == "Joanne Hall").Role);
        Assert.Single(members, m => m.Role == MembershipRole.Chair);
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(Pathway) && a.EntityId == before.Id.ToString() && a.Action == Web.Infrastructure.Audit.AuditAction.Update && a.Id > since).SingleAsync();
        Assert.Contains("New description", audit.Changes, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Chair_must_be_a_current_member_and_stale_edits_are_refused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, demo: true);
        var coordinator = await app.ActorAsync("coordinator@pathwayhub.example");
        var service = app.As<PathwayService>(coordinator);
        var p = await service.GetAsync("families-and-social-support");
        await using var db = await app.DbAsync();
        var karen = await db.People.Where(x => x.FullName == "Karen Dobson").Select(x => x.Id).SingleAsync();

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => service.UpdateAsync(p.Id, new PathwayEdit("", karen, null, p.Version)));
        Assert.Equal(["ChairPersonId", "Description"], e.Errors.Keys.Order());

        await service.UpdateAsync(p.Id, new PathwayEdit("First", null, null, p.Version));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.UpdateAsync(p.Id, new PathwayEdit("Second", null, null, p.Version)));
        Assert.Equal("First", (await service.GetAsync("families-and-social-support")).Description);
    }

    [Fact]
    public async Task Anonymous_cannot_read_pathways()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<PathwayService>(Actor.Anonymous).ListAsync());
    }
}
