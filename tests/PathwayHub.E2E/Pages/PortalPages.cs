using Microsoft.Playwright;
using PathwayHub.Web.Data.Seed;

namespace PathwayHub.E2E.Pages;

/// <summary>Page objects: the selectors a flow depends on live here, not in the tests.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task SignInAsync(string email, string password = Seeder.DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await Axe.AssertAccessibleAsync(page, "Sign-in page");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await Interactive(page);
    }

    public static Task Interactive(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}

public sealed class PathwayPage(IPage page)
{
    public async Task OpenAsync(string name)
    {
        await page.GotoAsync("/pathways");
        await LoginPage.Interactive(page);
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 }).WaitForAsync();
        await LoginPage.Interactive(page);
    }

    public async Task OpenMembersAsync()
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await page.Locator("[data-testid=member-list]").WaitForAsync();
    }

    public ILocator MemberRows => page.Locator("[data-testid=member-row]");

    public async Task<ILocator> OpenAddMemberAsync()
    {
        await page.Locator("[data-testid=add-member]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        return dialog;
    }

    public async Task AddAsync(ILocator dialog, string name, string email, string role, string startDate)
    {
        await dialog.Locator("[data-testid=field-name]").FillAsync(name);
        await dialog.Locator("[data-testid=field-email]").FillAsync(email);
        await dialog.Locator("[data-testid=field-role]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = role, Exact = true }).ClickAsync();
        await dialog.Locator("[data-testid=field-start]").FillAsync(startDate);
        await dialog.Locator("[data-testid=save-member]").ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }
}
