using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Infrastructure;

public static class Startup
{
    /// <summary>Brings the database up to date and loads seed data into an empty one. Safe to run on every start.</summary>
    public static async Task InitialiseDatabaseAsync(IServiceProvider services, IConfiguration config, IHostEnvironment env, CancellationToken ct = default)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        Directory.CreateDirectory(settings.DataFolder);
        var dbs = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            // The schema was squashed into one baseline before the first release: a database made by the earlier, unreleased
            // migrations cannot be brought forward, so say what to do instead of failing on "table already exists".
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
                throw new InvalidOperationException($"The database was made by a pre-release schema ({unknown[0]}, …). Start from an empty database: "
                    + $"delete the data folder's pathwayhub.db (SQLite) or recreate the PostgreSQL database, and the portal will set it up again.");
            await db.Database.MigrateAsync(ct);
            // WAL is a property of the file: readers carry on while a writer commits.
            if (settings.Provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }

        var seeder = services.GetRequiredService<Seeder>();
        var folder = Seeder.FindSeedFolder(env.ContentRootPath, config["SeedData"]);
        await seeder.SeedReferenceDataAsync(folder, ct);
        if (config.GetValue("Demo:Seed", env.IsDevelopment()))
        {
            var created = await seeder.SeedDemoAsync(folder, ct);
            if (created.Count > 0 || env.IsDevelopment())
                PrintDemoSignIns(services.GetRequiredService<ILoggerFactory>().CreateLogger("PathwayHub"));
        }
    }

    private static void PrintDemoSignIns(ILogger log)
    {
        var lines = string.Join(Environment.NewLine, new[]
        {
            ("Coordinator", "coordinator@pathwayhub.example"), ("Commissioner", "commissioner@pathwayhub.example"),
            ("Provider editor (NEPACS)", "provider@pathwayhub.example"), ("Pathway member", "member@pathwayhub.example"),
            ("Associate member", "associate@pathwayhub.example"), ("Chair, Families and Social Support", "chair@pathwayhub.example"),
        }.Select(x => $"  {x.Item1,-36} {x.Item2}"));
        log.LogWarning("Demo sign-ins (password {Password}):{NewLine}{Lines}", Seeder.DemoPassword, Environment.NewLine, lines);
    }

    /// <summary>`create-coordinator --email E --name N --password P`: the first coordinator of a production install.</summary>
    public static async Task<int> CreateCoordinatorAsync(IServiceProvider services, string[] args)
    {
        string? Arg(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var email = Arg("--email");
        var name = Arg("--name") ?? email;
        var password = Arg("--password") ?? Environment.GetEnvironmentVariable("PATHWAYHUB_PASSWORD");
        if (email is null || password is null)
        {
            Console.Error.WriteLine("Usage: create-coordinator --email you@example.org --name \"Your Name\" --password <password> (or PATHWAYHUB_PASSWORD)");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name! };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, Roles.Coordinator);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
            return 1;
        }
        Console.WriteLine($"Created coordinator {email}.");
        return 0;
    }
}
