using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Tests.Infrastructure.Pdf;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Features.Reports;

namespace PathwayHub.Tests.Features.Reports;

/// <summary>The Pathway report's "Minimum offer at each prison" table says what the Pathway's offer tab says, prison by prison, as a tagged table.</summary>
public sealed class OfferReportTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_pathway_report_carries_each_open_prisons_offer_as_the_tab_shows_it(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var families = await app.PathwayIdAsync();
        // One cell at risk beside the met and missing ones of the reference directory: support through the gate at HMP Durham,
        // funded by an agreement ending in six months with no decision.
        var (term, durhamLocation, _) = await Estate.OfferTests.ThroughTheGateAsync(app);
        var nepacs = await app.OrganisationIdAsync("NEPACS");
        var (serviceId, _) = await app.As<ListingEditService>(coordinator).CreateServiceAsync(nepacs, new ServiceInput
        {
            Name = "Through the gate family support", Description = "Support for families as a prisoner leaves HMP Durham.", LocationIds = [durhamLocation], TermIds = [term],
        });
        await app.FundUndecidedAsync("AGR-GATE-REPORT", nepacs, serviceId);
        var offer = await app.As<OfferService>(coordinator).PathwayAsync(families);
        Assert.All(new[] { OfferStatus.Met, OfferStatus.AtRisk, OfferStatus.Missing }, s => Assert.True(offer.Count(s) > 0, $"no cell {s}"));

        var pdf = TaggedPdf.Read((await app.As<ReportService>(coordinator).PathwayReportAsync("families-and-social-support")).Content);
        var table = pdf.Elements.Where(e => e.Type == "Table")
            .Single(t => t.Children[0].Children.Count > 1 && t.Children[0].Children[0].AllText == "Prison" && t.Children[0].Children[1].AllText == offer.Items[0].Name);
        Assert.Equal(["Prison", .. offer.Items.Select(i => i.Name)], table.Children[0].Children.Select(c => c.AllText));
        Assert.Equal(offer.Rows.Select(r => new[] { r.Prison }.Concat(r.Cells.Select(c => OfferRule.Label(c.Status)))),
            table.Children.Skip(1).Select(tr => tr.Children.Select(c => c.AllText)));
        Assert.Contains($"{offer.Count(OfferStatus.Met)} met, {offer.Count(OfferStatus.AtRisk)} at risk, {offer.Count(OfferStatus.Missing)} missing",
            System.Text.RegularExpressions.Regex.Replace(pdf.Root.AllText, @"\s+", " "), StringComparison.Ordinal);
    }
}
