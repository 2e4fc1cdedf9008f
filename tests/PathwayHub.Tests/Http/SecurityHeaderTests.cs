using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Http;

/// <summary>Production responses of every kind carry the security headers, and the Host header steers nothing.</summary>
public sealed partial class SecurityHeaderTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Every_kind_of_production_response_carries_the_security_headers()
    {
        var production = _app.InProduction();
        var paper = await AddPaperAsync(production.Services);
        var anonymous = production.Client(baseAddress: "https://localhost");
        var coordinator = production.Client(baseAddress: "https://localhost");
        await WebApp.SignInAsync(coordinator, "coordinator@pathwayhub.example", Seeder.DemoPassword);

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["sign-in page"] = await anonymous.GetAsync("/account/login"),
            ["signed-in page"] = await coordinator.GetAsync("/pathways"),
            ["open data API"] = await anonymous.GetAsync("/api/directory/services"),
            ["OCDS API"] = await anonymous.GetAsync("/api/ocds/releases"),
            ["paper download"] = await coordinator.GetAsync($"/papers/{paper}"),
            ["CSV export"] = await coordinator.GetAsync("/directory/services.csv"),
            ["sign-in redirect"] = await anonymous.GetAsync("/pathways"),
            ["not found"] = await anonymous.GetAsync("/no-such-page"),
        };
        Assert.Equal(HttpStatusCode.OK, responses["paper download"].StatusCode);
        Assert.Equal("application/pdf", responses["paper download"].Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/csv", responses["CSV export"].Content.Headers.ContentType?.MediaType);

        foreach (var (kind, response) in responses)
        {
            Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", kind);
            Assert.True(Header(response, "Referrer-Policy") == "strict-origin-when-cross-origin", kind);
            Assert.True(Header(response, "X-Frame-Options") == "SAMEORIGIN", kind);
            Assert.True(Header(response, "Permissions-Policy") is { Length: > 0 } p && p.Contains("camera=()", StringComparison.Ordinal), kind);
            var csp = Header(response, "Content-Security-Policy") ?? "";
            Assert.True(csp.Contains("frame-ancestors 'self'", StringComparison.Ordinal), $"{kind}: {csp}");
            Assert.True(csp.Contains("connect-src 'self'", StringComparison.Ordinal), $"{kind}: {csp}");
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Matches("script-src 'self'(;|$)", csp);
        }
    }

    [Fact]
    public async Task Pages_have_no_inline_script_for_the_policy_to_block()
    {
        var client = _app.Client();
        await WebApp.SignInAsync(client, "coordinator@pathwayhub.example", Seeder.DemoPassword);
        foreach (var path in new[] { "/account/login", "/pathways", "/directory/register", "/directory/public" })
        {
            var html = await client.GetStringAsync(path);
            Assert.True(InlineScript().Count(html) == 0, $"{path} has an inline <script>: {InlineScript().Match(html).Value}");
            Assert.DoesNotContain(" onclick=\"", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_forged_host_header_does_not_steer_the_sign_in_redirect()
    {
        var anyHost = _app.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "*"));
        var forged = anyHost.Client(baseAddress: "http://evil.example");
        var response = await WebApp.SignInAsync(forged, "coordinator@pathwayhub.example", Seeder.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri && location.Host == "evil.example", $"redirected to {location}");
        Assert.Equal("/", WebApp.PathOf(response));
    }

    [Fact]
    public async Task With_allowed_hosts_configured_a_request_for_another_host_answers_400()
    {
        var configured = _app.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "hub.example;localhost"));
        Assert.Equal(HttpStatusCode.BadRequest, (await configured.Client(baseAddress: "http://evil.example").GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await configured.Client(baseAddress: "http://hub.example").GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task In_production_without_allowed_hosts_only_the_public_url_host_is_answered()
    {
        var production = _app.InProduction().WithWebHostBuilder(b => b.UseSetting("PublicUrl", "https://hub.example"));
        Assert.Equal(HttpStatusCode.BadRequest, (await production.Client(baseAddress: "https://evil.example").GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await production.Client(baseAddress: "https://hub.example").GetAsync("/account/login")).StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static async Task<int> AddPaperAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
        var meetings = new GovernanceAs(scope.ServiceProvider);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var pathway = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        var meeting = (await meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = "Meeting", StartLocal = DateTime.Now.AddDays(20), Venue = "Durham" }))[0];
        var item = (await meetings.Meetings.GetAsync(meeting)).Items[0].Id;
        return await meetings.Agenda.AddPaperAsync(item, "Open", "open.pdf", new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF")), false);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
