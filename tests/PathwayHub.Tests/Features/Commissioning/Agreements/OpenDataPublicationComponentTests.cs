using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>The agreement page's open data settings, rendered over the real services and a real SQLite file.</summary>
public sealed class OpenDataPublicationComponentTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private TestApp _app = null!;
    private int _grant, _milestone;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        await using var db = await _app.DbAsync();
        _grant = await db.Agreements.Where(a => a.Reference == "GR-NE-2025-02").Select(a => a.Id).SingleAsync();
        _milestone = await db.Milestones.Where(m => m.AgreementId == _grant && m.Title == "Annual grant report").Select(m => m.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<IRenderedComponent<AgreementPage>> RenderAsAsync(string email)
    {
        var actor = await _app.ActorAsync(email);
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(_app.As<AgreementLifecycleService>(actor));
        _ctx.Services.AddSingleton(_app.As<MonitoringService>(actor));
        _ctx.Services.AddSingleton(_app.As<DocumentService>(actor));
        _ctx.Services.AddSingleton(_app.As<AgreementPublicationService>(actor));
        _ctx.Services.AddSingleton<TimeProvider>(_app.Clock);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.SetRendererInfo(new RendererInfo("Server", true));
        var page = _ctx.Render<AgreementPage>(p => p.Add(x => x.Id, _grant));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=milestones]")));
        return page;
    }

    [Fact]
    public async Task A_commissioner_ticks_a_labelled_checkbox_to_publish_a_milestone_and_the_page_says_so()
    {
        var page = await RenderAsAsync("commissioner@pathwayhub.example");
        var box = page.Find($"input[data-testid=milestone-publishable-{_milestone}]");
        Assert.Equal("checkbox", box.GetAttribute("type"));
        Assert.Equal("Publish Annual grant report as open data", box.GetAttribute("aria-label"));
        Assert.NotEqual("-1", box.GetAttribute("tabindex"));
        Assert.False(box.HasAttribute("checked"));

        box.Change(true);

        page.WaitForAssertion(() => Assert.Equal("The milestone is published as open data.", page.Find("[data-testid=done]").TextContent.Trim()));
        Assert.True(page.Find($"input[data-testid=milestone-publishable-{_milestone}]").HasAttribute("checked"));
        await using var db = await _app.DbAsync();
        Assert.True(await db.Milestones.Where(m => m.Id == _milestone).Select(m => m.Publishable).SingleAsync());
    }

    [Fact]
    public async Task The_agreements_supplier_sees_whether_a_milestone_is_published_but_cannot_change_it()
    {
        // provider@ edits NEPACS, the grant's supplier: it sees delivery detail, read only.
        var page = await RenderAsAsync("provider@pathwayhub.example");
        var cell = page.Find($"[data-testid=milestone-publishable-{_milestone}]");
        Assert.Equal("span", cell.LocalName);
        Assert.Equal("Not published", cell.TextContent.Trim());
        Assert.Empty(page.FindAll("input[type=checkbox]"));
    }
}
