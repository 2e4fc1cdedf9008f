using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// seed-data/demo/people.json: the demo-only organisations, the people on the Pathways with their seats (memberships), each
/// Pathway's lead organisation, and the demo sign-ins. Runs only while the database has no users.
/// </summary>
internal sealed class DemoPeople(IDbContextFactory<AppDbContext> dbs, UserManager<AppUser> users, DemoDates dates)
{
    public async Task<IReadOnlyList<(string Email, string Role)>> SeedAsync(DemoPeopleSeed demo, CancellationToken ct)
    {
        if (await users.Users.AnyAsync(ct)) return [];

        Dictionary<string, Organisation> orgs;
        Dictionary<string, Person> people;
        await using (var db = await dbs.OpenAsync(Actor.System, ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            orgs = await AddOrganisationsAsync(db, demo.Organisations ?? [], ct);
            var pathways = await db.Pathways.ToDictionaryAsync(p => p.Slug, ct);
            people = AddPeople(db, demo.People, orgs);
            foreach (var m in demo.Memberships)
            {
                db.Memberships.Add(new Membership
                {
                    Person = people[m.Email], Pathway = pathways[m.Pathway], Role = m.Role, StartDate = dates.Day(m.Start), EndDate = dates.DayOrNull(m.End),
                });
            }
            foreach (var (slug, org) in demo.Leads ?? []) pathways[slug].LeadOrganisation = orgs[org];
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        var created = new List<(string, string)>();
        foreach (var a in demo.Accounts)
        {
            var person = people[a.Email];
            var account = new AppUser
            {
                UserName = a.Email, Email = a.Email, EmailConfirmed = true, DisplayName = person.FullName,
                PersonId = person.Id, OrganisationId = a.Organisation is null ? null : orgs[a.Organisation].Id,
            };
            Check(await users.CreateAsync(account, Seeder.DemoPassword));
            Check(await users.AddToRoleAsync(account, a.Role));
            created.Add((a.Email, a.Role));
        }
        return created;
    }

    /// <summary>The demo-only organisations join the reference ones (a name already present is left as it is).</summary>
    private static async Task<Dictionary<string, Organisation>> AddOrganisationsAsync(AppDbContext db, List<DemoOrganisationSeed> extra, CancellationToken ct)
    {
        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Name, ct);
        foreach (var o in extra.Where(o => !orgs.ContainsKey(o.Name)))
        {
            var org = new Organisation { Name = o.Name, Sector = o.Sector, Website = o.Website, Description = o.Description ?? "" };
            orgs[o.Name] = org;
            db.Organisations.Add(org);
        }
        return orgs;
    }

    private static Dictionary<string, Person> AddPeople(AppDbContext db, List<DemoPersonSeed> seeds, Dictionary<string, Organisation> orgs)
    {
        var people = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in seeds)
        {
            var person = new Person
            {
                FullName = p.FullName, Email = p.Email, JobTitle = p.JobTitle, Sector = p.Sector,
                Organisation = p.Organisation is null ? null : orgs[p.Organisation],
            };
            people[p.Email] = person;
            db.People.Add(person);
        }
        return people;
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
    }
}
