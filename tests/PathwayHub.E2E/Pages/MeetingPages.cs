using Microsoft.Playwright;

namespace PathwayHub.E2E.Pages;

public sealed class MeetingPage(IPage page)
{
    public async Task CreateSeriesFromPathwayAsync(string pathway, string date)
    {
        await new PathwayPage(page).OpenAsync(pathway);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Meetings" }).ClickAsync();
        await page.Locator("[data-testid=new-meeting]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "New meeting dialog");
        await dialog.Locator("[data-testid=meeting-date]").FillAsync(date);
        await dialog.Locator("[data-testid=meeting-venue]").FillAsync("NEPACS, Durham");
        await dialog.Locator(".mud-select").Last.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Quarterly for a year (4 meetings)" }).ClickAsync();
        await dialog.Locator("[data-testid=save-meeting]").ClickAsync();
        try { await page.WaitForURLAsync(url => url.Contains("/meetings/", StringComparison.Ordinal), new() { Timeout = 8000 }); }
        catch (TimeoutException) { await page.ScreenshotAsync(new() { Path = "/tmp/e2e-fail.png" }); throw; }
        await page.WaitForURLAsync(url => url.Contains("/meetings/", StringComparison.Ordinal));
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=agenda]").WaitForAsync();
    }

    public async Task AddItemAsync(string title)
    {
        await page.Locator("[data-testid=item-title]").FillAsync(title);
        await page.Locator("[data-testid=add-item]").ClickAsync();
        await Item(title).WaitForAsync();
    }

    public ILocator Item(string title) => page.Locator("[data-testid=agenda-item]").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true }) });

    public async Task UploadAsync(string itemTitle, string fileName, byte[] content, bool confidential)
    {
        var item = Item(itemTitle);
        await OpenEditorAsync(item, "[data-testid=paper-file]");
        if (confidential) await item.GetByLabel("Confidential (members only)").CheckAsync();
        await item.Locator("[data-testid=paper-file]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = content });
        await item.Locator("[data-testid=paper]").Filter(new() { HasText = Path.GetFileNameWithoutExtension(fileName) }).WaitForAsync();
    }

    /// <summary>Opens the item's editors (papers or minutes) unless they are already open.</summary>
    public static async Task OpenEditorAsync(ILocator item, string waitFor)
    {
        if (await item.Locator(waitFor).CountAsync() == 0) await item.Locator("[data-testid=edit-item]").ClickAsync();
        await item.Locator(waitFor).First.WaitForAsync();
    }

    public async Task ClickAsync(string testId, string expectedStatus)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=meeting-status]")).ToContainTextAsync(expectedStatus);
    }

    /// <summary>Clicks an action that emails people (publish, approve), then confirms it in the dialog that asks first.</summary>
    public async Task ConfirmAsync(string testId, string expectedStatus)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        await dialog.Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=meeting-status]")).ToContainTextAsync(expectedStatus);
    }
}
