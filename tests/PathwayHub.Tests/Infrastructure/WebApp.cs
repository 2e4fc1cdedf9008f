using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using PathwayHub.Web.Data;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// The whole web app in memory with the demo data, over its own copy of the template SQLite file (<see cref="TemplateDatabases"/>)
/// or the given PostgreSQL database.
/// </summary>
public sealed partial class WebApp(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pathwayhub-tests", "web-" + Guid.NewGuid().ToString("N"));

    /// <summary>What the host logged at Warning and above, for a failing test's message.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", _folder);
        builder.UseSetting("Demo:Seed", "true");
        // Tests call the jobs themselves; a Hangfire server would race them.
        builder.UseSetting("Reminders:RunJobs", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(l => l.AddProvider(Logs));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        CopyTemplate();
    }

    /// <summary>
    /// Puts a copy of the seeded template where the host will look for its SQLite file, before the host starts. Runs for every
    /// host made from this factory (<c>WithWebHostBuilder</c>), so only the first copies. Settings that choose another database,
    /// folder or seed leave the host to make its own, as before.
    /// </summary>
    private void CopyTemplate()
    {
        var own = settings ?? new Dictionary<string, string>();
        if (own.Keys.Any(k => k is "Database:Provider" or "ConnectionStrings:Postgres" or "DataFolder" or "SeedData")) return;
        var demo = !own.TryGetValue("Demo:Seed", out var seed) || bool.Parse(seed);
        if (File.Exists(Path.Combine(_folder, "pathwayhub.db"))) return;
        // ConfigureWebHost is synchronous; the template is built on the thread pool, so waiting here cannot deadlock.
        TemplateDatabases.CopySqliteAsync(_folder, demo, hostClock: true).GetAwaiter().GetResult();
    }

    /// <summary>A host on the given provider: a SQLite file of its own, or a database on the test PostgreSQL server; both copied from a seeded template.</summary>
    public static async Task<WebApp> OnAsync(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? new WebApp(new Dictionary<string, string>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings:Postgres"] = await TemplateDatabases.CreatePostgresAsync(demo: true, hostClock: true),
        })
        : new WebApp();

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the static sign-in form as a browser would, with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = TokenField().Match(page).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The path a redirect points to, whether the header is absolute or relative.</summary>
    public static string? PathOf(HttpResponseMessage response) =>
        response.Headers.Location is { } l ? new Uri(new Uri("http://localhost"), l).AbsolutePath : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
