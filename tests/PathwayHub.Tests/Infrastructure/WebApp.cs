using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PathwayHub.Web.Data;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>The whole web app in memory over a fresh SQLite file (or the given PostgreSQL database) with the demo data.</summary>
public sealed partial class WebApp(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pathwayhub-tests", "web-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DataFolder", _folder);
        builder.UseSetting("Demo:Seed", "true");
        // Tests call the jobs themselves; a Hangfire server would race them.
        builder.UseSetting("Reminders:RunJobs", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    /// <summary>A host on the given provider: a SQLite file of its own, or a fresh database on the test PostgreSQL server.</summary>
    public static async Task<WebApp> OnAsync(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? new WebApp(new Dictionary<string, string>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings:Postgres"] = await PostgresServer.CreateDatabaseAsync(),
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
