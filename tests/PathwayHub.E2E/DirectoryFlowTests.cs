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

        // The editor's home page: their listings and what came of their changes.
        await editorPage.GotoAsync("/");
        await LoginPage.Interactive(editorPage);
        await editorPage.Locator("[data-testid=card-my-listings]").WaitForAsync();
        await Axe.AssertAccessibleAsync(editorPage, "Provider editor's home page");

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

        await page.GotoAsync("/directory/coverage?axis=service-types");
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("[data-testid=coverage-matrix] thead")).ToContainTextAsync("Visitor centre");
        await Axe.AssertAccessibleAsync(page, "Coverage by service type");

        // A cell's link opens the search it counts, with its filters shown.
        await page.Locator("[data-testid=coverage-cell]:not(.gap) a").First.ClickAsync();
        await page.WaitForURLAsync("**/directory?prison=*&status=Active&published=true");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=service-link]").First.WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Published only" })).ToBeCheckedAsync();
        await Axe.AssertAccessibleAsync(page, "Directory search from a coverage cell");

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

    [Fact]
    public async Task A_new_organisation_registers_the_coordinator_approves_and_its_editor_updates_its_details()
    {
        var applicant = await portal.NewPageAsync();
        await applicant.GotoAsync("/account/login");
        await applicant.GetByRole(AriaRole.Link, new() { Name = "register to join the directory" }).ClickAsync();
        await applicant.GetByRole(AriaRole.Heading, new() { Name = "Register your organisation", Level = 1 }).WaitForAsync();
        await LoginPage.Interactive(applicant);
        await applicant.Locator("[data-testid=org-name]").FillAsync("Wearside Family Links");
        await applicant.Locator("[data-testid=org-charity]").FillAsync("12");
        await applicant.Locator("[data-testid=register]").ClickAsync();
        await Assertions.Expect(applicant.Locator("main")).ToContainTextAsync("Describe what the organisation does.");
        await Assertions.Expect(applicant.Locator("main")).ToContainTextAsync("Enter a registered charity number");
        await Axe.AssertAccessibleAsync(applicant, "Registration with errors");
        await applicant.Locator("[data-testid=org-description]").FillAsync("Volunteers meeting families at HMP Durham visits.");
        await applicant.Locator("[data-testid=org-charity]").FillAsync("1187654");
        await applicant.Locator("[data-testid=contact-name]").FillAsync("Jo Robson");
        await applicant.Locator("[data-testid=contact-email]").FillAsync("jo@wearside.example");
        await applicant.Locator("[data-testid=contact-password]").FillAsync("Wearside-Links-2026!");
        await applicant.Locator("[data-testid=register]").ClickAsync();
        await applicant.Locator("[data-testid=registration-received]").WaitForAsync();
        await Axe.AssertAccessibleAsync(applicant, "Registration received");

        // Until the coordinator approves, the new account reaches nothing but its registration's status.
        await new LoginPage(applicant).SignInAsync("jo@wearside.example", "Wearside-Links-2026!");
        await applicant.Locator("[data-testid=registration-pending]").WaitForAsync();
        Assert.EndsWith("/account/registration", applicant.Url, StringComparison.Ordinal);
        await Axe.AssertAccessibleAsync(applicant, "Registration awaiting review");
        await applicant.GotoAsync("/commissioning/agreements");
        await applicant.Locator("[data-testid=registration-pending]").WaitForAsync();

        var coordinatorPage = await portal.NewPageAsync();
        await new LoginPage(coordinatorPage).SignInAsync("coordinator@pathwayhub.example");
        await new DirectoryPages(coordinatorPage).OpenChangesAsync();
        var registration = coordinatorPage.Locator("[data-testid=registration]").Filter(new() { HasText = "Wearside Family Links" });
        await Assertions.Expect(registration).ToContainTextAsync("Jo Robson");
        await Axe.AssertAccessibleAsync(coordinatorPage, "Changes to review with a registration");
        await registration.Locator("[data-testid=approve-registration]").ClickAsync();
        await Assertions.Expect(registration).ToHaveCountAsync(0);

        var editorPage = await portal.NewPageAsync();
        await new LoginPage(editorPage).SignInAsync("jo@wearside.example", "Wearside-Links-2026!");
        await editorPage.GetByRole(AriaRole.Link, new() { Name = "My organisation" }).ClickAsync();
        await editorPage.GetByRole(AriaRole.Heading, new() { Name = "Wearside Family Links", Level = 1 }).WaitForAsync();
        await LoginPage.Interactive(editorPage);
        await editorPage.Locator("[data-testid=edit-organisation]").ClickAsync();
        var dialog = editorPage.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync();
        await Axe.AssertAccessibleAsync(editorPage, "Edit organisation dialog");
        await dialog.Locator("[data-testid=org-phone]").FillAsync("0191 555 0100");
        await dialog.Locator("[data-testid=save-organisation]").ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Assertions.Expect(editorPage.Locator("main")).ToContainTextAsync("0191 555 0100");
    }
}
