using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PathwayHub.E2E.Pages;
using PathwayHub.Web.Infrastructure.Security;

namespace PathwayHub.E2E;

/// <summary>A portal that allows one registration per address, so the second is refused in the browser.</summary>
public sealed class OneRegistrationPortal() : PortalFixture(new Dictionary<string, string> { ["RateLimits:Registration:PermitLimit"] = "1" });

public sealed class SessionFlowTests(OneRegistrationPortal portal) : IClassFixture<OneRegistrationPortal>
{
    [Fact]
    public async Task Sign_out_from_an_interactive_page_ends_the_session()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("member@pathwayhub.example");
        await new PathwayPage(page).OpenAsync("Families and Social Support");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync("/pathways");
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_registration_from_the_same_address_is_refused_with_when_to_try_again()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/directory/register");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=org-name]").FillAsync("Tyneside Visits Group");
        await page.Locator("[data-testid=register]").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Describe what the organisation does.");

        await page.Locator("[data-testid=org-description]").FillAsync("Volunteers at HMP Northumberland visits.");
        await page.Locator("[data-testid=register]").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Too many registrations have been sent from your network");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Try again in");

        // Counted against the browser's own address, captured when the circuit opened, not a shared "unknown" bucket.
        var counter = portal.Services.GetRequiredService<AttemptCounter>();
        var browserAddress = ClientAddress.KeyOf(IPAddress.Parse(new Uri(portal.BaseUrl).Host));
        Assert.True(counter.Any(RegistrationThrottle.KeyFor(browserAddress)), $"no registration counted for {browserAddress}");
        Assert.False(counter.Any(RegistrationThrottle.KeyFor(ClientAddress.Unknown)));
    }
}
