using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E;

public sealed class CommissioningFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Reference = "NE-ROM-E2E-001";
    private const string Title = "Family engagement at HMP Durham";

    [Fact]
    public async Task Commissioner_opens_a_tender_a_provider_bids_the_award_shows_on_the_dashboard_as_ending_and_undecided()
    {
        var today = DateTime.UtcNow.Date;

        var commissionerPage = await portal.NewPageAsync();
        await new LoginPage(commissionerPage).SignInAsync("commissioner@pathwayhub.example");
        var commissioner = new CommissioningPages(commissionerPage);
        await commissioner.CreateTenderAsync(Reference, Title, today.AddDays(14));
        await commissionerPage.Locator("[data-testid=open-tender]").ClickAsync();
        await Assertions.Expect(commissioner.Status).ToHaveTextAsync("Open for bids");
        await Axe.AssertAccessibleAsync(commissionerPage, "Tender page (commissioner)");
        var tenderUrl = commissionerPage.Url;

        var providerPage = await portal.NewPageAsync();
        await new LoginPage(providerPage).SignInAsync("provider@pathwayhub.example");
        await Assertions.Expect(providerPage.Locator("[data-testid=open-tenders]")).ToContainTextAsync(Title);
        var provider = new CommissioningPages(providerPage);
        await provider.OpenTenderFromListAsync(Reference);
        await Axe.AssertAccessibleAsync(providerPage, "Tender page (provider editor)");
        await provider.RegisterInterestAndBidAsync("55000", "Two Family Engagement Workers based in the visitor centre.");
        await Assertions.Expect(providerPage.Locator("[data-testid=bid-row]")).ToContainTextAsync("£55,000");

        await commissionerPage.GotoAsync(tenderUrl);
        await LoginPage.Interactive(commissionerPage);
        await Assertions.Expect(commissionerPage.Locator("[data-testid=bid-row]")).ToContainTextAsync("NEPACS");
        await Assertions.Expect(commissionerPage.Locator("[data-testid=interested]")).ToContainTextAsync("NEPACS");
        await commissioner.MarkSuccessfulAndAwardAsync(today.AddDays(30), today.AddDays(300));
        await Assertions.Expect(commissioner.Status).ToHaveTextAsync("Awarded");
        await Axe.AssertAccessibleAsync(commissionerPage, "Tender page after award");

        await commissioner.GoAsync("/commissioning");
        var undecided = commissionerPage.Locator("[data-testid=undecided]");
        await Assertions.Expect(undecided).ToContainTextAsync(Reference);
        var row = commissionerPage.Locator("[data-testid=expiring] tr", new() { HasText = Reference });
        await Assertions.Expect(row.Locator("[data-testid=decision]")).ToHaveTextAsync("Undecided");
        await Axe.AssertAccessibleAsync(commissionerPage, "Commissioning dashboard");

        await undecided.GetByRole(AriaRole.Link, new() { Name = $"{Reference} {Title}" }).ClickAsync();
        await commissionerPage.Locator("[data-testid=needs-decision]").WaitForAsync();
        await Assertions.Expect(commissionerPage.Locator("[data-testid=agreement-value]")).ToHaveTextAsync("£55,000");
        await Axe.AssertAccessibleAsync(commissionerPage, "Agreement page");

        // The provider editor is told through the inbox.
        await providerPage.GotoAsync("/notifications");
        await Assertions.Expect(providerPage.GetByText($"Tender awarded: {Title}")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Register_prison_page_and_pathway_commissioning_tab_are_accessible()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("commissioner@pathwayhub.example");
        var pages = new CommissioningPages(page);

        await pages.GoAsync("/commissioning/agreements");
        await page.Locator("[data-testid=agreement-link]").First.WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Register of agreements");
        await page.Locator("[data-testid=filter-kind]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=agreement-link]")).ToHaveCountAsync(2);

        await pages.GoAsync("/commissioning/agreements/1");
        await page.Locator("[data-testid=milestones]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Seeded agreement page");

        await pages.GoAsync("/commissioning/agreements/new");
        await Axe.AssertAccessibleAsync(page, "New agreement page");

        await pages.GoAsync("/prisons");
        await page.GetByRole(AriaRole.Link, new() { Name = "HMP Durham", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=prison-agreements]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=prison-agreements]")).ToContainTextAsync("SLA-DUR-2024-03");
        await Assertions.Expect(page.Locator("[data-testid=prison-services]")).ToContainTextAsync("Family Engagement Workers");
        await LoginPage.Interactive(page);
        await Axe.AssertAccessibleAsync(page, "Prison page");

        await pages.GoAsync("/pathways/families-and-social-support?tab=commissioning");
        await page.Locator("[data-testid=pathway-agreements]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Pathway commissioning tab");

        await pages.GoAsync("/commissioning/tenders/3");
        await page.Locator("[data-testid=bids]").WaitForAsync();
        await Axe.AssertAccessibleAsync(page, "Tender in evaluation");
    }
}
