using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;

namespace PathwayHub.Tests.Http;

/// <summary>
/// The demo's next Families and Social Support meeting has the relationship programmes tender on its agenda, which Pact bid for;
/// Pact's associate sits on the Pathway. The pages as each sign-in gets them: the bid must not leak to anyone ConflictAccess
/// does not name, whatever the page draws.
/// </summary>
public sealed class ConflictPagesHttpTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    private int _meetingId, _tenderId;

    public async ValueTask InitializeAsync()
    {
        using var scope = _app.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var item = await db.AgendaItems.Where(i => i.Tender!.Reference == "NE-ROM-2026-004").Select(i => new { i.MeetingId, TenderId = i.TenderId!.Value }).SingleAsync();
        (_meetingId, _tenderId) = (item.MeetingId, item.TenderId);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> PageAsync(string email, string path)
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, email, Seeder.DemoPassword);
        var response = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_meeting_page_names_the_bidder_to_the_chair_and_coordinator_and_the_associate_sees_only_her_own()
    {
        var chair = await PageAsync("chair@pathwayhub.example", $"/meetings/{_meetingId}");
        Assert.Contains("Possible conflicts of interest", chair, StringComparison.Ordinal);
        Assert.Contains("Aisha Patel", chair, StringComparison.Ordinal);
        Assert.Contains("Pact registered interest in and bid for NE-ROM-2026-004", chair, StringComparison.Ordinal);
        Assert.Contains("Pact registered interest in and bid for NE-ROM-2026-004", await PageAsync("coordinator@pathwayhub.example", $"/meetings/{_meetingId}"), StringComparison.Ordinal);

        var associate = await PageAsync("associate@pathwayhub.example", $"/meetings/{_meetingId}");
        Assert.Contains("Your organisation registered interest in or bid for a tender on this agenda", associate, StringComparison.Ordinal);
        Assert.Contains("Pact registered interest in and bid for NE-ROM-2026-004", associate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_without_a_conflict_learns_nothing_of_who_bid_from_the_meeting_or_the_tender()
    {
        // NEPACS's editor sits on the Pathway as a member; NEPACS did not bid for this tender.
        var meeting = await PageAsync("provider@pathwayhub.example", $"/meetings/{_meetingId}");
        Assert.Contains("NE-ROM-2026-004", meeting, StringComparison.Ordinal); // the item says which tender it is about
        Assert.DoesNotContain("Possible conflicts of interest", meeting, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"conflict", meeting, StringComparison.Ordinal);
        Assert.DoesNotContain("bid for", meeting, StringComparison.Ordinal);

        var tender = await PageAsync("provider@pathwayhub.example", $"/commissioning/tenders/{_tenderId}");
        Assert.DoesNotContain("possible conflict", tender, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Aisha Patel", tender, StringComparison.Ordinal);

        var commissioner = await PageAsync("commissioner@pathwayhub.example", $"/commissioning/tenders/{_tenderId}");
        Assert.Contains("Members with a possible conflict of interest", commissioner, StringComparison.Ordinal);
        Assert.Contains("Aisha Patel", commissioner, StringComparison.Ordinal);
    }
}
