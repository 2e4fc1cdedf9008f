using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure.Audit;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Where the data lives: the provider, its connection string and the data folder for files.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string DataFolder)
{
    public static DatabaseSettings From(IConfiguration config, string contentRoot)
    {
        var folder = config["DataFolder"] is { Length: > 0 } f ? f : "data";
        folder = Path.GetFullPath(Path.Combine(contentRoot, folder));
        var provider = Enum.TryParse<DatabaseProvider>(config["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;
        var connection = config.GetConnectionString("Postgres");
        if (provider == DatabaseProvider.Sqlite)
        {
            connection = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(folder, "pathwayhub.db"),
                Pooling = true,
            }.ToString();
        }
        else if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is empty.");
        }
        return new DatabaseSettings(provider, connection!, folder);
    }
}

/// <summary>Hands out a context of the configured provider's subclass; components and services see only <see cref="AppDbContext"/>.</summary>
public sealed class AppDbContextFactory(DatabaseSettings settings, AuditInterceptor audit, DirectorySaveInterceptor directory) : IDbContextFactory<AppDbContext>
{
    private readonly DbContextOptions _options = Build(settings, audit, directory);

    public AppDbContext CreateDbContext() => settings.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresAppDbContext((DbContextOptions<PostgresAppDbContext>)_options),
        _ => new SqliteAppDbContext((DbContextOptions<SqliteAppDbContext>)_options),
    };

    private static DbContextOptions Build(DatabaseSettings settings, params IInterceptor[] interceptors)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var b = new DbContextOptionsBuilder<PostgresAppDbContext>();
            b.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName));
            b.AddInterceptors(interceptors);
            return b.Options;
        }
        var s = new DbContextOptionsBuilder<SqliteAppDbContext>();
        s.UseSqlite(settings.ConnectionString);
        s.AddInterceptors([.. interceptors, new SqliteMemoryMap()]);
        return s.Options;
    }
}

public static class DbContextFactoryExtensions
{
    /// <summary>A context whose saves are audited as the given actor.</summary>
    public static async Task<AppDbContext> OpenAsync(this IDbContextFactory<AppDbContext> factory, Actor actor, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        db.Actor = actor;
        return db;
    }
}

/// <summary>Lets <c>dotnet ef</c> build each provider's context without starting the app.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

public static class SaveChangesExtensions
{
    /// <summary>Saves, turning a lost optimistic-concurrency race into the message users see.</summary>
    public static async Task SaveChangesOrConflictAsync(this AppDbContext db, CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new Infrastructure.ConcurrencyConflictException(Infrastructure.ConcurrencyConflictException.DefaultMessage);
        }
    }
}
