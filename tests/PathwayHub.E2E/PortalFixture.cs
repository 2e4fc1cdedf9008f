using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using PathwayHub.Web.Infrastructure.Security;
using Xunit.v3;

[assembly: PathwayHub.E2E.FailOnContentSecurityPolicyViolation]

namespace PathwayHub.E2E;

/// <summary>
/// The real app on Kestrel on a free loopback port over a fresh SQLite file with demo data, and Debian's Chromium. The app
/// sends the production security headers in every environment; the fixture checks that it does, and every page it opens
/// reports Content-Security-Policy violations from the browser console, which fail the test that caused them.
/// </summary>
public class PortalFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public PortalFixture() : this(new Dictionary<string, string>()) { }

    /// <summary>A portal with some settings of its own, e.g. small rate limits.</summary>
    protected PortalFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    private const string Chromium = "/usr/bin/chromium";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pathwayhub-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private Factory? _factory;
    private IPlaywright? _playwright;
    public IBrowser? Browser { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public string? Missing { get; private set; }
    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            Missing = $"{Chromium} is not installed (apt-get install chromium)";
            return;
        }
        _factory = new Factory(_folder, _settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await AssertProductionPolicyAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, never a downloaded browser.</summary>
    internal static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    internal static bool ChromiumInstalled => File.Exists(Chromium);

    /// <summary>Fails the test under CI=true, where everything must be installed; skips it elsewhere.</summary>
    internal static void FailOrSkip(string missing)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"CI=true but {missing}: .ci/run must install it.");
        Assert.Skip(missing + "; these tests run in CI.");
    }

    /// <summary>Records the page's Content-Security-Policy violations against the running test.</summary>
    internal static void WatchPolicy(IPage page)
    {
        var test = TestContext.Current.Test?.UniqueID ?? "";
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                CspViolations.GetOrAdd(test, _ => new ConcurrentQueue<string>()).Enqueue($"{page.Url}: {message.Text}");
        };
    }

    /// <summary>A fresh browser page, or a skip (a failure under CI=true) when Chromium is missing.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (Missing is not null) FailOrSkip(Missing);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        WatchPolicy(page);
        return page;
    }

    /// <summary>Console reports of the browser refusing something under the policy, per test.</summary>
    internal static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> CspViolations = new();

    private async Task AssertProductionPolicyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var response = await http.GetAsync("/account/login");
        var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : null;
        if (csp != SecurityHeaders.ContentSecurityPolicy)
            throw new InvalidOperationException($"The browser tests must run under the production Content-Security-Policy; the app sent '{csp}'.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private sealed class Factory(string folder, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("DataFolder", folder);
            builder.UseSetting("Demo:Seed", "true");
            // The flows create their own notifications; a reminder scan or delivery run in the middle would race them.
            builder.UseSetting("Reminders:RunJobs", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}

/// <summary>Fails a browser test after it ran if any page it opened logged a Content-Security-Policy violation.</summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FailOnContentSecurityPolicyViolationAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (PortalFixture.CspViolations.TryRemove(test.UniqueID, out var violations) && !violations.IsEmpty)
            throw new InvalidOperationException("The browser refused content under the Content-Security-Policy:" + Environment.NewLine +
                string.Join(Environment.NewLine, violations));
    }
}
