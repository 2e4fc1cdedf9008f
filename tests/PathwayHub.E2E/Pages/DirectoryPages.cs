using Microsoft.Playwright;

namespace PathwayHub.E2E.Pages;

/// <summary>Page objects of the provider directory.</summary>
public sealed class DirectoryPages(IPage page)
{
    public async Task OpenServiceAsync(string name, bool publicDirectory = false)
    {
        await page.GotoAsync(publicDirectory ? "/directory/public" : "/directory");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=service-link]").First.WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 }).WaitForAsync();
        await LoginPage.Interactive(page);
    }

    public async Task<ILocator> OpenEditAsync()
    {
        await page.Locator("[data-testid=edit-service]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        return dialog;
    }

    public async Task SaveAsync(ILocator dialog, string testId, string value)
    {
        await dialog.Locator($"[data-testid={testId}]").FillAsync(value);
        await dialog.Locator("[data-testid=save-service]").ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    public async Task OpenChangesAsync()
    {
        await page.GotoAsync("/directory/changes");
        await LoginPage.Interactive(page);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Changes to review", Level = 1 }).WaitForAsync();
    }

    public ILocator Changes => page.Locator("[data-testid=change]");
}
