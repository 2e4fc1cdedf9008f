using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// The app's real service graph over a real database (a SQLite file or a PostgreSQL database), migrated and seeded with
/// reference data, with a fake clock. Services are resolved as a chosen actor.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    /// <summary>The portal's public address in every test host: links in emails, feeds and OCDS start with it.</summary>
    public const string PublicUrl = "https://hub.example";

    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; } = new(Now);
    public DatabaseSettings Settings { get; }
    private readonly List<AsyncServiceScope> _scopes = [];
    private readonly bool _ownsData;

    private TestApp(DatabaseSettings settings, Web.Infrastructure.Email.EmailOptions? email, bool ownsData = true, TimeProvider? clock = null)
    {
        Settings = settings;
        _ownsData = ownsData;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddPathwayHub(settings, email, new Web.Features.Notifications.ReminderOptions { RunJobs = false }, publicAddress: PublicAddress.Parse(PublicUrl));
        services.AddSingleton<TimeProvider>(clock ?? Clock);
        services.AddDataProtection();
        Services = services.BuildServiceProvider();
    }

    /// <summary>
    /// An app over its own copy of a database that <see cref="Startup.InitialiseDatabaseAsync"/> has migrated and seeded
    /// (<see cref="TemplateDatabases"/>). The copy is not initialised again: a second run finds nothing to do but still costs
    /// a start-up's worth of queries, more than the copy itself. The copy holds the reference data only unless <paramref name="demo"/>
    /// asks for the Development demo too: a service test builds the few rows it is about (Builders/) instead of leaning on the demo,
    /// so that editing the demo breaks only the tests whose subject is the demo.
    /// </summary>
    public static async Task<TestApp> StartAsync(DatabaseProvider provider, bool demo = false, Web.Infrastructure.Email.EmailOptions? email = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pathwayhub-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        DatabaseSettings settings;
        if (provider == DatabaseProvider.Postgres)
        {
            settings = new DatabaseSettings(provider, await TemplateDatabases.CreatePostgresAsync(demo, hostClock: false), folder);
        }
        else
        {
            await TemplateDatabases.CopySqliteAsync(folder, demo, hostClock: false);
            settings = DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataFolder"] = folder }).Build(), folder);
        }
        return new TestApp(settings, email);
    }

    /// <summary>
    /// The service graph that seeds a template database, under this class's fake clock (as <see cref="StartAsync"/> did on each
    /// test's own database) or the given one. Disposing it leaves the data alone.
    /// </summary>
    internal static TestApp ForTemplate(DatabaseSettings settings, TimeProvider? clock) => new(settings, email: null, ownsData: false, clock);

    /// <summary>
    /// A second host over this one's database (another app instance, or the same one after a restart): its own service graph,
    /// clock and email settings. Disposing it leaves the data alone.
    /// </summary>
    public TestApp AnotherHost(Web.Infrastructure.Email.EmailOptions? email = null)
    {
        var other = new TestApp(Settings, email, ownsData: false);
        other.Clock.SetUtcNow(Clock.GetUtcNow());
        return other;
    }

    /// <summary>A service as seen by the given actor (its own scope, like one circuit).</summary>
    public T As<T>(Actor actor) where T : notnull
    {
        var scope = Services.CreateAsyncScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(Principal(actor));
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public async Task<AppDbContext> DbAsync() => await Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    /// <summary>The actor of an account (a demo sign-in, or one a builder made), read from the database as the sign-in would.</summary>
    public async Task<Actor> ActorAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}");
        return Actor.From(await factory.CreateAsync(user));
    }

    public static ClaimsPrincipal Principal(Actor actor)
    {
        if (!actor.IsAuthenticated) return new ClaimsPrincipal(new ClaimsIdentity());
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, actor.UserId!), new(AppClaims.DisplayName, actor.Name) };
        claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (actor.OrganisationId is { } o) claims.Add(new Claim(AppClaims.OrganisationId, o.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (actor.PersonId is { } p) claims.Add(new Claim(AppClaims.PersonId, p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _scopes) await s.DisposeAsync();
        await Services.DisposeAsync();
        if (!_ownsData) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Settings.DataFolder, recursive: true); } catch (IOException) { }
    }

    public sealed class TestEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "PathwayHub.Web";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

/// <summary>Every service test runs on both providers.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> Both => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);
}
