using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using PathwayHub.Web.Features.Commissioning;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>An undecided recommissioning decision is a red alarm only when the agreement ends within 12 months.</summary>
public sealed class DecisionChipTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public DecisionChipTests()
    {
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.SetRendererInfo(new RendererInfo("Server", true));
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Theory]
    [InlineData("2027-03-31", true)]   // four months away: a decision is needed now
    [InlineData("2027-12-01", true)]   // exactly 12 months
    [InlineData("2028-03-31", false)]  // 16 months away: undecided, but not yet urgent
    public void Undecided_is_red_only_within_12_months_of_the_end(string end, bool red)
    {
        var chip = _ctx.Render<DecisionChip>(p => p
            .Add(c => c.Decision, RecommissioningDecision.Undecided)
            .Add(c => c.EndDate, DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture))
            .Add(c => c.Overdue, true));

        var element = chip.Find("[data-testid=decision]");
        Assert.Equal(red, element.ClassList.Contains("mud-chip-color-error"));
        Assert.Equal(red ? "true" : "false", element.GetAttribute("data-urgent"));
        Assert.Equal(red, element.TextContent.Contains("overdue", StringComparison.Ordinal));
        Assert.Contains("Undecided", element.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_taken_is_never_red()
    {
        var chip = _ctx.Render<DecisionChip>(p => p
            .Add(c => c.Decision, RecommissioningDecision.Recommission)
            .Add(c => c.EndDate, new DateOnly(2027, 1, 31)));

        Assert.False(chip.Find("[data-testid=decision]").ClassList.Contains("mud-chip-color-error"));
    }
}
