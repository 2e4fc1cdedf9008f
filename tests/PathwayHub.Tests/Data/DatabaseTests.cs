using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Data;

public sealed class DatabaseTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrations_cover_the_whole_model(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, demo: false);
        await using var db = await app.DbAsync();

        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations miss model changes: add a migration for both providers.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Starting_twice_never_duplicates_seed_data(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, demo: true);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Seed"] = "true" }).Build();

        await Startup.InitialiseDatabaseAsync(app.Services, config, new TestApp.TestEnvironment(AppContext.BaseDirectory));

        await using var db = await app.DbAsync();
        Assert.Equal(9, await db.Pathways.CountAsync());
        Assert.Equal(9, await db.Prisons.CountAsync());
        Assert.Equal(16 + 15, await db.Organisations.CountAsync()); // the reference ones and the demo's
        Assert.Equal(28, await db.People.CountAsync());
        Assert.Equal(6, await db.Users.CountAsync());
        Assert.Equal(5, await db.Roles.CountAsync());
        Assert.Equal("Womens", (await db.Prisons.SingleAsync(p => p.Name == "HMP Low Newton")).Type.ToString());
        Assert.Equal("HighSecurity", (await db.Prisons.SingleAsync(p => p.Name == "HMP Frankland")).Type.ToString());
        foreach (var org in new[] { "NEPACS", "Pact", "Safe Ground", "One Plus One", "Family Action", "Nacro", "Action for Prisoners' Families", "Inside Out Trust", "M6 Theatre Company", "Barefoot Research and Evaluation", "Northern Rock Foundation" })
            Assert.True(await db.Organisations.AnyAsync(o => o.Name == org), org);
    }

    [Fact]
    public async Task Sqlite_database_runs_in_wal_mode_in_the_data_folder()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: false);
        await using var db = await app.DbAsync();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        Assert.True(File.Exists(Path.Combine(app.Settings.DataFolder, "pathwayhub.db")));
    }
}
