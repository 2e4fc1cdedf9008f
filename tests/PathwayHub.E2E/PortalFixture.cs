using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace PathwayHub.E2E;

/// <summary>The real app on Kestrel on a free loopback port over a fresh SQLite file with demo data, and Debian's Chromium.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pathwayhub-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private Factory? _factory;
    private IPlaywright? _playwright;
    public IBrowser? Browser { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public string? Missing { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            Missing = $"{Chromium} is not installed (apt-get install chromium)";
            return;
        }
        _factory = new Factory(_folder);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser page, or a skip (a failure under CI=true) when Chromium is missing.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (Missing is not null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"CI=true but {Missing}: .ci/run must install it.");
            Assert.Skip(Missing + "; browser tests run in CI.");
        }
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed class Factory(string folder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("DataFolder", folder);
            builder.UseSetting("Demo:Seed", "true");
            // The flows create their own notifications; a reminder scan or delivery run in the middle would race them.
            builder.UseSetting("Reminders:RunJobs", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
