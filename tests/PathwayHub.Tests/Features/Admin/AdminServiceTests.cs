using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Admin;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Audit;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Admin;

public sealed class AdminServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Audit_trail_filters_by_user_entity_and_date_for_coordinators_only(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        await using var db = await app.DbAsync();
        var fss = await db.Pathways.SingleAsync(p => p.Slug == "families-and-social-support");
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.As<MembershipService>(coordinator).SaveAsync(fss.Id, new MembershipInput
        {
            FullName = "Audit Person", Email = "audit@example.org", Role = MembershipRole.Member, StartDate = new DateOnly(2026, 11, 25),
        });
        var audit = app.As<AuditService>(coordinator);

        var byUser = await audit.SearchAsync(new AuditQuery(User: "cora"));
        Assert.Equal(2, byUser.Total);
        Assert.All(byUser.Rows, r => Assert.Equal(coordinator.Name, r.UserName));
        var byEntity = await audit.SearchAsync(new AuditQuery(EntityType: nameof(Person), From: new DateOnly(2026, 11, 25)));
        var row = Assert.Single(byEntity.Rows);
        Assert.Equal(AuditAction.Insert, row.Action);
        Assert.Contains("audit@example.org", row.Changes, StringComparison.Ordinal);
        Assert.True((await audit.SearchAsync(new AuditQuery(To: new DateOnly(2026, 11, 23)))).Total > 0); // the seeding
        Assert.Equal(0, (await audit.SearchAsync(new AuditQuery(User: "cora", To: new DateOnly(2026, 11, 23)))).Total);
        Assert.Contains(nameof(Membership), await audit.EntityTypesAsync());

        var member = await app.MemberAsync(fss.Id, MembershipRole.Member, "Max Member");
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<AuditService>(member).SearchAsync(new AuditQuery()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coordinator_creates_a_provider_editor_linked_to_one_organisation(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var users = app.As<UserAdminService>(coordinator);
        await using var db = await app.DbAsync();
        var pact = await db.Organisations.SingleAsync(o => o.Name == "Pact");

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => users.SaveAsync(new UserInput
        {
            Email = "editor@pact.example", DisplayName = "Pact Editor", Roles = [Roles.ProviderEditor], Password = "Long-enough-1",
        }));
        Assert.Equal("A provider editor must be linked to their organisation.", e.Errors[nameof(UserInput.OrganisationId)]);

        var id = await users.SaveAsync(new UserInput
        {
            Email = "editor@pact.example", DisplayName = "Pact Editor", Roles = [Roles.ProviderEditor], OrganisationId = pact.Id, Password = "Long-enough-1",
        });
        var actor = await app.ActorAsync("editor@pact.example");
        Assert.Equal((id, pact.Id), (actor.UserId, actor.OrganisationId));
        Assert.True(actor.IsIn(Roles.ProviderEditor));
        var row = Assert.Single(await users.ListAsync(), u => u.Id == id);
        Assert.Equal("Pact", row.OrganisationName);

        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<UserAdminService>(actor).ListAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_coordinators_editing_one_account_cannot_overwrite_each_other(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var users = app.As<UserAdminService>(await app.CoordinatorAsync());
        var editor = await app.EditorAsync();
        var row = Assert.Single(await users.ListAsync(), u => u.Id == editor.UserId);
        UserInput Edit(string name) => new()
        {
            Id = row.Id, Email = row.Email, DisplayName = name, Roles = [.. row.Roles], OrganisationId = row.OrganisationId, PersonId = row.PersonId, Version = row.Version,
        };

        await users.SaveAsync(Edit("NEPACS Editor (renamed)"));
        // The second coordinator read the account before the first saved: refused, and the first one's change stands.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => users.SaveAsync(Edit("Someone else")));
        var after = Assert.Single(await users.ListAsync(), u => u.Id == editor.UserId);
        Assert.Equal("NEPACS Editor (renamed)", after.DisplayName);
        Assert.NotEqual(row.Version, after.Version);
    }
}
