using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

public sealed class PathwayFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Coordinator_adds_an_associate_and_sees_them_listed_with_every_page_accessible()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        await Axe.AssertAccessibleAsync(page, "Home page");

        var pathway = new PathwayPage(page);
        await pathway.OpenAsync("Families and Social Support");
        await Axe.AssertAccessibleAsync(page, "Pathway overview");
        await pathway.OpenMembersAsync();
        await Axe.AssertAccessibleAsync(page, "Pathway members tab");

        var dialog = await pathway.OpenAddMemberAsync();
        await Axe.AssertAccessibleAsync(page, "Add member dialog");
        await pathway.AddAsync(dialog, "Grace Nixon", "grace.nixon@example.org", "Associate", "2026-11-01");

        var row = pathway.MemberRows.Filter(new() { HasText = "Grace Nixon" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Associate");

        await page.GotoAsync("/pathways");
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("[data-testid=pathway-row]").Filter(new() { HasText = "Families and Social Support" }).Locator("td").Nth(1)).ToHaveTextAsync("3"); // the demo's two associates and Grace
        await Axe.AssertAccessibleAsync(page, "Pathways list");

        await page.GotoAsync("/admin/users");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=user-list]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Admin users");

        await page.GotoAsync("/admin/audit");
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("[data-testid=audit-grid]")).ToContainTextAsync("Grace Nixon");
        await Axe.AssertAccessibleAsync(page, "Admin audit");
    }

    [Fact]
    public async Task Keyboard_reaches_the_skip_link_first_and_opens_a_pathway_with_enter()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("member@pathwayhub.example");
        await page.GotoAsync("/pathways");
        await LoginPage.Interactive(page);

        // On a full page load focus starts at the top of the document, so the skip link comes first.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("document.activeElement.textContent.trim()"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Health", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Health", Level = 1 }).WaitForAsync();
        Assert.EndsWith("/pathways/health", page.Url, StringComparison.Ordinal);
    }
}
