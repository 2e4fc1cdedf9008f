using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PathwayHub.E2E.Pages;
using PathwayHub.Web.Data;

namespace PathwayHub.E2E;

/// <summary>
/// Every page of the portal, as each demo role reaches it: an axe scan (WCAG 2.2 AA tags) with zero violations, and at the
/// two common laptop widths no horizontal overflow of the page and no table clipped by its container.
/// </summary>
public sealed class EveryPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    public static TheoryData<string> Roles =>
    [
        "coordinator@pathwayhub.example",
        "commissioner@pathwayhub.example",
        "provider@pathwayhub.example",
        "member@pathwayhub.example",
        "associate@pathwayhub.example",
        "chair@pathwayhub.example",
    ];

    /// <summary>
    /// Each role's pages at 1366 px: the axe scan, and no sideways overflow. The coordinator reaches every page; the other
    /// roles open the pages of their own work, where what they see differs from the coordinator's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_a_role_can_reach_passes_the_accessibility_scan_and_fits_the_window(string email)
    {
        var page = await portal.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await new LoginPage(page).SignInAsync(email);
        var problems = new List<string>();
        foreach (var path in (await PagesAsync()).Where(p => p.For.Contains(email.Split('@')[0], StringComparer.Ordinal)).Select(p => p.Path))
        {
            await OpenAsync(page, path);
            await Axe.AssertAccessibleAsync(page, $"{path} for {email}");
            problems.AddRange((await page.EvaluateAsync<string[]>(LayoutProblems)).Select(p => $"{path}: {p}"));
        }
        Assert.True(problems.Count == 0, $"At 1366 px for {email}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Theory]
    [InlineData("coordinator@pathwayhub.example")]
    [InlineData("commissioner@pathwayhub.example")]
    public async Task No_page_with_a_table_overflows_sideways_or_clips_the_table_at_1024_px(string email)
    {
        var page = await portal.NewPageAsync();
        await page.SetViewportSizeAsync(1024, 768);
        await new LoginPage(page).SignInAsync(email);
        var problems = new List<string>();
        foreach (var path in (await PagesAsync()).Where(p => p.HasTable).Select(p => p.Path))
        {
            await OpenAsync(page, path);
            problems.AddRange((await page.EvaluateAsync<string[]>(LayoutProblems)).Select(p => $"{path}: {p}"));
        }
        Assert.True(problems.Count == 0, $"At 1024 px for {email}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>The page itself scrolls sideways, or a table is wider than an ancestor that hides the rest instead of scrolling.</summary>
    private const string LayoutProblems = """
        () => {
          const problems = [];
          const doc = document.documentElement;
          if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`the page is ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window`);
          for (const table of document.querySelectorAll('main table')) {
            for (let el = table.parentElement; el && el.tagName !== 'MAIN'; el = el.parentElement) {
              const overflow = getComputedStyle(el).overflowX;
              if (overflow === 'auto' || overflow === 'scroll') break;
              if (el.scrollWidth > el.clientWidth + 1 && overflow !== 'visible') {
                problems.push(`a table (${table.getAttribute('aria-label') ?? table.querySelector('th')?.textContent ?? ''}) is clipped by ${el.className}`);
                break;
              }
            }
          }
          return problems;
        }
        """;

    private static async Task OpenAsync(IPage page, string path)
    {
        try
        {
            await page.GotoAsync(path);
            // An interactive page, or a static account page (the refusal a role gets for a page that is not theirs).
            await page.Locator("[data-testid=interactive], main .signin").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            // Pages load their data after the first render; wait until no progress indicator is left.
            await page.WaitForFunctionAsync("() => !document.querySelector('main .mud-progress-linear, main .mud-progress-circular, main .mud-skeleton')");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{path} did not finish loading (now at {page.Url}): {e.Message}", e);
        }
    }

    private sealed record PortalPage(string Path, string[] For, bool HasTable = false);

    private static readonly string[] Everyone = ["coordinator", "commissioner", "provider", "member", "associate", "chair"];
    private static readonly string[] Coordinator = ["coordinator"];
    private static readonly string[] Commissioning = ["coordinator", "commissioner"];
    private static readonly string[] Directory = ["coordinator", "provider"];
    private static readonly string[] Members = ["coordinator", "member", "associate", "chair"];

    /// <summary>Every routable page, with the demo's records for those that take an id, and whose work it is.</summary>
    private async Task<IReadOnlyList<PortalPage>> PagesAsync()
    {
        using var scope = portal.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var pathway = await db.Pathways.OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        var agreement = await db.Agreements.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        // The tender with the most bids: its bids table is the widest.
        var tender = await db.Tenders.OrderByDescending(t => db.Bids.Count(b => b.TenderId == t.Id)).ThenBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var prison = await db.Prisons.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var service = await db.Services.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var organisation = await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var publicOrganisation = await db.Organisations.Where(PathwayHub.Web.Infrastructure.OpenDataPolicy.PublishedOrganisation).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var pages = new List<PortalPage>
        {
            new("/", Everyone), new("/pathways", Members), new($"/pathways/{pathway}", Members, true), new($"/pathways/{pathway}/induction", Members),
            new("/meetings", Members, true), new("/my-actions", Members, true), new("/delivery-plans", Members, true), new("/reports", Commissioning),
            new("/notifications", Everyone, true), new("/notifications/settings", Coordinator, true),
            new("/directory", Directory, true), new("/directory/coverage", Directory, true), new("/directory/changes", Coordinator, true),
            new("/directory/evaluation", Commissioning, true),
            new("/directory/import", Coordinator), new($"/directory/services/{service}", Directory), new($"/directory/organisations/{organisation}", Directory),
            new("/directory/public", Coordinator), new($"/directory/public/services/{service}", Coordinator),
            new($"/directory/public/organisations/{publicOrganisation}", Coordinator), new("/directory/register", Coordinator),
            new("/commissioning", Commissioning, true), new("/commissioning/agreements", Commissioning, true), new("/commissioning/agreements/new", Commissioning),
            new($"/commissioning/agreements/{agreement}", Commissioning, true), new($"/commissioning/agreements/{agreement}/amend", Commissioning),
            new("/commissioning/tenders", Commissioning, true), new("/commissioning/tenders/new", Commissioning),
            new($"/commissioning/tenders/{tender}", ["coordinator", "commissioner", "provider"], true), new($"/commissioning/tenders/{tender}/edit", Commissioning),
            new("/prisons", Commissioning), new($"/prisons/{prison}", Commissioning, true),
            new("/offer", Commissioning, true), new("/pathways/families-and-social-support?tab=offer", Members, true),
            new("/progress", Commissioning, true), new("/pathways/families-and-social-support?tab=progress", Members, true),
            new("/admin/users", Coordinator, true), new("/admin/audit", Coordinator, true), new("/admin/notifications", Coordinator, true),
        };
        // The demo's next meeting (agenda, papers, a proposed item) and its last one (draft minutes), and a Pathway's terms.
        var now = DateTime.UtcNow;
        var next = await db.Meetings.Where(m => m.StartUtc > now).OrderBy(m => m.StartUtc).Select(m => m.Id).FirstAsync();
        var last = await db.Meetings.Where(m => m.StartUtc < now).OrderByDescending(m => m.StartUtc).Select(m => m.Id).FirstAsync();
        var terms = await db.TermsOfReference.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        pages.AddRange([new($"/meetings/{next}", Members, true), new($"/meetings/{last}", Members, true),
            new($"/terms/{terms}", Members), new($"/terms/{terms}/edit", Coordinator), new($"/terms/compare/{terms}/{terms}", Coordinator)]);
        return pages;
    }
}
