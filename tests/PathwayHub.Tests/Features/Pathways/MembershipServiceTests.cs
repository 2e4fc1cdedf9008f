using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Admin;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Audit;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Pathways;

public sealed class MembershipServiceTests
{
    private const string Fss = "families-and-social-support";

    /// <summary>The Families and Social Support Pathway with its built team (<see cref="PathwayTeam"/>), as its coordinator.</summary>
    private static async Task<(TestApp App, Actor Coordinator, int PathwayId, PathwayTeam Team)> StartAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app, Fss);
        return (app, team.Coordinator, team.PathwayId, team);
    }

    private static MembershipInput NewPerson(string name = "Grace Nixon", string email = "grace.nixon@example.org", MembershipRole role = MembershipRole.Associate) => new()
    {
        FullName = name, Email = email, JobTitle = "Family support worker", Sector = Sector.VCS, Role = role, StartDate = new DateOnly(2026, 11, 1),
    };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coordinator_adds_an_associate_who_is_listed_and_audited(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var service = app.As<MembershipService>(coordinator);

        var id = await service.SaveAsync(pathwayId, NewPerson());

        var associates = await service.ListAsync(pathwayId, MemberFilter.Current, MemberKind.Associates);
        Assert.Contains(associates, r => r.MembershipId == id && r.FullName == "Grace Nixon" && r.Role == MembershipRole.Associate);
        var members = await service.ListAsync(pathwayId, MemberFilter.Current, MemberKind.Members);
        Assert.DoesNotContain(members, r => r.MembershipId == id);

        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(Membership) && a.EntityId == id.ToString()).SingleAsync();
        Assert.Equal(AuditAction.Insert, audit.Action);
        Assert.Equal(coordinator.Name, audit.UserName);
        Assert.Equal(coordinator.UserId, audit.UserId);
        Assert.Contains("Associate", audit.Changes, StringComparison.Ordinal);
        Assert.Equal(TestApp.Now.UtcDateTime, audit.AtUtc);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Second_current_membership_of_the_same_person_is_refused_and_nothing_changes(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var service = app.As<MembershipService>(coordinator);
        var first = await service.SaveAsync(pathwayId, NewPerson());
        var personId = (await service.ListAsync(pathwayId)).Single(r => r.MembershipId == first).PersonId;
        var before = await CountAsync(app);

        var again = NewPerson(role: MembershipRole.Member);
        again.PersonId = personId;
        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => service.SaveAsync(pathwayId, again));

        Assert.Equal("This person already has a membership of this Pathway covering these dates.", e.Errors[nameof(MembershipInput.StartDate)]);
        Assert.Equal(before, await CountAsync(app));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_email_and_end_before_start_are_refused_field_by_field(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var service = app.As<MembershipService>(coordinator);
        var before = await CountAsync(app);
        var input = NewPerson(email: "not-an-email");
        input.EndDate = new DateOnly(2026, 10, 1);

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => service.SaveAsync(pathwayId, input));

        Assert.Equal("Enter an email address in the correct format, like name@example.org.", e.Errors[nameof(MembershipInput.Email)]);
        Assert.Equal("The end date cannot be before the start date.", e.Errors[nameof(MembershipInput.EndDate)]);
        Assert.Equal(before, await CountAsync(app));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_person_may_sit_on_several_pathways_and_ending_keeps_history(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var service = app.As<MembershipService>(coordinator);
        await using var db0 = await app.DbAsync();
        var accommodation = await db0.Pathways.Where(p => p.Slug == "accommodation").Select(p => p.Id).SingleAsync();

        var id = await service.SaveAsync(pathwayId, NewPerson());
        var row = (await service.ListAsync(pathwayId)).Single(r => r.MembershipId == id);
        var second = NewPerson(role: MembershipRole.Member);
        second.PersonId = row.PersonId;
        second.PersonVersion = row.PersonVersion;
        await service.SaveAsync(accommodation, second);

        await service.EndAsync(id, new DateOnly(2026, 11, 20), row.Version);

        Assert.DoesNotContain(await service.ListAsync(pathwayId, MemberFilter.Current), r => r.MembershipId == id);
        var past = Assert.Single(await service.ListAsync(pathwayId, MemberFilter.Past), r => r.MembershipId == id);
        Assert.Equal(new DateOnly(2026, 11, 20), past.EndDate);
        Assert.Contains(await service.ListAsync(accommodation), r => r.PersonId == row.PersonId);
        await using var db = await app.DbAsync();
        Assert.True(await db.Memberships.AnyAsync(m => m.Id == id));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Ending_before_the_start_is_refused(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var service = app.As<MembershipService>(coordinator);
        var id = await service.SaveAsync(pathwayId, NewPerson());
        var row = (await service.ListAsync(pathwayId)).Single(r => r.MembershipId == id);

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => service.EndAsync(id, new DateOnly(2026, 1, 1), row.Version));
        Assert.Contains(nameof(MembershipInput.EndDate), e.Errors.Keys);
        Assert.Null((await service.ListAsync(pathwayId)).Single(r => r.MembershipId == id).EndDate);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Second_of_two_concurrent_edits_is_refused_and_the_first_survives(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var first = app.As<MembershipService>(coordinator);
        var second = app.As<MembershipService>(coordinator);
        var id = await first.SaveAsync(pathwayId, NewPerson());
        var loadedByBoth = (await first.ListAsync(pathwayId)).Single(r => r.MembershipId == id);

        MembershipInput Edit(MembershipRole role, string jobTitle) => new()
        {
            MembershipId = id, PersonId = loadedByBoth.PersonId, FullName = loadedByBoth.FullName, Email = loadedByBoth.Email, JobTitle = jobTitle,
            Sector = loadedByBoth.Sector, Role = role, StartDate = loadedByBoth.StartDate, MembershipVersion = loadedByBoth.Version, PersonVersion = loadedByBoth.PersonVersion,
        };
        await first.SaveAsync(pathwayId, Edit(MembershipRole.Member, "Manager"));
        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.SaveAsync(pathwayId, Edit(MembershipRole.ViceChair, "Director")));

        Assert.Contains("Someone else changed this record", e.Message, StringComparison.Ordinal);
        var now = (await first.ListAsync(pathwayId)).Single(r => r.MembershipId == id);
        Assert.Equal(MembershipRole.Member, now.Role);
        Assert.Equal("Manager", now.JobTitle);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_coordinators_change_memberships_and_only_members_read_their_pathway(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var (member, associate, provider_) = (team.Member, team.Associate, team.Provider);
        var commissioner = await app.CommissionerAsync();
        await using var db = await app.DbAsync();
        var accommodation = await db.Pathways.Where(p => p.Slug == "accommodation").Select(p => p.Id).SingleAsync();
        var before = await CountAsync(app);

        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(member).SaveAsync(pathwayId, NewPerson()));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(associate).SaveAsync(pathwayId, NewPerson()));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(Actor.Anonymous).SaveAsync(pathwayId, NewPerson()));
        var someone = (await app.As<MembershipService>(coordinator).ListAsync(pathwayId))[0];
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(member).EndAsync(someone.MembershipId, new DateOnly(2026, 11, 30), someone.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<PathwayService>(member).UpdateAsync(pathwayId, new PathwayEdit("x", null, null, Guid.Empty)));
        Assert.Equal(before, await CountAsync(app));

        Assert.NotEmpty(await app.As<MembershipService>(associate).ListAsync(pathwayId));
        Assert.NotEmpty(await app.As<MembershipService>(commissioner).ListAsync(pathwayId));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(associate).ListAsync(accommodation));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(member).ListAsync(accommodation));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<MembershipService>(Actor.Anonymous).ListAsync(pathwayId));
        Assert.NotEmpty(await app.As<MembershipService>(provider_).ListAsync(pathwayId));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Csv_export_lists_the_filtered_members_and_neutralises_formulas(DatabaseProvider provider)
    {
        var (app, coordinator, pathwayId, team) = await StartAsync(provider);
        await using var _ = app;
        var service = app.As<MembershipService>(coordinator);
        await service.SaveAsync(pathwayId, NewPerson(name: "=HYPERLINK(\"x\")", email: "formula@example.org"));

        var csv = await service.ExportCsvAsync(pathwayId, MemberFilter.Current, MemberKind.Associates);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Name,Email,Job title,Organisation,Sector,Role,Start,End", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("\"'=HYPERLINK(\"\"x\"\")\",formula@example.org", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(team.Associate.Name + ",", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith(team.Chair.Name + ",", StringComparison.Ordinal));
    }

    private static async Task<(int People, int Memberships)> CountAsync(TestApp app)
    {
        await using var db = await app.DbAsync();
        return (await db.People.CountAsync(), await db.Memberships.CountAsync());
    }
}
