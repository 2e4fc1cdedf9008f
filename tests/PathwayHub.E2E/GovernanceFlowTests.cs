using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PathwayHub.E2E.Pages;
using PathwayHub.Web.Data;

namespace PathwayHub.E2E;

public sealed class GovernanceFlowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");

    [Fact]
    public async Task Meeting_from_agenda_to_minutes_with_confidential_papers_and_carried_actions()
    {
        var coordinator = await portal.NewPageAsync();
        await new LoginPage(coordinator).SignInAsync("coordinator@pathwayhub.example");
        var meeting = new MeetingPage(coordinator);
        await meeting.CreateSeriesFromPathwayAsync("Families and Social Support", "2026-12-10");
        var meetingUrl = coordinator.Url;
        await meeting.AddItemAsync("Visitor centre funding");
        await meeting.UploadAsync("Visitor centre funding", "Funding options.pdf", Pdf, confidential: false);
        await meeting.UploadAsync("Visitor centre funding", "Costings.pdf", Pdf, confidential: true);
        await Axe.AssertAccessibleAsync(coordinator, "Meeting page (planned)");
        // The demo's inbox already holds notifications the associate has not read yet, and decisions in the Pathway's register.
        var unread = await CountAsync(db => db.Notifications.CountAsync(n => n.Recipient!.Email == "associate@pathwayhub.example" && n.ReadUtc == null));
        var decisions = await CountAsync(db => db.Decisions.CountAsync(d => d.AgendaItem.Meeting.Pathway.Slug == "families-and-social-support"));
        await meeting.ConfirmAsync("publish", "Agenda published");

        var associate = await portal.NewPageAsync();
        await new LoginPage(associate).SignInAsync("associate@pathwayhub.example");
        await Assertions.Expect(associate.Locator("[data-testid=bell]")).ToContainTextAsync($"{unread + 1}");
        await associate.GotoAsync(meetingUrl);
        await LoginPage.Interactive(associate);
        var item = new MeetingPage(associate).Item("Visitor centre funding");
        await Assertions.Expect(item.Locator("[data-testid=paper]")).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync("Funding options");
        await Assertions.Expect(item).Not.ToContainTextAsync("Costings");
        await Axe.AssertAccessibleAsync(associate, "Meeting page as associate");
        await associate.GotoAsync("/notifications");
        await LoginPage.Interactive(associate);
        await Assertions.Expect(associate.Locator("[data-testid=notification]").First).ToContainTextAsync("Agenda published"); // newest first
        await Axe.AssertAccessibleAsync(associate, "Notifications page");
        var settings = new NotificationPages(associate);
        await settings.OpenSettingsFromInboxAsync();
        await Assertions.Expect(associate.Locator("[data-testid=pref-meeting-cancelled]")).ToContainTextAsync("Always by email and in-app");
        await Axe.AssertAccessibleAsync(associate, "Notification settings");
        await settings.ChooseInAppOnlyAsync("minutes-approved");
        await associate.ReloadAsync();
        await LoginPage.Interactive(associate);
        await Assertions.Expect(settings.Choice("minutes-approved", "In-app only")).ToBeCheckedAsync();
        await Assertions.Expect(settings.Choice("agenda-published", "Email and in-app")).ToBeCheckedAsync();

        // The coordinator sees the agenda emails waiting in the outbox (the delivery job is off in this test host).
        var outbox = new NotificationPages(coordinator);
        await outbox.OpenOutboxAsync();
        await Assertions.Expect(outbox.OutboxGrid).ToContainTextAsync("Agenda published");
        await Assertions.Expect(outbox.OutboxGrid).ToContainTextAsync("Waiting to send");
        await Axe.AssertAccessibleAsync(coordinator, "Admin > Notifications sent");
        // The meeting takes place: a meeting can be marked held only once it has started, so bring it to this morning.
        var meetingId = int.Parse(meetingUrl[(meetingUrl.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await CountAsync(db => db.Meetings.Where(m => m.Id == meetingId).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.StartUtc, DateTime.UtcNow.AddHours(-1)).SetProperty(m => m.EndUtc, DateTime.UtcNow.AddHours(1))));
        await coordinator.GotoAsync(meetingUrl);
        await LoginPage.Interactive(coordinator);

        await meeting.ClickAsync("mark-held", "Held");
        var attendance = coordinator.Locator("[data-testid=attendance]");
        await attendance.GetByLabel("Attendance of Mark Charlton").SelectOptionAsync("Present");
        await Assertions.Expect(coordinator.Locator("[data-testid=quorum]")).ToContainTextAsync("1 of 3");
        var funding = meeting.Item("Visitor centre funding");
        await MeetingPage.OpenEditorAsync(funding, "[data-testid=decision-text]");
        await funding.Locator("[data-testid=decision-text]").FillAsync("Fund a second visitor centre worker.");
        await funding.Locator("[data-testid=add-decision]").ClickAsync();
        await Assertions.Expect(funding.Locator("[data-testid=decision]")).ToContainTextAsync($"Decision {decisions + 1}");
        await funding.Locator("[data-testid=action-text]").FillAsync("Draft the job description");
        await funding.Locator("[data-testid=action-owner]").ClickAsync();
        await coordinator.GetByRole(AriaRole.Option, new() { Name = "Mark Charlton" }).ClickAsync();
        await funding.Locator("[data-testid=action-due]").FillAsync("2027-01-15");
        await funding.Locator("[data-testid=add-action]").ClickAsync();
        await Assertions.Expect(funding.Locator("[data-testid=action]")).ToContainTextAsync("Draft the job description");
        await Axe.AssertAccessibleAsync(coordinator, "Meeting page (minutes)");
        await meeting.ConfirmAsync("approve-minutes", "Minutes approved");

        var member = await portal.NewPageAsync();
        await new LoginPage(member).SignInAsync("member@pathwayhub.example");
        await member.GotoAsync("/my-actions");
        await LoginPage.Interactive(member);
        await Assertions.Expect(member.Locator("[data-testid=action-row]").Filter(new() { HasText = "Draft the job description" })).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(member, "My actions");

        await coordinator.GotoAsync("/meetings");
        await LoginPage.Interactive(coordinator);
        await Axe.AssertAccessibleAsync(coordinator, "Meetings list");
        await coordinator.Locator("[data-testid=meeting-row]").Filter(new() { HasText = "10 Mar 2027" })
            .GetByRole(AriaRole.Link, new() { Name = "Quarterly meeting", Exact = true }).ClickAsync();
        await LoginPage.Interactive(coordinator);
        await Assertions.Expect(coordinator.Locator("[data-testid=carried-actions]")).ToContainTextAsync("Draft the job description");

        await coordinator.GotoAsync("/pathways/families-and-social-support?tab=decisions");
        await LoginPage.Interactive(coordinator);
        await Assertions.Expect(coordinator.Locator("[data-testid=decisions]")).ToContainTextAsync("Fund a second visitor centre worker.");
        await Axe.AssertAccessibleAsync(coordinator, "Decisions tab");
        await coordinator.GotoAsync("/pathways/families-and-social-support?tab=actions");
        await LoginPage.Interactive(coordinator);
        await Assertions.Expect(coordinator.Locator("[data-testid=action-row]").Filter(new() { HasText = "Draft the job description" })).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(coordinator, "Actions tab");
    }

    private async Task<int> CountAsync(Func<AppDbContext, Task<int>> count)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await count(db);
    }

    [Fact]
    public async Task Terms_of_reference_tab_and_induction_page_are_accessible()
    {
        var page = await portal.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        await new PathwayPage(page).OpenAsync("Health");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Terms of reference" }).ClickAsync();
        await ApproveNewTermsAsync(page, "Support the health of offenders.", scan: false);
        await ApproveNewTermsAsync(page, "**Improve** the health of offenders. <script>alert(1)</script>", scan: true);
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator(".markdown strong").Filter(new() { HasText = "Improve" })).ToHaveTextAsync("Improve"); // the demo's sections have bold text too
        Assert.Equal(0, await page.Locator(".markdown script").CountAsync());
        await Axe.AssertAccessibleAsync(page, "Terms of reference tab");

        await page.Locator("[data-testid=tor-versions]").GetByRole(AriaRole.Link, new() { Name = "Compare with current" }).First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/terms/compare/", StringComparison.Ordinal));
        await LoginPage.Interactive(page);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Improve");
        await Axe.AssertAccessibleAsync(page, "Terms of reference comparison");
        await page.GotoAsync("/pathways/health?tab=terms");
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=tor-versions]").GetByRole(AriaRole.Link, new() { Name = "View" }).First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/terms/", StringComparison.Ordinal) && !url.Contains("pathways", StringComparison.Ordinal));
        await LoginPage.Interactive(page);
        await Axe.AssertAccessibleAsync(page, "Terms of reference version");
        await page.GotoAsync("/pathways/health/induction");
        await LoginPage.Interactive(page);
        await Axe.AssertAccessibleAsync(page, "Induction page");
    }

    private static async Task ApproveNewTermsAsync(IPage page, string purpose, bool scan)
    {
        await page.Locator("[data-testid=new-tor-draft]").ClickAsync();
        await page.Locator("[data-testid=tor-purpose]").WaitForAsync();
        await LoginPage.Interactive(page);
        await page.Locator("[data-testid=tor-purpose]").FillAsync(purpose);
        if (scan) await Axe.AssertAccessibleAsync(page, "Terms of reference editor");
        await page.Locator("[data-testid=approve-tor]").ClickAsync();
        await page.GetByText("Approved; the previous version is superseded.").WaitForAsync();
        await page.GotoAsync("/pathways/health?tab=terms");
        await LoginPage.Interactive(page);
    }
}
