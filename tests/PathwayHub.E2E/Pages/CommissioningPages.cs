using System.Globalization;
using Microsoft.Playwright;

namespace PathwayHub.E2E.Pages;

/// <summary>Tender, agreement and dashboard pages of commissioning.</summary>
public sealed class CommissioningPages(IPage page)
{
    public static string Iso(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task GoAsync(string path)
    {
        await page.GotoAsync(path);
        await LoginPage.Interactive(page);
    }

    public async Task CreateTenderAsync(string reference, string title, DateTime deadline)
    {
        await GoAsync("/commissioning/tenders/new");
        await page.Locator("[data-testid=tender-reference]").FillAsync(reference);
        await page.Locator("[data-testid=tender-title]").FillAsync(title);
        await page.Locator("[data-testid=tender-description]").FillAsync("Family support for people in custody at HMP Durham.");
        await page.Locator("[data-testid=tender-value]").FillAsync("60000");
        await page.Locator("[data-testid=tender-deadline]").FillAsync(Iso(deadline));
        await Axe.AssertAccessibleAsync(page, "New tender page");
        await page.Locator("[data-testid=save-tender]").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"{reference} {title}", Level = 1 }).WaitForAsync();
    }

    public ILocator Status => page.Locator("h1 + [data-testid=status], [data-testid=status]").First;

    public async Task OpenTenderFromListAsync(string reference)
    {
        await GoAsync("/commissioning/tenders");
        await Axe.AssertAccessibleAsync(page, "Tenders list");
        await page.Locator("[data-testid=tender-link]", new() { HasText = reference }).ClickAsync();
        await page.Locator("[data-testid=tender-deadline]").WaitForAsync();
        await LoginPage.Interactive(page);
    }

    public async Task RegisterInterestAndBidAsync(string value, string summary)
    {
        await page.Locator("[data-testid=register-interest]").ClickAsync();
        await page.Locator("[data-testid=interest-registered]").WaitForAsync();
        await page.Locator("[data-testid=bid-value]").FillAsync(value);
        await page.Locator("[data-testid=bid-summary]").FillAsync(summary);
        await page.Locator("[data-testid=submit-bid]").ClickAsync();
        await page.Locator("[data-testid=bid-row]").WaitForAsync();
    }

    public async Task MarkSuccessfulAndAwardAsync(DateTime start, DateTime end)
    {
        await page.Locator("[data-testid=close-tender]").ClickAsync();
        await page.Locator("[data-testid=award-panel]").WaitForAsync();
        await page.Locator("[data-testid=bid-outcome]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Successful", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=save-evaluation]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=done]")).ToHaveTextAsync("Evaluation saved.");
        await page.Locator("[data-testid=award-start]").FillAsync(Iso(start));
        await page.Locator("[data-testid=award-end]").FillAsync(Iso(end));
        // Commit the date (Blazor reads it on change) before the award button is pressed.
        await page.Locator("[data-testid=award-end]").PressAsync("Tab");
        await page.Locator("[data-testid=award]").ClickAsync();
        await page.Locator("[data-testid=awarded-agreements]").WaitForAsync();
    }
}
