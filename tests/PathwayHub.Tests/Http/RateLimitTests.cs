using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Security;

namespace PathwayHub.Tests.Http;

/// <summary>Abuse answered with 429: sign-in, registration and the public APIs are limited per client address.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private static readonly string[] Accounts =
    [
        "coordinator@pathwayhub.example", "commissioner@pathwayhub.example", "provider@pathwayhub.example",
        "member@pathwayhub.example", "associate@pathwayhub.example",
    ];

    private readonly WebApp _app = new(new Dictionary<string, string>
    {
        ["RateLimits:SignIn:PermitLimit"] = "12",
        ["RateLimits:SignInFailures:PerAddress"] = "8",
        ["RateLimits:PublicApi:PermitLimit"] = "3",
        ["RateLimits:Registration:PermitLimit"] = "2",
        ["ForwardedHeaders:KnownProxies"] = "10.0.0.5",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Sign_in_posts_beyond_the_per_address_limit_get_429_with_retry_after()
    {
        var host = _app.WithPeers();
        var client = host.Client("198.51.100.1");
        for (var i = 0; i < 12; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await WebApp.SignInAsync(client, "member@pathwayhub.example", Seeder.DemoPassword)).StatusCode);

        var refused = await WebApp.SignInAsync(client, "member@pathwayhub.example", Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another address is not affected, and reading the sign-in page is not a sign-in attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.Equal("/", WebApp.PathOf(await WebApp.SignInAsync(host.Client("198.51.100.2"), "member@pathwayhub.example", Seeder.DemoPassword)));
    }

    [Fact]
    public async Task One_address_failing_against_many_accounts_is_throttled_before_it_locks_any()
    {
        var host = _app.WithPeers();
        var attacker = host.Client("203.0.113.66");
        var refusedAt = 0;
        for (var attempt = 1; attempt <= Accounts.Length * 5; attempt++)
        {
            var response = await WebApp.SignInAsync(attacker, Accounts[attempt % Accounts.Length], "wrong-password");
            if (response.StatusCode != HttpStatusCode.TooManyRequests) continue;
            refusedAt = attempt;
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Contains("Too many failed sign-ins", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            break;
        }
        Assert.Equal(9, refusedAt);

        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var email in Accounts)
            Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!), email);
        // The real owners, elsewhere, sign in as usual.
        foreach (var email in Accounts)
            Assert.Equal("/", WebApp.PathOf(await WebApp.SignInAsync(host.Client("192.0.2.10"), email, Seeder.DemoPassword)));
    }

    [Fact]
    public async Task A_stranger_cannot_lock_the_coordinator_out()
    {
        var host = _app.WithPeers();
        var stranger = host.Client("203.0.113.99");
        for (var i = 1; i <= 7; i++)
        {
            var response = await WebApp.SignInAsync(stranger, "coordinator@pathwayhub.example", "guess-" + i);
            // Four wrong guesses are answered; from the fifth this address is locked out of the account, before the
            // account's own lockout (five failures) is reached.
            if (i <= 4) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            else Assert.Equal("/account/lockout", WebApp.PathOf(response));
        }

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!));
        }
        var coordinator = host.Client("192.0.2.20");
        Assert.Equal("/", WebApp.PathOf(await WebApp.SignInAsync(coordinator, "coordinator@pathwayhub.example", Seeder.DemoPassword)));
        // Even the right password from the stranger's address waits out the window.
        Assert.Equal("/account/lockout", WebApp.PathOf(await WebApp.SignInAsync(stranger, "coordinator@pathwayhub.example", Seeder.DemoPassword)));
    }

    [Fact]
    public async Task Failures_from_one_address_spread_over_windows_never_add_up_to_a_lockout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = _app.WithPeers().WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var stranger = host.Client("203.0.113.77");
        for (var window = 0; window < 2; window++)
        {
            // Without forgetting, the first failure of the second window would be the account's fifth and lock it.
            for (var i = 0; i < 4; i++)
                Assert.Equal(HttpStatusCode.OK, (await WebApp.SignInAsync(stranger, "coordinator@pathwayhub.example", "guess")).StatusCode);
            Assert.Equal("/account/lockout", WebApp.PathOf(await WebApp.SignInAsync(stranger, "coordinator@pathwayhub.example", "guess")));
            clock.Advance(TimeSpan.FromMinutes(16));
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!));
        }
        Assert.Equal("/", WebApp.PathOf(await WebApp.SignInAsync(host.Client("192.0.2.30"), "coordinator@pathwayhub.example", Seeder.DemoPassword)));
    }

    [Theory]
    [InlineData("/api/directory/services")]
    [InlineData("/api/ocds/releases")]
    public async Task The_public_api_answers_429_in_json_beyond_its_limit(string path)
    {
        var host = _app.WithPeers();
        var client = host.Client("198.51.100.7");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);

        var refused = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Too many requests", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());

        Assert.Equal(HttpStatusCode.OK, (await host.Client("198.51.100.8").GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_forwarded_client_address_is_the_one_limited()
    {
        var host = _app.WithPeers();
        var viaProxy = host.Client("10.0.0.5");
        async Task<HttpStatusCode> Get(HttpClient client, string? forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/directory/services");
            if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
            return (await client.SendAsync(request)).StatusCode;
        }

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await Get(viaProxy, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(viaProxy, "203.0.113.7"));
        // Another client behind the same proxy has its own allowance.
        Assert.Equal(HttpStatusCode.OK, await Get(viaProxy, "203.0.113.8"));
        // A peer that is not a known proxy cannot choose its address by sending the header.
        var direct = host.Client("198.51.100.50");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await Get(direct, $"203.0.113.{100 + i}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get(direct, "203.0.113.200"));
    }

    [Fact]
    public async Task Registrations_beyond_the_per_address_limit_are_refused_and_create_nothing()
    {
        _ = _app.Server;
        int before;
        var dbs = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbs.CreateDbContextAsync()) before = await db.Organisations.CountAsync();

        async Task RegisterFrom(string address, int n)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ClientAddress>().Set(IPAddress.Parse(address));
            await scope.ServiceProvider.GetRequiredService<OrganisationService>().RegisterAsync(new RegistrationInput
            {
                Organisation = new OrganisationInput { Name = $"Spam Trust {address} {n}", Description = "Anything the registrant chose to write." },
                ContactName = "Spammer", ContactEmail = $"spam{n}-{address}@example.org", Password = "A-long-password-" + n,
            });
        }

        await RegisterFrom("203.0.113.30", 1);
        await RegisterFrom("203.0.113.30", 2);
        var refused = await Assert.ThrowsAsync<TooManyAttemptsException>(() => RegisterFrom("203.0.113.30", 3));
        Assert.Contains("Try again in", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        await RegisterFrom("203.0.113.31", 4);

        await using (var db = await dbs.CreateDbContextAsync())
        {
            Assert.Equal(before + 3, await db.Organisations.CountAsync());
            Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Spam Trust 203.0.113.30 3"));
        }
    }
}
