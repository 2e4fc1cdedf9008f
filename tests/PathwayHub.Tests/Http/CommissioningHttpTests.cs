using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Http;

public sealed class CommissioningHttpTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Provider_editor_cannot_open_another_organisations_bid_document_nor_the_dashboard_over_http()
    {
        // A Pact bid with a document, on the seeded tender in evaluation.
        var dbs = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var files = _app.Services.GetRequiredService<FileStore>();
        int pactDoc;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var bid = await db.Bids.SingleAsync(b => b.Tender.Reference == "NE-ROM-2026-004" && b.Organisation.Name == "Pact");
            var stored = await files.SaveAsync("pact-bid.pdf", new MemoryStream("%PDF-1.7 Pact bid"u8.ToArray()));
            var doc = new CommissioningDocument { BidId = bid.Id, Title = "Pact bid", FileName = stored.FileName, ContentType = stored.ContentType, Size = stored.Size, Sha256 = stored.Sha256, AddedBy = "Pact" };
            db.CommissioningDocuments.Add(doc);
            await db.SaveChangesAsync();
            pactDoc = doc.Id;
        }

        var provider = _app.Browser();
        await WebApp.SignInAsync(provider, "provider@pathwayhub.example", Seeder.DemoPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync($"/commissioning/documents/{pactDoc}")).StatusCode);
        var dashboard = await provider.GetAsync("/commissioning");
        Assert.Equal("/account/access-denied", WebApp.PathOf(dashboard));
        Assert.DoesNotContain("SLA-DUR-2024-03", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var commissioner = _app.Browser();
        await WebApp.SignInAsync(commissioner, "commissioner@pathwayhub.example", Seeder.DemoPassword);
        var page = await commissioner.GetStringAsync("/commissioning");
        Assert.Contains("agreements end within 12 months with no recommissioning decision", page, StringComparison.Ordinal);
        var ok = await commissioner.GetAsync($"/commissioning/documents/{pactDoc}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/pdf", ok.Content.Headers.ContentType?.MediaType);

        var anonymous = _app.Browser();
        var csv = await anonymous.GetAsync("/commissioning/agreements.csv");
        Assert.Equal("/account/login", WebApp.PathOf(csv));
        var signedIn = await commissioner.GetStringAsync("/commissioning/agreements.csv?kind=Grant");
        Assert.Contains("GR-NE-2025-02", signedIn, StringComparison.Ordinal);
        Assert.DoesNotContain("SLA-DUR-2024-03", signedIn, StringComparison.Ordinal);
    }
}
