using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Pathways;

/// <summary>Components rendered over the real services and a real SQLite file, as the coordinator.</summary>
public sealed class PathwayComponentTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private TestApp _app = null!;
    private int _pathwayId;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var coordinator = await _app.ActorAsync("coordinator@pathwayhub.example");
        await using (var db = await _app.DbAsync())
            _pathwayId = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(_app.As<PathwayService>(coordinator));
        _ctx.Services.AddSingleton(_app.As<MembershipService>(coordinator));
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
    public void Pathways_list_shows_every_pathway_and_subgroup_with_counts()
    {
        var page = _ctx.Render<PathwaysPage>();

        page.WaitForAssertion(() => Assert.Equal(9, page.FindAll("[data-testid=pathway-row]").Count));
        var fss = page.FindAll("[data-testid=pathway-row]").Single(r => r.TextContent.Contains("Families and Social Support", StringComparison.Ordinal));
        var cells = fss.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["6", "2"], cells);
        Assert.Contains("You are a member", fss.TextContent, StringComparison.Ordinal);
        var alcohol = page.FindAll("[data-testid=pathway-row]").Single(r => r.TextContent.Contains("Alcohol", StringComparison.Ordinal) && !r.TextContent.Contains("Drugs", StringComparison.Ordinal));
        Assert.Contains("Sub-group", alcohol.TextContent, StringComparison.Ordinal);
        Assert.Equal("/pathways/alcohol", alcohol.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Membership_dialog_shows_each_error_next_to_its_field_and_saves_nothing()
    {
        var provider = _ctx.Render<MudDialogProvider>();
        _ctx.Render<MudPopoverProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<MembershipDialog>("Add", new DialogParameters<MembershipDialog>
        {
            { d => d.PathwayId, _pathwayId }, { d => d.Input, new MembershipInput() },
        }));

        provider.WaitForElement("[data-testid=save-member]").Click();

        provider.WaitForAssertion(() =>
        {
            Assert.Equal("Enter the person's name.", ErrorUnder(provider, "field-name"));
            Assert.Equal("Enter an email address.", ErrorUnder(provider, "field-email"));
            Assert.Equal("Enter the start date.", ErrorUnder(provider, "field-start"));
        });

        provider.Find("[data-testid=field-name]").Change("Grace Nixon");
        provider.Find("[data-testid=field-email]").Change("not-an-email");
        provider.Find("[data-testid=field-start]").Change("2026-11-01");
        provider.Find("[data-testid=field-end]").Change("2026-10-01");
        provider.Find("[data-testid=save-member]").Click();

        provider.WaitForAssertion(() =>
        {
            Assert.Equal("Enter an email address in the correct format, like name@example.org.", ErrorUnder(provider, "field-email"));
            Assert.Equal("The end date cannot be before the start date.", ErrorUnder(provider, "field-end"));
            Assert.Null(ErrorUnder(provider, "field-name"));
        });
        await using var db = await _app.DbAsync();
        Assert.False(await db.People.AnyAsync(p => p.FullName == "Grace Nixon"));
    }

    [Fact]
    public async Task Membership_dialog_shows_the_service_refusal_of_a_duplicate_email_next_to_the_field()
    {
        var provider = _ctx.Render<MudDialogProvider>();
        _ctx.Render<MudPopoverProvider>();
        var dialogs = _ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<MembershipDialog>("Add", new DialogParameters<MembershipDialog>
        {
            { d => d.PathwayId, _pathwayId },
            { d => d.Input, new MembershipInput { FullName = "Copy", Email = "associate@pathwayhub.example", StartDate = new DateOnly(2026, 11, 1) } },
        }));

        provider.WaitForElement("[data-testid=save-member]").Click();

        provider.WaitForAssertion(() =>
            Assert.Equal("Another person already has this email address. Choose them from the list instead.", ErrorUnder(provider, "field-email")));
    }

    private static string? ErrorUnder(IRenderedComponent<MudDialogProvider> provider, string testId)
    {
        var field = provider.Find($"[data-testid={testId}]");
        // MudBlazor puts the test id on the input; the message sits in the helper line of the same input control.
        var control = field.Closest(".mud-input-control") ?? throw new InvalidOperationException($"{testId} is not inside an input control");
        return control.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() is { Length: > 0 } text ? text : null;
    }
}
