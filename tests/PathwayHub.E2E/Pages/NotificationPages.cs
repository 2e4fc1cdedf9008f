using Microsoft.Playwright;

namespace PathwayHub.E2E.Pages;

/// <summary>The notification settings page and Admin > Notifications sent.</summary>
public sealed class NotificationPages(IPage page)
{
    public async Task OpenSettingsFromInboxAsync()
    {
        await page.GotoAsync("/notifications");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=notification-settings]").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Notification settings", Level = 1 }).WaitForAsync();
        await LoginPage.Interactive(page);
    }

    /// <summary>Chooses "In-app only" for one kind (by its label) and saves.</summary>
    public async Task ChooseInAppOnlyAsync(string kindTestId)
    {
        await page.Locator($"[data-testid=pref-{kindTestId}]").GetByText("In-app only").ClickAsync();
        await page.Locator("[data-testid=save-preferences]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=done]")).ToBeVisibleAsync();
    }

    public ILocator Choice(string kindTestId, string label) =>
        page.Locator($"[data-testid=pref-{kindTestId}]").GetByRole(AriaRole.Radio, new() { Name = label });

    public async Task OpenOutboxAsync()
    {
        await page.GotoAsync("/admin/notifications");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=outbox-grid]").WaitForAsync();
    }

    public ILocator OutboxGrid => page.Locator("[data-testid=outbox-grid]");
}
