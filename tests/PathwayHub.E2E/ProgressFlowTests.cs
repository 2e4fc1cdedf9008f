using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

public sealed class ProgressFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Coordinator_reads_the_regional_progress_and_marks_a_baseline_by_keyboard()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        await page.GotoAsync("/progress");
        await LoginPage.Interactive(page);

        // The demo's four past quarters, the earliest as the baseline, every figure with its trend chart.
        var table = page.Locator("[data-testid=progress-table]");
        await Assertions.Expect(table.Locator("[data-testid=progress-row]")).ToHaveCountAsync(18);
        await Assertions.Expect(table.Locator("svg[role=img]")).ToHaveCountAsync(18);
        var options = page.Locator("#baseline-snapshot option");
        await Assertions.Expect(options).ToHaveCountAsync(4);
        var first = (await options.First.TextContentAsync())!.Trim();
        var last = (await options.Last.TextContentAsync())!.Trim();
        await Assertions.Expect(page.Locator("[data-testid=progress-baseline]")).ToContainTextAsync($"Baseline: the snapshot of {first}.");
        await Axe.AssertAccessibleAsync(page, "Regional progress page");

        // Choose the latest snapshot and submit with the keyboard alone.
        await page.Locator("#baseline-snapshot").FocusAsync();
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=baseline-save]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=progress-baseline]")).ToContainTextAsync($"Baseline: the snapshot of {last}.");
        await Assertions.Expect(page.Locator("[data-testid=progress-trend] thead")).ToContainTextAsync($"{last} (baseline)");
        await Axe.AssertAccessibleAsync(page, "Regional progress page after marking a baseline");
    }
}
