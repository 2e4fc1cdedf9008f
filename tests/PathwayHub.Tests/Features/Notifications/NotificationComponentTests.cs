using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;

namespace PathwayHub.Tests.Features.Notifications;

/// <summary>The settings page over the real service and a real SQLite file, as the NEPACS provider editor.</summary>
public sealed class NotificationComponentTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private TestApp _app = null!;
    private NotificationService _service = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        _service = _app.As<NotificationService>(await _app.ActorAsync("provider@pathwayhub.example"));
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(_service);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.SetRendererInfo(new RendererInfo("Server", true));
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Settings_show_the_kinds_the_user_can_get_and_save_in_app_only()
    {
        var page = _ctx.Render<PreferencesPage>();

        page.WaitForElement("[data-testid=save-preferences]");
        Assert.NotEmpty(page.FindAll("[data-testid=pref-listing-review-due]"));
        Assert.Empty(page.FindAll("[data-testid=pref-minutes-due]")); // coordinators only
        var cancelled = page.Find("[data-testid=pref-meeting-cancelled]");
        Assert.Contains("Always by email and in-app", cancelled.TextContent, StringComparison.Ordinal);
        Assert.Empty(cancelled.QuerySelectorAll("input[type=radio]"));

        var inAppOnly = page.FindAll("[data-testid=pref-listing-review-due] input[type=radio]")[1];
        await inAppOnly.ClickAsync(new());
        page.Find("[data-testid=save-preferences]").Click();

        page.WaitForElement("[data-testid=done]");
        var saved = await _service.PreferencesAsync();
        Assert.False(saved.Single(p => p.Kind == NotificationKinds.ListingReviewDue).Email);
        Assert.True(saved.Single(p => p.Kind == NotificationKinds.AgendaPublished).Email);
    }
}
