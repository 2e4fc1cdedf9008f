using System.Text;
using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

public sealed class DeliveryPlanFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Owner_updates_their_action_then_a_member_downloads_the_pathway_report_as_a_pdf()
    {
        // Sarah Milburn edits NEPACS's listings, so she updates the action NEPACS owns.
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("provider@pathwayhub.example");
        await new PathwayPage(page).OpenAsync("Families and Social Support");
        var tab = new DeliveryPlanTab(page);
        await tab.OpenAsync();
        await Assertions.Expect(tab.Summary).ToContainTextAsync("Complete: 1");
        await tab.ActionRow("Fund a NEPACS coordinator").Locator("[data-testid=update-progress]").ClickAsync();
        await page.Locator("[data-testid=progress-form]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Delivery plan progress form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await tab.UpdateProgressAsync("Fund a NEPACS coordinator", "Complete", "Coordinator in post from January.");
        await Assertions.Expect(tab.ActionRow("Fund a NEPACS coordinator").Locator("[data-testid=action-rag]")).ToHaveTextAsync("Complete");
        await Assertions.Expect(tab.Summary).ToContainTextAsync("Complete: 2");
        // Only the NEPACS action offers her an update.
        await Assertions.Expect(page.Locator("[data-testid=update-progress]")).ToHaveCountAsync(1);

        var member = await portal.NewPageAsync();
        await new LoginPage(member).SignInAsync("member@pathwayhub.example");
        await new PathwayPage(member).OpenAsync("Families and Social Support");
        var memberTab = new DeliveryPlanTab(member);
        await memberTab.OpenAsync();
        await Assertions.Expect(memberTab.ActionRow("Fund a NEPACS coordinator")).ToContainTextAsync("Coordinator in post from January.");
        await Axe.AssertAccessibleAsync(member, "Delivery plan tab");

        var pdf = await DeliveryPlanTab.DownloadAsync(member, member.Locator("[data-testid=download-plan-report]"));
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.True(pdf.Length > 10_000, $"The report is only {pdf.Length} bytes.");
    }

    [Fact]
    public async Task Coordinator_sees_the_region_side_by_side_and_downloads_from_the_reports_page()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");

        await page.GotoAsync("/delivery-plans");
        await LoginPage.Interactive(page);
        var cards = page.Locator("[data-testid=region-plan]");
        await Assertions.Expect(cards).ToHaveCountAsync(7);
        await Assertions.Expect(cards.Filter(new() { HasText = "Families and Social Support" })).ToContainTextAsync("4 objectives, 9 actions");
        await Assertions.Expect(cards.Filter(new() { HasText = "Accommodation" })).ToContainTextAsync("2 objectives, 4 actions");
        await Axe.AssertAccessibleAsync(page, "Delivery plans region page");

        await page.GotoAsync("/reports");
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("[data-testid=download-pathway-report]")).ToHaveCountAsync(9);
        await Axe.AssertAccessibleAsync(page, "Reports page");
        var regional = await DeliveryPlanTab.DownloadAsync(page, page.Locator("[data-testid=download-regional]"));
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(regional, 0, 5));

        // The coordinator's editor on the tab passes the same scan.
        await page.GotoAsync("/pathways/life-skills-and-offending-behaviour?tab=plan");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=rag-summary]").WaitForAsync();
        await page.Locator("[data-testid=add-action]").First.ClickAsync();
        await page.Locator("[data-testid=action-form]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Delivery plan editor");
        await page.Locator("[data-testid=save-action]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=action-form]")).ToContainTextAsync("Describe the action.");
    }
}
