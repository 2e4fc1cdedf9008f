using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Benchmarks;

/// <summary>Server render of a Pathway's member list (query + HTML) with 200 current memberships, on a real SQLite file.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes in GlobalCleanup.")]
public class MemberListRender
{
    private ServiceProvider _services = null!;
    private HtmlRenderer _renderer = null!;
    private int _pathwayId;
    private string _folder = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "pathwayhub-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataFolder"] = _folder, ["Demo:Seed"] = "false" }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddPathwayHub(DatabaseSettings.From(config, _folder));
        services.AddDataProtection();
        // A static render calls no JavaScript, but MudBlazor components ask for these services.
        services.AddScoped<Microsoft.JSInterop.IJSRuntime, NoJs>();
        services.AddScoped<NavigationManager, StaticNavigation>();
        _services = services.BuildServiceProvider();
        await Startup.InitialiseDatabaseAsync(_services, config, new Env(AppContext.BaseDirectory));

        await using (var db = await _services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var pathway = await db.Pathways.FirstAsync(p => p.Slug == "accommodation");
            _pathwayId = pathway.Id;
            var orgs = await db.Organisations.Select(o => o.Id).ToListAsync();
            for (var i = 0; i < 200; i++)
            {
                var person = new Person { FullName = $"Member {i:D3}", Email = $"member{i}@example.org", JobTitle = "Officer", OrganisationId = orgs[i % orgs.Count], Sector = (Sector)(i % 3) };
                db.Memberships.Add(new Membership { Person = person, PathwayId = pathway.Id, Role = i % 4 == 0 ? MembershipRole.Associate : MembershipRole.Member, StartDate = new DateOnly(2025, 1, 1) });
            }
            await db.SaveChangesAsync();
        }

        var scope = _services.CreateScope();
        var coordinator = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, Roles.Coordinator)], "bench"));
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(coordinator);
        _renderer = new HtmlRenderer(scope.ServiceProvider, NullLoggerFactory.Instance);
    }

    [Benchmark]
    public Task<string> RenderMemberList() => _renderer.Dispatcher.InvokeAsync(async () =>
    {
        var output = await _renderer.RenderComponentAsync<MembersTab>(ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(MembersTab.PathwayId)] = _pathwayId, [nameof(MembersTab.Slug)] = "accommodation", [nameof(MembersTab.CanEdit)] = true,
        }));
        await output.QuiescenceTask;
        var html = output.ToHtmlString();
        if (!html.Contains("Member 199", StringComparison.Ordinal)) throw new InvalidOperationException("The member list did not render all members.");
        return html;
    });

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _renderer.DisposeAsync();
        await _services.DisposeAsync();
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
        public StaticNavigation() => Initialize("http://localhost/", "http://localhost/pathways/accommodation");
    }

    private sealed class Env(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "PathwayHub.Web";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
