using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Http;

public sealed class PaperDownloadTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    private int _open, _secret, _meeting;

    public async ValueTask InitializeAsync()
    {
        _ = _app.Server; // start the host, which migrates and seeds
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
        var meetings = new GovernanceAs(scope.ServiceProvider);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var pathway = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        _meeting = (await meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = "Meeting", StartLocal = DateTime.Now.AddDays(20), Venue = "Durham" }))[0];
        var item = (await meetings.Meetings.GetAsync(_meeting)).Items[0].Id;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF");
        _open = await meetings.Agenda.AddPaperAsync(item, "Open", "open.pdf", new MemoryStream(pdf), false);
        _secret = await meetings.Agenda.AddPaperAsync(item, "Secret", "secret.pdf", new MemoryStream(pdf), true);
        await meetings.Meetings.PublishAsync(_meeting);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Associate_gets_the_open_paper_but_is_refused_the_confidential_one_by_url()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "associate@pathwayhub.example", Seeder.DemoPassword);

        var open = await client.GetAsync($"/papers/{_open}");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("application/pdf", open.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/papers/{_secret}")).StatusCode);
    }

    [Fact]
    public async Task Member_gets_the_confidential_paper_and_anonymous_gets_nothing()
    {
        var member = _app.Browser();
        await WebApp.SignInAsync(member, "member@pathwayhub.example", Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/papers/{_secret}")).StatusCode);

        var anonymous = await _app.Browser().GetAsync($"/papers/{_secret}");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task Meeting_ics_is_served_to_members_only()
    {
        var member = _app.Browser();
        await WebApp.SignInAsync(member, "member@pathwayhub.example", Seeder.DemoPassword);
        var ics = await member.GetAsync($"/meetings/{_meeting}.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var calendar = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!;
        Assert.Equal("Families and Social Support: Meeting", calendar.Events.Single().Summary);

        var provider = _app.Browser();
        await WebApp.SignInAsync(provider, "commissioner@pathwayhub.example", Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync($"/meetings/{_meeting}.ics")).StatusCode);
    }
}
