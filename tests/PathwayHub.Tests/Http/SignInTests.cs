using System.Net;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data.Seed;

namespace PathwayHub.Tests.Http;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/pathways")]
    [InlineData("/pathways/families-and-social-support")]
    [InlineData("/admin/users")]
    public async Task Anonymous_request_to_a_protected_page_goes_to_sign_in(string path)
    {
        var response = await _app.Browser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Right_password_signs_in_and_shows_the_user()
    {
        var client = _app.Browser();
        var response = await WebApp.SignInAsync(client, "coordinator@pathwayhub.example", Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", WebApp.PathOf(response));

        var home = await client.GetStringAsync("/pathways");
        Assert.Contains("Helen Armstrong", home, StringComparison.Ordinal);
        Assert.Contains("Families and Social Support", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_five_wrong_passwords_the_sixth_attempt_is_locked_out_even_with_the_right_password()
    {
        var client = _app.Browser();
        for (var i = 1; i <= 4; i++)
        {
            var wrong = await WebApp.SignInAsync(client, "member@pathwayhub.example", "wrong-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("The email address or password is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var fifth = await WebApp.SignInAsync(client, "member@pathwayhub.example", "wrong-password");
        Assert.Equal("/account/lockout", WebApp.PathOf(fifth));

        var sixth = await WebApp.SignInAsync(client, "member@pathwayhub.example", Seeder.DemoPassword);
        Assert.Equal("/account/lockout", WebApp.PathOf(sixth));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/pathways")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_never_redirects_off_site()
    {
        var client = _app.Browser();
        var page = await client.GetStringAsync("/account/login?returnUrl=//evil.example/");
        Assert.Contains("Sign in to PathwayHub", page, StringComparison.Ordinal);
        var response = await WebApp.SignInAsync(client, "coordinator@pathwayhub.example", Seeder.DemoPassword);
        Assert.DoesNotContain("evil", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_csv_is_refused_to_someone_outside_the_pathway()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "associate@pathwayhub.example", Seeder.DemoPassword);

        var own = await client.GetAsync("/pathways/families-and-social-support/members.csv");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Aisha Patel", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/pathways/accommodation/members.csv")).StatusCode);
    }

    [Fact]
    public async Task Associate_is_refused_the_admin_pages()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "associate@pathwayhub.example", Seeder.DemoPassword);
        var response = await client.GetAsync("/admin/users");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("user-list", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
