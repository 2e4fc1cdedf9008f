using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Builders;

/// <summary>
/// People, their sign-ins and their seats on a Pathway, for tests that must not depend on the demo seed: a test names the role
/// (and, where it matters, the organisation or the Pathway) and the rest is plain and valid. Pathways, prisons and organisations
/// come from the reference seed (seed-data/*.json), which every test database holds.
/// </summary>
public static class PeopleBuilders
{
    /// <summary>Where builders' sign-ins and people get their addresses: never one of the demo's.</summary>
    public const string EmailDomain = "test.example";

    public static string EmailOf(string fullName) => fullName.ToLowerInvariant().Replace(' ', '.') + "@" + EmailDomain;

    /// <summary>A reference Pathway's id by its slug (pathways.json).</summary>
    public static async Task<int> PathwayIdAsync(this TestApp app, string slug = "families-and-social-support")
    {
        await using var db = await app.DbAsync();
        return await db.Pathways.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync();
    }

    /// <summary>A reference organisation's id by its name (organisations.json).</summary>
    public static async Task<int> OrganisationIdAsync(this TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    /// <summary>A person without a sign-in (someone on a Pathway who never signs in), in a reference organisation if named.</summary>
    public static async Task<int> PersonAsync(this TestApp app, string fullName, string? organisation = null, Sector sector = Sector.VCS, string? email = null)
    {
        await using var db = await app.DbAsync();
        var person = new Person
        {
            FullName = fullName, Email = email ?? EmailOf(fullName), Sector = sector, JobTitle = "Officer",
            OrganisationId = organisation is null ? null : await db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).SingleAsync(),
        };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    }

    /// <summary>
    /// A sign-in holding <paramref name="role"/>, with a person of the same name (in <paramref name="organisation"/>, unless
    /// <paramref name="withPerson"/> is false); a provider editor also edits for that organisation (other roles sign in for none, as
    /// the demo's do). Returns its actor as the sign-in would build it (<see cref="TestApp.ActorAsync"/>). No password: service tests
    /// never sign in.
    /// </summary>
    public static async Task<Actor> AccountAsync(this TestApp app, string role, string fullName, string? organisation = null, string? email = null,
        bool withPerson = true)
    {
        email ??= EmailOf(fullName);
        int? personId = withPerson ? await app.PersonAsync(fullName, organisation, email: email) : null;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = fullName, PersonId = personId,
                OrganisationId = role == Roles.ProviderEditor && organisation is not null ? await app.OrganisationIdAsync(organisation) : null,
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, role));
        }
        return await app.ActorAsync(email);
    }

    /// <summary>
    /// The account of this name, made by <see cref="AccountAsync"/> the first time a test asks for it and the same one after that:
    /// for "the commissioner" or "NEPACS's editor" that several steps of a test act as.
    /// </summary>
    public static async Task<Actor> AccountOnceAsync(this TestApp app, string role, string fullName, string? organisation = null)
    {
        await using (var scope = app.Services.CreateAsyncScope())
            if (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(EmailOf(fullName)) is not null)
                return await app.ActorAsync(EmailOf(fullName));
        return await app.AccountAsync(role, fullName, organisation);
    }

    /// <summary>The coordinator (VONNE's), made on first use: no seat on any Pathway unless a test gives one.</summary>
    public static Task<Actor> CoordinatorAsync(this TestApp app) => app.AccountOnceAsync(Roles.Coordinator, "Cora Coordinator", "VONNE");

    /// <summary>The commissioner (NOMS North East's), made on first use.</summary>
    public static Task<Actor> CommissionerAsync(this TestApp app) => app.AccountOnceAsync(Roles.Commissioner, "Cam Commissioner", "NOMS North East");

    /// <summary>A provider editor of a reference organisation (NEPACS unless named), made on first use.</summary>
    public static Task<Actor> EditorAsync(this TestApp app, string organisation = "NEPACS") =>
        app.AccountOnceAsync(Roles.ProviderEditor, organisation + " Editor", organisation);

    /// <summary>A seat on a Pathway, from <paramref name="start"/> (two years before <see cref="TestApp.Now"/> if left out).</summary>
    public static async Task<int> MembershipAsync(this TestApp app, int personId, int pathwayId, MembershipRole role, DateOnly? start = null, DateOnly? end = null)
    {
        await using var db = await app.DbAsync();
        var membership = new Membership
        {
            PersonId = personId, PathwayId = pathwayId, Role = role, StartDate = start ?? DateOnly.FromDateTime(TestApp.Now.UtcDateTime).AddYears(-2), EndDate = end,
        };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync();
        return membership.Id;
    }

    /// <summary>A sign-in with a current seat on a Pathway.</summary>
    public static async Task<Actor> MemberAsync(this TestApp app, int pathwayId, MembershipRole seat, string fullName, string? role = null, string? organisation = null)
    {
        var actor = await app.AccountAsync(role ?? (seat == MembershipRole.Associate ? Roles.AssociateMember : Roles.PathwayMember), fullName, organisation);
        await app.MembershipAsync(actor.PersonId!.Value, pathwayId, seat);
        return actor;
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
    }
}

/// <summary>
/// The people around one Pathway that the governance and plan tests need, each with a sign-in and a current seat: a coordinator
/// (who sits as a member), the chair, a vice-chair with the Pathway member role, an associate, and a provider editor of NEPACS who
/// sits as a member. Nobody else is on the Pathway.
/// </summary>
public sealed record PathwayTeam(int PathwayId, Actor Coordinator, Actor Chair, Actor Member, Actor Associate, Actor Provider)
{
    public IEnumerable<Actor> Everyone => [Coordinator, Chair, Member, Associate, Provider];

    public static async Task<PathwayTeam> BuildAsync(TestApp app, string pathway = "families-and-social-support")
    {
        var pathwayId = await app.PathwayIdAsync(pathway);
        return new PathwayTeam(pathwayId,
            await app.MemberAsync(pathwayId, MembershipRole.Member, "Cora Coordinator", Roles.Coordinator, "VONNE"),
            await app.MemberAsync(pathwayId, MembershipRole.Chair, "Chris Chair", organisation: "Durham Tees Valley Probation Trust"),
            await app.MemberAsync(pathwayId, MembershipRole.ViceChair, "Max Member", organisation: "HM Prison Service North East"),
            await app.MemberAsync(pathwayId, MembershipRole.Associate, "Asha Associate", organisation: "Pact"),
            await app.MemberAsync(pathwayId, MembershipRole.Member, "Pat Provider", Roles.ProviderEditor, "NEPACS"));
    }
}
