using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Admin;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Http;

/// <summary>Sessions end: sign-out, a role change and a locked account stop the sign-in cookie on its next request.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string Member = "member@pathwayhub.example";
    private readonly WebApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_cookie_captured_before_sign_out_no_longer_works_after_it()
    {
        var browser = _app.Client();
        var signIn = await WebApp.SignInAsync(browser, Member, Seeder.DemoPassword);
        var stolen = AuthCookie(signIn);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(stolen).GetAsync("/pathways")).StatusCode);

        var page = await browser.GetStringAsync("/pathways");
        var signOut = await browser.PostAsync("/account/logout", Form(HttpTestHosts.FormToken(page)));
        Assert.Equal("/account/login", WebApp.PathOf(signOut));

        var replay = await WithCookie(stolen).GetAsync("/pathways");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal("/account/login", WebApp.PathOf(replay));
        Assert.Equal(HttpStatusCode.Redirect, (await WithCookie(stolen).GetAsync($"/pathways/families-and-social-support/members.csv")).StatusCode);
    }

    [Fact]
    public async Task A_role_removed_by_the_coordinator_stops_the_users_cookie_at_once()
    {
        var member = _app.Client();
        await WebApp.SignInAsync(member, Member, Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/pathways/families-and-social-support/members.csv")).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await ActAsCoordinatorAsync(scope.ServiceProvider);
            var admin = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            var row = (await admin.ListAsync()).Single(u => u.Email == Member);
            await admin.SaveAsync(new UserInput
            {
                Id = row.Id, Email = row.Email, DisplayName = row.DisplayName, PersonId = row.PersonId,
                Roles = [Roles.AssociateMember], Version = row.Version,
            });
        }

        var after = await member.GetAsync("/pathways/families-and-social-support/members.csv");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/login", WebApp.PathOf(after));
    }

    [Fact]
    public async Task A_locked_account_is_signed_out_on_its_next_request()
    {
        var member = _app.Client();
        await WebApp.SignInAsync(member, Member, Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/pathways")).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByEmailAsync(Member))!;
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.UtcNow.AddDays(1));
        }

        Assert.Equal("/account/login", WebApp.PathOf(await member.GetAsync("/pathways")));
    }

    [Fact]
    public async Task Sign_out_without_an_antiforgery_token_is_refused_and_the_session_goes_on()
    {
        var member = _app.Client();
        await WebApp.SignInAsync(member, Member, Seeder.DemoPassword);
        var stampBefore = await StampAsync();

        var forged = await member.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var wrongToken = await member.PostAsync("/account/logout", Form("not-a-token"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/pathways")).StatusCode);
        Assert.Equal(stampBefore, await StampAsync());
    }

    [Fact]
    public async Task In_production_the_sign_in_cookie_is_secure_http_only_and_same_site_lax()
    {
        var production = _app.InProduction();
        var browser = production.Client(baseAddress: "https://localhost");
        var signIn = await WebApp.SignInAsync(browser, Member, Seeder.DemoPassword);
        Assert.Equal("/", WebApp.PathOf(signIn));

        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PathwayHub.Auth=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/pathways")).StatusCode);
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("PathwayHub.Auth=", StringComparison.Ordinal));

    private HttpClient WithCookie(string cookie)
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static FormUrlEncodedContent Form(string token) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    private async Task<string?> StampAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.FindByEmailAsync(Member))!.SecurityStamp;
    }

    private static async Task ActAsCoordinatorAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!);
        services.GetRequiredService<CurrentUser>().Set(principal);
    }
}
