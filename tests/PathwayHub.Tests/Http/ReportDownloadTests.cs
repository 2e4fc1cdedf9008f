using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Features.Reports;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Admin;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Http;

/// <summary>
/// Meeting packs and minutes over HTTP. One meeting with an open and a confidential paper, held, with draft minutes;
/// Joanne Hall, the chair, signs in with her demo sign-in.
/// </summary>
public sealed class ReportDownloadTests : IAsyncLifetime
{
    private const string ChairEmail = "chair@pathwayhub.example";
    private const string ChairPassword = Seeder.DemoPassword;
    private readonly WebApp _app = new();
    private int _meeting;

    public async ValueTask InitializeAsync()
    {
        _ = _app.Server; // start the host, which migrates and seeds
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(principal);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var meetings = new GovernanceAs(scope.ServiceProvider);
        var pathway = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        _meeting = (await meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = "Winter meeting", StartLocal = DateTime.Now.AddDays(-3), Venue = "NEPACS, Durham" }))[0];
        var items = (await meetings.Meetings.GetAsync(_meeting)).Items;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF");
        await meetings.Agenda.AddPaperAsync(items[2].Id, "Visitor centre figures", "visitor-figures.pdf", new MemoryStream(pdf), false);
        await meetings.Agenda.AddPaperAsync(items[2].Id, "Prison staffing review", "staffing-review.pdf", new MemoryStream(pdf), true);
        await meetings.Meetings.PublishAsync(_meeting);
        await meetings.Meetings.MarkHeldAsync(_meeting);
        var minutesItem = (await meetings.Meetings.GetAsync(_meeting)).Items[2];
        await meetings.Minutes.SaveMinutesAsync(minutesItem.Id, "The minutes of the last meeting were agreed as a true record.", minutesItem.Version);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email, string password = Seeder.DemoPassword)
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, email, password);
        return client;
    }

    private static async Task<List<string>> PdfLinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        return PdfReading.Lines(bytes);
    }

    [Fact]
    public async Task The_meeting_pack_an_associate_downloads_leaves_out_confidential_papers()
    {
        var associate = await PdfLinesAsync(await (await SignedInAsync("associate@pathwayhub.example")).GetAsync($"/meetings/{_meeting}/pack.pdf"));
        var member = await PdfLinesAsync(await (await SignedInAsync("member@pathwayhub.example")).GetAsync($"/meetings/{_meeting}/pack.pdf"));

        Assert.Contains("Agenda", associate);
        Assert.Contains(associate, l => l.Contains("Visitor centre figures", StringComparison.Ordinal));
        Assert.DoesNotContain(associate, l => l.Contains("staffing", StringComparison.OrdinalIgnoreCase) || l.Contains("Confidential", StringComparison.Ordinal));
        Assert.Contains(member, l => l.Contains("Prison staffing review", StringComparison.Ordinal) && l.EndsWith("Confidential", StringComparison.Ordinal));
        Assert.Contains(member, l => l.Contains("Visitor centre figures", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Draft_minutes_download_only_for_the_coordinator_and_the_chair()
    {
        foreach (var (email, password) in new[] { ("coordinator@pathwayhub.example", Seeder.DemoPassword), (ChairEmail, ChairPassword) })
        {
            var lines = await PdfLinesAsync(await (await SignedInAsync(email, password)).GetAsync($"/meetings/{_meeting}/minutes.pdf"));
            Assert.Contains("DRAFT: these minutes have not been approved and are not for circulation.", lines);
            Assert.Contains("The minutes of the last meeting were agreed as a true record.", lines);
        }
        foreach (var email in new[] { "member@pathwayhub.example", "associate@pathwayhub.example" })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedInAsync(email)).GetAsync($"/meetings/{_meeting}/minutes.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await SignedInAsync("commissioner@pathwayhub.example")).GetAsync($"/meetings/{_meeting}/minutes.pdf")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await _app.Browser().GetAsync($"/meetings/{_meeting}/minutes.pdf")).StatusCode);
    }

    [Fact]
    public async Task Approved_minutes_and_the_pathway_report_download_for_members_and_associates()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
                .CreateAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!));
            await new GovernanceAs(scope.ServiceProvider).Minutes.ApproveMinutesAsync(_meeting);
        }
        var associate = await SignedInAsync("associate@pathwayhub.example");
        var minutes = await PdfLinesAsync(await associate.GetAsync($"/meetings/{_meeting}/minutes.pdf"));
        Assert.DoesNotContain(minutes, l => l.StartsWith("DRAFT", StringComparison.Ordinal));
        Assert.Contains("The minutes of the last meeting were agreed as a true record.", minutes);

        var report = await associate.GetAsync("/reports/pathways/families-and-social-support/delivery-plan.pdf");
        Assert.Contains("Summary", await PdfLinesAsync(report));
        var year = PathwayHub.Web.Infrastructure.UkCalendar.FinancialYear(DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Equal($"families-and-social-support-delivery-plan-{year}-{(year + 1) % 100:00}.pdf", report.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(HttpStatusCode.Forbidden, (await associate.GetAsync("/reports/pathways/accommodation/delivery-plan.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await associate.GetAsync("/reports/region/delivery-plans.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await SignedInAsync("commissioner@pathwayhub.example")).GetAsync("/reports/region/delivery-plans.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_year_outside_2000_to_2100_or_not_a_number_answers_400_with_a_message_on_every_report()
    {
        var coordinator = await SignedInAsync("coordinator@pathwayhub.example");
        foreach (var path in new[] { "/reports/pathways/families-and-social-support/delivery-plan.pdf", "/reports/region/delivery-plans.pdf" })
        {
            foreach (var year in new[] { "9999", "1999", "2101", "-1", "abc", "2026.5", "99999999999" })
            {
                var response = await coordinator.GetAsync($"{path}?year={Uri.EscapeDataString(year)}");
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}?year={year} answered {(int)response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.Contains("year", body, StringComparison.OrdinalIgnoreCase);
                Assert.Contains(year is "9999" or "1999" or "2101" ? "2000 to 2100" : "whole number", body, StringComparison.Ordinal);
            }
            Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"{path}?year=2100")).StatusCode);
        }
    }
}
