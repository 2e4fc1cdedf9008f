using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Benchmarks;

/// <summary>
/// The app's service graph over a fresh database with reference data (a SQLite file, or a database on a throwaway PostgreSQL
/// server started once per benchmark process), and a static renderer as a coordinator.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pathwayhub-bench-" + Guid.NewGuid().ToString("N")[..8]);
    // Sized like a production server rather than PostgreSQL's 128 MB default: a table bigger than a quarter of shared_buffers
    // (the 50,000 services are 58 MB) is scanned through a 256 KB ring and read again from the OS on every query.
    private static readonly Lazy<string> Postgres = new(() => PathwayHub.Tests.Infrastructure.PostgresCluster.Start("-c shared_buffers=1GB")
        ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql."));

    public ServiceProvider Services { get; private set; } = null!;
    public AsyncServiceScope Scope { get; private set; }
    public HtmlRenderer Renderer { get; private set; } = null!;

    public DatabaseSettings Settings { get; private set; } = null!;

    public static async Task<BenchHost> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, Action<IServiceCollection>? configure = null,
        PathwayHub.Web.Infrastructure.Email.EmailOptions? email = null)
    {
        var host = new BenchHost();
        var values = new Dictionary<string, string?> { ["DataFolder"] = host._folder, ["Demo:Seed"] = "false", ["Database:Provider"] = provider.ToString() };
        if (provider == DatabaseProvider.Postgres)
            values["ConnectionStrings:Postgres"] = await PathwayHub.Tests.Infrastructure.PostgresCluster.CreateDatabaseAsync(Postgres.Value);
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        host.Settings = DatabaseSettings.From(config, host._folder);
        services.AddPathwayHub(host.Settings, email);
        services.AddDataProtection();
        // A static render calls no JavaScript, but MudBlazor components ask for these services.
        services.AddScoped<Microsoft.JSInterop.IJSRuntime, NoJs>();
        services.AddScoped<NavigationManager, StaticNavigation>();
        configure?.Invoke(services);
        host.Services = services.BuildServiceProvider();
        await Startup.InitialiseDatabaseAsync(host.Services, config, new Env(AppContext.BaseDirectory));
        host.Scope = host.Services.CreateAsyncScope();
        var coordinator = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, Roles.Coordinator)], "bench"));
        host.Scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(coordinator);
        host.Renderer = new HtmlRenderer(host.Scope.ServiceProvider, NullLoggerFactory.Instance);
        return host;
    }

    public T Get<T>() where T : notnull => Scope.ServiceProvider.GetRequiredService<T>();

    public Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent =>
        Renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await Renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            await output.QuiescenceTask;
            return output.ToHtmlString();
        });

    public async ValueTask DisposeAsync()
    {
        await Renderer.DisposeAsync();
        await Scope.DisposeAsync();
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class NoJs : Microsoft.JSInterop.IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }

    private sealed class StaticNavigation : NavigationManager
    {
        public StaticNavigation() => Initialize("http://localhost/", "http://localhost/");
    }

    private sealed class Env(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "PathwayHub.Web";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
