using Microsoft.Playwright;

namespace PathwayHub.E2E.Pages;

/// <summary>The Delivery plan tab of a Pathway page.</summary>
public sealed class DeliveryPlanTab(IPage page)
{
    public async Task OpenAsync()
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = "Delivery plan" }).ClickAsync();
        await page.Locator("[data-testid=rag-summary]").WaitForAsync();
    }

    public ILocator Summary => page.Locator("[data-testid=rag-summary]");

    public ILocator ActionRow(string text) => page.Locator("[data-testid=plan-action]").Filter(new() { HasText = text });

    /// <summary>Sets an action's status with a note through the progress form, as its owner would.</summary>
    public async Task UpdateProgressAsync(string action, string status, string note)
    {
        await ActionRow(action).Locator("[data-testid=update-progress]").ClickAsync();
        var form = page.Locator("[data-testid=progress-form]");
        await form.WaitForAsync();
        await form.Locator("[data-testid=field-progress-status]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = status, Exact = true }).ClickAsync();
        await form.Locator("[data-testid=field-progress-note]").FillAsync(note);
        await form.Locator("[data-testid=save-progress]").ClickAsync();
        await form.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>Clicks a download link and returns the file's bytes.</summary>
    public static async Task<byte[]> DownloadAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path);
    }
}
