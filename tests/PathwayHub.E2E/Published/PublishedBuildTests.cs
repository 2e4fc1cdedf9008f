using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PathwayHub.E2E.Published;

/// <summary>The README's "Run in production": the publish output starts by itself, loads its reference data and signs people in.</summary>
public class PublishedBuildTests
{
    [Fact]
    public async Task Published_output_starts_with_no_settings_loads_its_reference_data_and_serves_the_sign_in_page()
    {
        await using var app = await PublishedApp.StartAsync();
        using var http = app.Client();

        using var login = await http.GetAsync("/account/login", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        Assert.True(login.Headers.Contains("Content-Security-Policy"), "the production security headers are sent");
        Assert.Contains("Production", app.Output, StringComparison.Ordinal);

        // Its stylesheets, the Blazor script and the icon are served from the publish output (fingerprinted names).
        var assets = Regex.Matches(html, "(?:href|src)=\"([^\"]*(?:app|styles|MudBlazor)[^\"]*\\.css|[^\"]*blazor\\.web[^\"]*\\.js)\"")
            .Select(m => m.Groups[1].Value).Append("favicon.svg").ToList();
        Assert.True(assets.Count >= 3, "the sign-in page links its stylesheets and script: " + string.Join(", ", assets));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(asset.TrimStart('/'), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
        }

        // The reference data came from the seed-data folder inside the publish output: the open directory lists services.
        using var services = await http.GetAsync("/api/directory/services?per_page=1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, services.StatusCode);
        using var page = JsonDocument.Parse(await services.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(page.RootElement.GetProperty("total_items").GetInt32() > 0, "seed-data's services were loaded");

        // Production seeds no demo accounts: nobody can sign in with the demo password.
        Assert.DoesNotContain("coordinator@pathwayhub.example", app.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app.DataFolder, "pathwayhub.db")), "the SQLite file is created in DataFolder");
    }
}
