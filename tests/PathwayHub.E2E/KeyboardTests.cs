using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

/// <summary>What a scanner does not catch: the skip link, and a focus indicator you can see.</summary>
public sealed class KeyboardTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Skip_to_main_content_moves_focus_to_the_pages_main_content_and_stays_on_the_page()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("member@pathwayhub.example");
        await page.GotoAsync("/directory");
        await LoginPage.Interactive(page);

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'main'");
        Assert.EndsWith("/directory", page.Url, StringComparison.Ordinal);
        // The next Tab lands inside the main content, not back in the app bar or menu.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"));
    }

    [Fact]
    public async Task The_menu_button_opens_and_closes_the_menu_from_the_keyboard_and_says_whether_it_is_open()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("member@pathwayhub.example");
        await page.GotoAsync("/directory");
        await LoginPage.Interactive(page);
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });
        var drawer = page.Locator("#nav-drawer");
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded")); // beside the content on a wide screen
        Assert.True(await drawer.IsVisibleAsync());

        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-expanded"));
        Assert.False(await drawer.IsVisibleAsync());

        await page.Keyboard.PressAsync("Space");
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded"));
        Assert.True(await drawer.IsVisibleAsync());
    }

    [Fact]
    public async Task A_button_focused_from_the_keyboard_has_a_visible_outline_as_strong_as_the_sign_in_pages()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#password").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        var signIn = await FocusRingAsync(page);

        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        await page.GotoAsync("/directory");
        await LoginPage.Interactive(page);
        await page.Locator("main").FocusAsync();
        // Tab through the page until a button inside main has focus.
        string? tag = null;
        for (var i = 0; i < 60 && tag != "BUTTON"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            tag = await page.EvaluateAsync<string>("() => document.getElementById('main').contains(document.activeElement) ? document.activeElement.tagName : ''");
        }
        Assert.Equal("BUTTON", tag);
        var portalRing = await FocusRingAsync(page);

        Assert.Equal("solid", portalRing.Style);
        Assert.True(portalRing.Width >= signIn.Width, $"the portal's focus outline ({portalRing.Width} px) is at least the sign-in page's ({signIn.Width} px)");
        Assert.NotEqual("rgba(0, 0, 0, 0)", portalRing.Colour);
    }

    private sealed record Ring(string Style, double Width, string Colour);

    private static async Task<Ring> FocusRingAsync(IPage page)
    {
        var values = await page.EvaluateAsync<string[]>("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }");
        return new Ring(values[0], double.Parse(values[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), values[2]);
    }
}
