using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Estate;

/// <summary>
/// The minimum offer per prison: seeded from the documents for Families and Social Support, met / at risk / missing by the same
/// rows the coverage matrix counts, kept only by the coordinator, and never deleted.
/// </summary>
public sealed class OfferTests
{
    private const string ThroughTheGate = "Support through the gate";

    /// <summary>The "support through the gate" service type (no reference listing has it) and HMP Durham's location and prison.</summary>
    internal static async Task<(int TermId, int DurhamLocationId, int DurhamPrisonId)> ThroughTheGateAsync(TestApp app)
    {
        await using var db = await app.DbAsync();
        var term = await db.TaxonomyTerms.Where(t => t.Code == "through-the-gate-support").Select(t => t.Id).SingleAsync();
        var durham = await db.Locations.Where(l => l.Prison != null && l.Prison.Slug == "hmp-durham").Select(l => new { l.Id, PrisonId = l.PrisonId!.Value }).SingleAsync();
        return (term, durham.Id, durham.PrisonId);
    }

    private static OfferCell Cell(OfferTable t, int prisonId, string item) =>
        t.Rows.Single(r => r.PrisonId == prisonId).Cells[t.Items.ToList().FindIndex(i => i.Name == item)];

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_families_offer_is_seeded_and_each_open_prison_is_met_at_risk_or_missing_by_the_rows_coverage_counts(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var offers = app.As<OfferService>(coordinator);
        var families = await app.PathwayIdAsync();

        var table = await offers.PathwayAsync(families);
        Assert.Equal(["A visitor centre with family support", "A family engagement worker", "A relationships or parenting programme", "Family literacy", ThroughTheGate],
            table.Items.Select(i => i.Name));
        Assert.Equal("Parenting programme, Relationship programme", table.Items[2].ServiceTypes);
        // No listing in the reference directory supports people through the gate: missing everywhere, as the article says.
        var (term, durhamLocation, durham) = await ThroughTheGateAsync(app);
        Assert.All(table.Rows, r => Assert.Equal(OfferStatus.Missing, r.Cells[4].Status));

        // The offer and the coverage matrix read the same rows: each cell lists exactly the services coverage counts.
        var coverage = await app.As<CoverageService>(coordinator).CoverageAsync(Taxonomy.ServiceTypesSlug);
        var literacy = coverage.Columns.ToList().FindIndex(c => c.Name == "Family literacy");
        Assert.Equal(coverage.Rows.Select(r => r.PrisonId), table.Rows.Select(r => r.PrisonId));
        Assert.Equal(coverage.Rows.Select(r => (int?)r.Counts[literacy]), table.Rows.Select(r => r.Cells[3].Total));
        Assert.Contains(table.Rows, r => r.Cells[3].Status == OfferStatus.Met);

        // A service through the gate at HMP Durham meets the item there and nowhere else.
        var nepacs = await app.OrganisationIdAsync("NEPACS");
        var (serviceId, _) = await app.As<ListingEditService>(coordinator).CreateServiceAsync(nepacs, new ServiceInput
        {
            Name = "Through the gate family support", Description = "Support for families as a prisoner leaves HMP Durham.", LocationIds = [durhamLocation], TermIds = [term],
        });
        table = await offers.PathwayAsync(families);
        Assert.Equal(OfferStatus.Met, Cell(table, durham, ThroughTheGate).Status);
        Assert.Equal(["Through the gate family support"], Cell(table, durham, ThroughTheGate).Services.Select(s => s.Name));
        Assert.Single(table.Rows, r => r.Cells[4].Status == OfferStatus.Met);

        // Funded by an agreement ending in six months with no decision: at risk. Extended: met again. A second, secure
        // agreement alongside an undecided one also keeps it met.
        var agreementId = await app.FundUndecidedAsync("AGR-GATE-1", nepacs, serviceId);
        table = await offers.PathwayAsync(families);
        Assert.Equal(OfferStatus.AtRisk, Cell(table, durham, ThroughTheGate).Status);
        Assert.True(Cell(table, durham, ThroughTheGate).Services.Single().AtRisk);
        await using (var db = await app.DbAsync())
            await db.Agreements.Where(a => a.Id == agreementId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Decision, RecommissioningDecision.LetLapse));
        Assert.Equal(OfferStatus.AtRisk, Cell(await offers.PathwayAsync(families), durham, ThroughTheGate).Status);
        await using (var db = await app.DbAsync())
            await db.Agreements.Where(a => a.Id == agreementId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Decision, RecommissioningDecision.Extend));
        Assert.Equal(OfferStatus.Met, Cell(await offers.PathwayAsync(families), durham, ThroughTheGate).Status);

        // Unpublished, the service meets nothing, here as in the coverage matrix.
        await using (var db = await app.DbAsync())
        {
            var service = await db.Services.SingleAsync(s => s.Id == serviceId);
            service.IsPublished = false;
            await db.SaveChangesAsync();
        }
        Assert.Equal(OfferStatus.Missing, Cell(await offers.PathwayAsync(families), durham, ThroughTheGate).Status);

        // The regional picture carries the same table for every Pathway with an offer, to every signed-in user.
        var region = await app.As<OfferService>(await app.EditorAsync()).RegionAsync();
        Assert.Equal(["Families and Social Support"], region.Select(t => t.Pathway));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<OfferService>(Actor.Anonymous).RegionAsync());
    }

    [Fact]
    public async Task A_cell_met_by_many_services_names_the_first_few_and_counts_the_rest_while_its_status_weighs_them_all()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.CoordinatorAsync();
        var families = await app.PathwayIdAsync();
        var (term, durhamLocation, durham) = await ThroughTheGateAsync(app);
        var nepacs = await app.OrganisationIdAsync("NEPACS");
        var ids = new List<int>();
        foreach (var n in Enumerable.Range(1, OfferCell.Shown + 2))
            ids.Add((await app.As<ListingEditService>(coordinator).CreateServiceAsync(nepacs, new ServiceInput
            {
                Name = $"Gate support {n}", Description = "Support for families as a prisoner leaves HMP Durham.", LocationIds = [durhamLocation], TermIds = [term],
            })).Item1);
        // Every service but the last is funded by an agreement ending in six months with no decision; the last one is secure.
        await app.FundUndecidedAsync("AGR-GATE-MANY", nepacs, ids.SkipLast(1));

        var cell = Cell(await app.As<OfferService>(coordinator).PathwayAsync(families), durham, ThroughTheGate);
        Assert.Equal((OfferStatus.Met, OfferCell.Shown + 2), (cell.Status, cell.Total));
        Assert.Equal(Enumerable.Range(1, OfferCell.Shown).Select(n => $"Gate support {n}"), cell.Services.Select(s => s.Name));
        Assert.All(cell.Services, s => Assert.True(s.AtRisk));
        // Counted without names (snapshots, Progress, reports), the cell has the same status and neither counts nor lists services.
        await using (var db = await app.DbAsync())
        {
            var unnamed = Cell((await OfferRule.TablesAsync(db, [families], DateOnly.FromDateTime(TestApp.Now.UtcDateTime), default, named: false)).Single(), durham, ThroughTheGate);
            Assert.Equal((cell.Status, (int?)null), (unnamed.Status, unnamed.Total));
            Assert.Empty(unnamed.Services);
        }

        // Past the size read whole, the first names are found by walking the directory in name order: the same five.
        await using (var db = await app.DbAsync())
        {
            db.Services.AddRange(Enumerable.Range(1, OfferRule.ReadWhole).Select(n => new Service
            {
                OrganisationId = nepacs, Name = $"Gate support z{n:000}", Description = "Support for families at HMP Durham.", IsPublished = true,
                Locations = [new ServiceAtLocation { LocationId = durhamLocation }], Terms = [new ServiceTaxonomyTerm { TaxonomyTermId = term }],
            }));
            await db.SaveChangesAsync();
        }
        var big = Cell(await app.As<OfferService>(coordinator).PathwayAsync(families), durham, ThroughTheGate);
        Assert.Equal((OfferStatus.Met, OfferCell.Shown + 2 + OfferRule.ReadWhole), (big.Status, big.Total));
        Assert.Equal(cell.Services, big.Services);

        // The page links to the rest: the directory at that prison, narrowed to the item's one service type.
        var item = (await app.As<OfferService>(coordinator).PathwayAsync(families)).Items.Single(i => i.Name == ThroughTheGate);
        Assert.Equal($"/directory?prison={durham}&type={term}", OfferCell.MoreLink(durham, item));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_item_of_two_service_types_counts_a_service_with_both_once_and_is_met_only_by_one_not_at_risk(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var pathway = await app.PathwayIdAsync("accommodation");
        var (gate, durhamLocation, durham) = await ThroughTheGateAsync(app);
        int other;
        await using (var db = await app.DbAsync())
            other = await db.TaxonomyTerms.Where(t => t.Taxonomy.Slug == Taxonomy.ServiceTypesSlug && t.Id != gate
                    && !db.ServiceCoverage.Any(c => c.TaxonomyTermId == t.Id && c.PrisonId == durham))
                .OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var offers = app.As<OfferService>(coordinator);
        await offers.SaveAsync(pathway, null, new OfferItemInput { Name = "Support at the gate", TermIds = [gate, other] });
        async Task<(OfferCell Named, OfferCell Unnamed)> CellsAsync()
        {
            await using var db = await app.DbAsync();
            var unnamed = (await OfferRule.TablesAsync(db, [pathway], DateOnly.FromDateTime(TestApp.Now.UtcDateTime), default, named: false)).Single();
            return (Cell(await offers.PathwayAsync(pathway), durham, "Support at the gate"), Cell(unnamed, durham, "Support at the gate"));
        }
        var (named, unnamed) = await CellsAsync();
        Assert.Equal((OfferStatus.Missing, 0, OfferStatus.Missing), (named.Status, named.Total, unnamed.Status));

        var nepacs = await app.OrganisationIdAsync("NEPACS");
        var editor = app.As<ListingEditService>(coordinator);
        var (both, _) = await editor.CreateServiceAsync(nepacs, new ServiceInput
        {
            Name = "Gate and housing support", Description = "Both kinds of support at HMP Durham.", LocationIds = [durhamLocation], TermIds = [gate, other],
        });
        (named, unnamed) = await CellsAsync();
        Assert.Equal((OfferStatus.Met, 1, OfferStatus.Met), (named.Status, named.Total, unnamed.Status));
        Assert.Equal([both], named.Services.Select(s => s.Id));

        // Its only service funded by an agreement ending in six months with no decision: at risk, though two types have it.
        await app.FundUndecidedAsync("AGR-GATE-BOTH", nepacs, both);
        (named, unnamed) = await CellsAsync();
        Assert.Equal((OfferStatus.AtRisk, 1, OfferStatus.AtRisk), (named.Status, named.Total, unnamed.Status));

        // A secure service of one of the two types meets it; the cell counts two services and marks the one at risk.
        var (secure, _) = await editor.CreateServiceAsync(nepacs, new ServiceInput
        {
            Name = "Housing support", Description = "Housing support at HMP Durham.", LocationIds = [durhamLocation], TermIds = [other],
        });
        (named, unnamed) = await CellsAsync();
        Assert.Equal((OfferStatus.Met, 2, OfferStatus.Met), (named.Status, named.Total, unnamed.Status));
        Assert.Equal([(both, true), (secure, false)], named.Services.Select(s => (s.Id, s.AtRisk)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_the_coordinator_keeps_the_offer_bad_input_changes_nothing_and_a_removed_item_is_kept(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var pathway = await app.PathwayIdAsync("accommodation");
        var offers = app.As<OfferService>(await app.CoordinatorAsync());
        var (term, _, _) = await ThroughTheGateAsync(app);

        var commissioner = await app.CommissionerAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<OfferService>(commissioner).SaveAsync(pathway, null, new OfferItemInput { Name = "Housing advice", TermIds = [term] }));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => offers.SaveAsync(pathway, null, new OfferItemInput { Name = " ", TermIds = [] }));
        Assert.Equal([nameof(OfferItemInput.Name), nameof(OfferItemInput.TermIds)], refused.Errors.Keys.Order());
        int pathwaysTerm;
        await using (var db = await app.DbAsync())
            pathwaysTerm = await db.TaxonomyTerms.Where(t => t.Taxonomy.Slug == Taxonomy.PathwaysSlug).Select(t => t.Id).FirstAsync();
        refused = await Assert.ThrowsAsync<ValidationFailedException>(() => offers.SaveAsync(pathway, null, new OfferItemInput { Name = "Housing advice", TermIds = [pathwaysTerm] }));
        Assert.Contains("service types", refused.Errors[nameof(OfferItemInput.TermIds)], StringComparison.Ordinal);
        Assert.Empty((await offers.PathwayAsync(pathway)).Items);

        int accommodation;
        await using (var db = await app.DbAsync())
            accommodation = await db.TaxonomyTerms.Where(t => t.Code == "accommodation-support").Select(t => t.Id).SingleAsync();
        var id = await offers.SaveAsync(pathway, null, new OfferItemInput { Name = "Housing advice before release", TermIds = [accommodation] });
        var item = Assert.Single((await offers.PathwayAsync(pathway)).Items);
        await offers.SaveAsync(pathway, id, new OfferItemInput { Name = "Housing advice before and after release", TermIds = [accommodation, term], Version = item.Version });
        // A second coordinator still holding the first version is told, and nothing of theirs is saved.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => offers.SaveAsync(pathway, id, new OfferItemInput { Name = "Stale", TermIds = [accommodation], Version = item.Version }));
        item = Assert.Single((await offers.PathwayAsync(pathway)).Items);
        Assert.Equal(("Housing advice before and after release", "Accommodation support, Support through the gate"), (item.Name, item.ServiceTypes));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => offers.RetireAsync(id, Guid.NewGuid()));
        await offers.RetireAsync(id, item.Version);
        Assert.Empty((await offers.PathwayAsync(pathway)).Items);
        await using (var db = await app.DbAsync())
            Assert.NotNull((await db.OfferItems.SingleAsync(i => i.Id == id)).RetiredUtc);
        await Assert.ThrowsAsync<NotFoundException>(() => offers.RetireAsync(id, item.Version));
    }
}
