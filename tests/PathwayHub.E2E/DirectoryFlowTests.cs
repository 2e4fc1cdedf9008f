using System.Text.Json;
using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

public sealed class DirectoryFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Service = "Prison visitor centres";
    private const string NewFees = "Free; tea and coffee at cost.";

    [Fact]
    public async Task Provider_edits_a_listing_the_coordinator_approves_and_it_shows_publicly_and_in_the_api()
    {
        var editorPage = await portal.NewPageAsync();
        await new LoginPage(editorPage).SignInAsync("provider@pathwayhub.example");
        var editor = new DirectoryPages(editorPage);
        await editor.OpenServiceAsync(Service);
        await Axe.AssertAccessibleAsync(editorPage, "Service page");
        var dialog = await editor.OpenEditAsync();
        await Axe.AssertAccessibleAsync(editorPage, "Edit service dialog");
        await editor.SaveAsync(dialog, "field-fees", NewFees);
        await Assertions.Expect(editorPage.Locator("[data-testid=pending-change]")).ToContainTextAsync("Fees");
        await Assertions.Expect(editorPage.Locator("[data-testid=service-fees]")).ToHaveTextAsync("Free.");

        var coordinatorPage = await portal.NewPageAsync();
        await new LoginPage(coordinatorPage).SignInAsync("coordinator@pathwayhub.example");
        var coordinator = new DirectoryPages(coordinatorPage);
        await coordinator.OpenChangesAsync();
        await Assertions.Expect(coordinator.Changes).ToHaveCountAsync(1);
        await Assertions.Expect(coordinator.Changes).ToContainTextAsync(NewFees);
        await Axe.AssertAccessibleAsync(coordinatorPage, "Changes to review");
        await coordinatorPage.Locator("[data-testid=approve-change]").ClickAsync();
        await coordinatorPage.Locator("[data-testid=no-changes]").WaitForAsync();

        var publicPage = await portal.NewPageAsync();
        await publicPage.GotoAsync("/directory/public");
        await LoginPage.Interactive(publicPage);
        await publicPage.Locator("[data-testid=service-link]").First.WaitForAsync();
        await Axe.AssertAccessibleAsync(publicPage, "Public directory");
        await new DirectoryPages(publicPage).OpenServiceAsync(Service, publicDirectory: true);
        await Assertions.Expect(publicPage.Locator("[data-testid=service-fees]")).ToHaveTextAsync(NewFees);
        await Axe.AssertAccessibleAsync(publicPage, "Public service page");

        var api = await publicPage.APIRequest.GetAsync("/api/directory/services?search=visitor%20centres");
        using var json = JsonDocument.Parse(await api.TextAsync());
        Assert.Equal(NewFees, json.RootElement.GetProperty("contents")[0].GetProperty("fees_description").GetString());
    }

    [Fact]
    public async Task Directory_coverage_and_import_pages_are_accessible()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        await page.GotoAsync("/directory");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=service-link]").First.WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Directory search");

        await page.GotoAsync("/directory/coverage");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=coverage-matrix]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Coverage");

        await page.GotoAsync("/directory/import");
        await LoginPage.Interactive(page);
        await Axe.AssertAccessibleAsync(page, "Import");

        await page.GotoAsync("/pathways/families-and-social-support?tab=services");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=pathway-services]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Pathway services tab");

        await page.GotoAsync("/directory/organisations/1");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=organisation-description]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Organisation page");
    }
}
