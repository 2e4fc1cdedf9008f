using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data.Seed;

/// <summary>
/// Loads seed-data/ into an empty database: reference data always, demo people and sign-ins only when asked (Development).
/// Each part runs only when its tables are empty, inside one transaction, so starting twice never duplicates anything.
/// </summary>
public sealed class Seeder(IDbContextFactory<AppDbContext> dbs, IServiceScopeFactory scopes, ILogger<Seeder> log)
{
    public const string DemoPassword = "Pathway-Demo-2026!";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string FindSeedFolder(string contentRoot, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(Path.Combine(contentRoot, configured));
        // Walk up from the app to the repository's seed-data folder (works from src/, bin/ and test output folders).
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seed-data");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"No seed-data folder above {contentRoot}; set SeedData to its path.");
    }

    public async Task SeedReferenceDataAsync(string folder, CancellationToken ct = default)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.Pathways.AnyAsync(ct)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var order = 0;
        foreach (var p in Read<List<PathwaySeed>>(folder, "pathways.json"))
        {
            var pathway = new Pathway { Slug = p.Slug, Name = p.Name, Description = p.Description, SortOrder = ++order };
            db.Pathways.Add(pathway);
            foreach (var s in p.SubGroups ?? [])
                db.Pathways.Add(new Pathway { Slug = s.Slug, Name = s.Name, Description = s.Description, SortOrder = ++order, Parent = pathway });
        }
        foreach (var p in Read<List<PrisonSeed>>(folder, "prisons.json"))
            db.Prisons.Add(new Prison { Slug = p.Slug, Name = p.Name, Type = p.Type, Town = p.Town, Postcode = p.Postcode, Note = p.Note });
        foreach (var o in Read<List<OrganisationSeed>>(folder, "organisations.json"))
            db.Organisations.Add(new Organisation { Name = o.Name, Sector = o.Sector, Website = o.Website, Description = o.Description ?? "" });

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded reference data from {Folder}", folder);
    }

    /// <summary>Demo people, memberships and one sign-in per role. Returns the sign-ins created (empty when users already exist).</summary>
    public async Task<IReadOnlyList<(string Email, string Role)>> SeedDemoAsync(string folder, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.Users.AnyAsync(ct)) return [];
        var demo = Read<DemoSeed>(folder, Path.Combine("demo", "people.json"));

        await using var db = await dbs.OpenAsync(Actor.System, ct);
        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Name, ct);
        var pathways = await db.Pathways.ToDictionaryAsync(p => p.Slug, ct);
        var people = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var p in demo.People)
            {
                var person = new Person
                {
                    FullName = p.FullName, Email = p.Email, JobTitle = p.JobTitle, Sector = p.Sector,
                    Organisation = p.Organisation is null ? null : orgs[p.Organisation],
                };
                people[p.Email] = person;
                db.People.Add(person);
            }
            foreach (var m in demo.Memberships)
                db.Memberships.Add(new Membership { Person = people[m.Email], Pathway = pathways[m.Pathway], Role = m.Role, StartDate = m.Start, EndDate = m.End });
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
            Check(await users.CreateAsync(account, DemoPassword));
            Check(await users.AddToRoleAsync(account, a.Role));
            created.Add((a.Email, a.Role));
        }
        return created;
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
    }

    private static T Read<T>(string folder, string file)
    {
        using var stream = File.OpenRead(Path.Combine(folder, file));
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{file} is empty.");
    }

    private sealed record PathwaySeed(string Slug, string Name, string Description, List<PathwaySeed>? SubGroups);
    private sealed record PrisonSeed(string Slug, string Name, PrisonType Type, string Town, string? Postcode, string? Note);
    private sealed record OrganisationSeed(string Name, Sector Sector, string? Website, string? Description);
    private sealed record DemoSeed(List<PersonSeed> People, List<MembershipSeed> Memberships, List<AccountSeed> Accounts);
    private sealed record PersonSeed(string FullName, string Email, string? JobTitle, string? Organisation, Sector Sector);
    private sealed record MembershipSeed(string Email, string Pathway, MembershipRole Role, DateOnly Start, DateOnly? End);
    private sealed record AccountSeed(string Email, string Role, string? Organisation);
}
