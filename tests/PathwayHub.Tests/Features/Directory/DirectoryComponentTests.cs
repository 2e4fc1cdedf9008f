using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;

namespace PathwayHub.Tests.Features.Directory;

/// <summary>Directory pages rendered over the real services and a real SQLite file, as the coordinator.</summary>
public sealed class DirectoryComponentTests : IAsyncLifetime
{
    private static readonly string[] StaleByLastReviewed = ["Restorative justice projects", "Family Literacy in Prison", "Family support and play in visits halls"];
    private readonly BunitContext _ctx = new();
    private TestApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var coordinator = await _app.ActorAsync("coordinator@pathwayhub.example");
        _ctx.Services.AddMudServices();
        var directory = new DirectoryAs(_app, coordinator);
        _ctx.Services.AddSingleton(directory.Listings);
        _ctx.Services.AddSingleton(directory.Editing);
        _ctx.Services.AddSingleton(directory.Review);
        _ctx.Services.AddSingleton(directory.Coverage);
        _ctx.Services.AddSingleton(directory.Taxonomies);
        _ctx.Services.AddSingleton(_app.As<OrganisationService>(coordinator));
        _ctx.Services.AddSingleton<TimeProvider>(_app.Clock);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.SetRendererInfo(new RendererInfo("Server", true));
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public void Coverage_marks_gaps_and_links_each_cell_to_the_matching_search()
    {
        var page = _ctx.Render<CoveragePage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=coverage-cell]")));
        var durham = page.FindAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "HMP Durham");
        var cells = durham.QuerySelectorAll("td").ToList();
        var headers = page.FindAll("thead th").Skip(1).Select(h => h.TextContent).ToList();
        var fss = cells[headers.IndexOf("Families and Social Support")];
        Assert.Equal("5", fss.TextContent.Trim());
        var accommodation = cells[headers.IndexOf("Accommodation")];
        Assert.Equal("Gap", accommodation.TextContent.Trim());
        Assert.Contains("gap", accommodation.ClassName, StringComparison.Ordinal);
        // The link names the search the cell counts: active, published services at the prison with the Pathway.
        var href = fss.QuerySelector("a")!.GetAttribute("href")!;
        Assert.StartsWith("/directory?prison=", href, StringComparison.Ordinal);
        Assert.EndsWith("&status=Active&published=true", href, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_grid_and_the_published_only_filter_leave_out_unpublished_listings()
    {
        await using (var db = await _app.DbAsync())
        {
            var literacy = await db.Services.SingleAsync(s => s.Name == "Family Literacy in Prison");
            literacy.IsPublished = false;
            await db.SaveChangesAsync();
        }
        _ctx.Render<MudPopoverProvider>();

        var everything = _ctx.Render<DirectoryGrid>();
        everything.WaitForAssertion(() => Assert.Equal(7, everything.FindAll("[data-testid=service-link]").Count));
        Assert.Contains(everything.FindAll("[data-testid=service-link]"), a => a.TextContent == "Family Literacy in Prison");

        var published = _ctx.Render<DirectoryGrid>(p => p.Add(g => g.InitialPublishedOnly, true));
        published.WaitForAssertion(() => Assert.Equal(6, published.FindAll("[data-testid=service-link]").Count));
        Assert.DoesNotContain(published.FindAll("[data-testid=service-link]"), a => a.TextContent == "Family Literacy in Prison");

        var publicGrid = _ctx.Render<DirectoryGrid>(p => p.Add(g => g.PublicOnly, true));
        publicGrid.WaitForAssertion(() => Assert.Equal(6, publicGrid.FindAll("[data-testid=service-link]").Count));
        Assert.All(publicGrid.FindAll("[data-testid=service-link]"), a => Assert.StartsWith("/directory/public/services/", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public void Directory_grid_sorts_on_the_server_by_the_column_header_clicked()
    {
        _ctx.Render<MudPopoverProvider>();
        var grid = _ctx.Render<DirectoryGrid>();
        grid.WaitForAssertion(() => Assert.Equal(7, grid.FindAll("[data-testid=service-link]").Count));
        string[] Names() => grid.FindAll("[data-testid=service-link]").Select(a => a.TextContent).ToArray();
        Assert.Equal(Names().Order(StringComparer.Ordinal), Names());

        void ClickHeader(string title) => grid.FindAll("th").Single(th => th.TextContent.Contains(title, StringComparison.Ordinal))
            .QuerySelector(".sortable-column-header")!.Click();

        // Oldest review first: the three listings due for review, oldest first (the seed's order by assured date).
        ClickHeader("Last reviewed");
        grid.WaitForAssertion(() => Assert.Equal(StaleByLastReviewed, Names().Take(3)));
        ClickHeader("Last reviewed");
        grid.WaitForAssertion(() => Assert.Equal(StaleByLastReviewed.Reverse(), Names().TakeLast(3)));

        ClickHeader("Organisation");
        grid.WaitForAssertion(() =>
        {
            var organisations = grid.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim()).ToArray();
            Assert.Equal(organisations.Order(StringComparer.OrdinalIgnoreCase), organisations);
            Assert.NotEqual(organisations[0], organisations[^1]);
        });
    }

    [Fact]
    public void Directory_grid_pages_on_the_server_and_shows_evidence_and_review_state()
    {
        _ctx.Render<MudPopoverProvider>();
        var grid = _ctx.Render<DirectoryGrid>();

        grid.WaitForAssertion(() => Assert.Equal(7, grid.FindAll("[data-testid=service-link]").Count));
        var rows = grid.FindAll("tbody tr");
        var bsf = rows.Single(r => r.TextContent.Contains("Building Stronger Families", StringComparison.Ordinal));
        Assert.Contains("Independent evaluation; evidence held", bsf.TextContent, StringComparison.Ordinal);
        Assert.Contains("HMP Holme House", bsf.TextContent, StringComparison.Ordinal);
        var rj = rows.Single(r => r.TextContent.Contains("Restorative justice projects", StringComparison.Ordinal));
        Assert.Contains("No evaluation", rj.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("evidence held", rj.TextContent, StringComparison.Ordinal);
        Assert.NotNull(rj.QuerySelector("[data-testid=due-for-review]"));
    }

    [Fact]
    public async Task Pending_changes_page_shows_old_and_new_values_field_by_field()
    {
        var editor = new DirectoryAs(_app, await _app.ActorAsync("provider@pathwayhub.example"));
        int id;
        await using (var db = await _app.DbAsync())
            id = await db.Services.Where(s => s.Name == "Prison visitor centres").Select(s => s.Id).SingleAsync();
        var input = ServiceInput.From(await editor.Listings.GetServiceAsync(id));
        input.FeesDescription = "Free; refreshments at cost.";
        await editor.Editing.UpdateServiceAsync(id, input);
        _ctx.Render<MudPopoverProvider>();

        var page = _ctx.Render<PendingChangesPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=change]")));
        var field = Assert.Single(page.FindAll("[data-testid=change-field]"));
        Assert.Equal(["Fees", "Free.", "Free; refreshments at cost."], field.QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("No registrations are waiting.", page.Find("[data-testid=no-registrations]").TextContent);
    }

    [Fact]
    public async Task Adding_a_service_shows_errors_next_to_fields_then_saves()
    {
        var provider = _ctx.Render<MudDialogProvider>();
        _ctx.Render<MudPopoverProvider>();
        int nepacs;
        await using (var db = await _app.DbAsync())
            nepacs = await db.Organisations.Where(o => o.Name == "NEPACS").Select(o => o.Id).SingleAsync();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<EditServiceDialog>("Add", new DialogParameters<EditServiceDialog>
        {
            { d => d.OrganisationId, nepacs }, { d => d.Input, new ServiceInput() }, { d => d.DirectPublish, true },
        }));

        provider.WaitForElement("[data-testid=save-service]").Click();
        provider.WaitForAssertion(() => Assert.Contains("Enter the service's name.", provider.Markup, StringComparison.Ordinal));

        provider.Find("[data-testid=field-name]").Change("Homework club");
        provider.Find("[data-testid=field-description]").Change("Help with homework during visits.");
        provider.Find("[data-testid=save-service]").Click();

        var result = await reference!.Result;
        Assert.Equal(SaveOutcome.Published, result!.Data);
        await using var check = await _app.DbAsync();
        Assert.True(await check.Services.AnyAsync(s => s.Name == "Homework club" && s.OrganisationId == nepacs && s.IsPublished));
    }
}
