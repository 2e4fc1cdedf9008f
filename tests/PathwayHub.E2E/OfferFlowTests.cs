using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

public sealed class OfferFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Coordinator_defines_a_pathways_minimum_offer_and_sees_every_open_prison_against_it()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        await page.GotoAsync("/pathways/accommodation?tab=offer");
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("[data-testid=offer-empty]")).ToBeVisibleAsync();

        // Saved empty: each field says what it needs, and nothing is saved.
        await page.Locator("[data-testid=add-offer-item]").ClickAsync();
        var form = page.Locator("[data-testid=offer-item-form]");
        await form.Locator("[data-testid=save-offer-item]").ClickAsync();
        await Assertions.Expect(form).ToContainTextAsync("Enter what every prison should have");
        await Assertions.Expect(form).ToContainTextAsync("Choose at least one service type that meets it.");
        await Assertions.Expect(page.Locator("[data-testid=offer-empty]")).ToBeVisibleAsync();
        await Axe.AssertAccessibleAsync(page, "Minimum offer form with errors");

        await form.Locator("[data-testid=field-offer-name]").FillAsync("Housing advice before release");
        await form.Locator("[data-testid=field-offer-types]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Accommodation support", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Support through the gate", Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await form.Locator("[data-testid=save-offer-item]").ClickAsync();
        await form.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // The item heads the table, with the types that meet it, and every open prison has a status in words.
        var table = page.Locator("[data-testid=offer-table]");
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("Housing advice before release");
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("Accommodation support, Support through the gate");
        await Assertions.Expect(page.Locator("[data-testid=offer-items]")).ToContainTextAsync("Housing advice before release");
        var prisons = await table.Locator("tbody tr").CountAsync();
        Assert.True(prisons > 1, "the demo has several open prisons");
        var cells = table.Locator("[data-testid=offer-cell]");
        await Assertions.Expect(cells).ToHaveCountAsync(prisons);
        foreach (var cell in await cells.AllAsync())
            Assert.Matches("^(Met|AtRisk|Missing)$", await cell.GetAttributeAsync("data-status"));
        await Assertions.Expect(page.Locator("[data-testid=offer-summary]")).ToContainTextAsync($"Across {prisons} open prisons and 1 item:");
        await Axe.AssertAccessibleAsync(page, "Pathway minimum offer tab");

        // The regional page carries the new offer beside the families one.
        await page.GotoAsync("/offer");
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("[data-testid=offer-table]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Housing advice before release");
        await Axe.AssertAccessibleAsync(page, "Regional minimum offer page");
    }
}
