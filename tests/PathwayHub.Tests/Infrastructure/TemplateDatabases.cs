using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// Migrating and seeding a database is most of a test's set-up, so each process does it once per kind of database, into a
/// template, and each test gets its own copy: a file copy for SQLite, <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL.
/// The template is made by the same <see cref="Startup.InitialiseDatabaseAsync"/> call a test used to make on its own database,
/// so a copy holds exactly what that call would have written (a host started on it still runs the call, and finds nothing to do).
/// </summary>
internal static class TemplateDatabases
{
    /// <summary>
    /// What a template holds. <paramref name="HostClock"/>: seeded under the system clock and the Development environment, as a
    /// <see cref="WebApp"/> seeds its database (the seed's audit rows carry the time), rather than under <see cref="TestApp"/>'s fake clock.
    /// </summary>
    private readonly record struct Kind(DatabaseProvider Provider, bool Demo, bool HostClock);

    private static readonly ConcurrentDictionary<Kind, Lazy<Task<string>>> Templates = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "pathwayhub-tests", "templates-" + Guid.NewGuid().ToString("N")[..12]);

    static TemplateDatabases() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        };

    /// <summary>Copies the SQLite template into <c>&lt;folder&gt;/pathwayhub.db</c>, where the app looks for its database.</summary>
    public static async Task CopySqliteAsync(string folder, bool demo, bool hostClock)
    {
        var template = await TemplateAsync(new Kind(DatabaseProvider.Sqlite, demo, hostClock), null);
        Directory.CreateDirectory(folder);
        File.Copy(template, Path.Combine(folder, "pathwayhub.db"));
    }

    /// <summary>A new database on the test server copied from the PostgreSQL template; returns its connection string.</summary>
    public static async Task<string> CreatePostgresAsync(bool demo, bool hostClock)
    {
        // Read here, not inside the shared build, so that a missing server skips (or fails) each test on its own.
        var admin = PostgresServer.AdminConnectionString;
        var template = await TemplateAsync(new Kind(DatabaseProvider.Postgres, demo, hostClock), admin);
        return await PostgresCluster.CreateDatabaseAsync(admin, template);
    }

    /// <summary>The template's file path (SQLite) or database name (PostgreSQL), built by the first test that asks for it.</summary>
    private static async Task<string> TemplateAsync(Kind kind, string? admin)
    {
        // Lazy so that concurrent test classes build it once; Task.Run so that no test's synchronisation context is captured
        // (WebApp waits for it from a synchronous override).
        var build = Templates.GetOrAdd(kind, k => new Lazy<Task<string>>(() => Task.Run(() => BuildAsync(k, admin))));
        try
        {
            return await build.Value;
        }
        catch
        {
            // A failed build is not kept: the next test tries again rather than inheriting the failure.
            Templates.TryRemove(KeyValuePair.Create(kind, build));
            throw;
        }
    }

    private static async Task<string> BuildAsync(Kind kind, string? admin)
    {
        var folder = Path.Combine(Root, $"{kind.Provider}-{(kind.Demo ? "demo" : "bare")}-{(kind.HostClock ? "host" : "test")}".ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var settings = kind.Provider == DatabaseProvider.Postgres
            ? new DatabaseSettings(kind.Provider, await PostgresCluster.CreateDatabaseAsync(admin!), folder)
            : DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataFolder"] = folder }).Build(), folder);

        await using (var app = TestApp.ForTemplate(settings, kind.HostClock ? TimeProvider.System : null))
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Seed"] = kind.Demo.ToString() }).Build();
            var env = new TestApp.TestEnvironment(AppContext.BaseDirectory) { EnvironmentName = kind.HostClock ? "Development" : "Testing" };
            await Startup.InitialiseDatabaseAsync(app.Services, config, env);
        }

        return kind.Provider == DatabaseProvider.Postgres
            ? await SealPostgresAsync(settings.ConnectionString, admin!)
            : await SealSqliteAsync(settings.ConnectionString);
    }

    /// <summary>
    /// Closes every connection to the file and folds the write-ahead log into it, so that a plain file copy is the whole database.
    /// </summary>
    private static async Task<string> SealSqliteAsync(string connectionString)
    {
        await using (var pooled = new SqliteConnection(connectionString)) SqliteConnection.ClearPool(pooled);
        var unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        await using (var conn = new SqliteConnection(unpooled.ToString()))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var result = await cmd.ExecuteReaderAsync();
            if (!await result.ReadAsync() || result.GetInt32(0) != 0)
                throw new InvalidOperationException($"The SQLite template {unpooled.DataSource} is still in use: its log cannot be checkpointed.");
        }
        return unpooled.DataSource;
    }

    /// <summary>
    /// PostgreSQL copies a database only while nobody is connected to it: drop this process's pooled connections, end any
    /// left over, and refuse new ones.
    /// </summary>
    private static async Task<string> SealPostgresAsync(string connectionString, string admin)
    {
        await using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using (var refuse = new NpgsqlCommand($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false", conn))
            await refuse.ExecuteNonQueryAsync();
        await using (var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", conn))
        {
            end.Parameters.AddWithValue("name", name);
            await end.ExecuteNonQueryAsync();
        }
        return name;
    }
}
