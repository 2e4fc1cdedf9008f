using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Features.Directory;

/// <summary>
/// HMP Acklington and HMYOI Castington merged into HMP Northumberland in 2011: kept for history, out of coverage, gap counts,
/// reports and the pickers, their listings at the successor.
/// </summary>
public sealed class ClosedPrisonTests
{
    private static readonly string[] Closed = ["HMP Acklington", "HMYOI Castington"];

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Closed_prisons_leave_coverage_and_pickers_and_their_listings_point_at_the_successor(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());

        // The reference data closed them in every environment.
        await using (var db = await app.DbAsync())
        {
            var closed = await db.Prisons.AsNoTracking().Include(p => p.Successor).Where(p => Closed.Contains(p.Name)).ToListAsync();
            Assert.Equal(2, closed.Count);
            Assert.All(closed, p => Assert.Equal("HMP Northumberland", p.Successor?.Name));
            Assert.All(closed, p => Assert.False(p.IsOpenOn(DateOnly.FromDateTime(TestApp.Now.UtcDateTime))));
            Assert.Equal(7, await db.Prisons.CountAsync(Prison.OpenOn(DateOnly.FromDateTime(TestApp.Now.UtcDateTime))));
        }

        // Coverage and its gaps: seven open prisons, no row of "Gap" for a closed one.
        var matrix = await coordinator.Coverage.CoverageAsync();
        Assert.Equal(7, matrix.Rows.Count);
        Assert.DoesNotContain(matrix.Rows, r => Closed.Contains(r.Prison));
        var csv = await coordinator.Coverage.CoverageCsvAsync(Web.Features.Directory.Taxonomy.PathwaysSlug);
        Assert.DoesNotContain("Acklington", csv, StringComparison.Ordinal);

        // The restorative justice listing (eight prisons in the seed) is at HMP Northumberland now, and counts there.
        var rj = (await coordinator.Listings.SearchAsync(new DirectoryQuery { Text = "Restorative justice projects", PageSize = 10 })).Items.Single();
        Assert.Contains("HMP Northumberland", rj.Prisons);
        Assert.DoesNotContain(rj.Prisons, Closed.Contains);
        var column = matrix.Columns.ToList().FindIndex(c => c.Name == "Life Skills and Offending Behaviour");
        Assert.True(matrix.Rows.Single(r => r.Prison == "HMP Northumberland").Counts[column] >= 1);

        // Pickers for new listings, tenders and agreements offer open prisons only; a record's own closed prison stays.
        var locations = await coordinator.Listings.LocationsAsync();
        Assert.DoesNotContain(locations, l => Closed.Contains(l.Name));
        Assert.Contains(locations, l => l.Name == "HMP Northumberland");
        var register = app.As<AgreementRegisterService>(await app.CommissionerAsync());
        var (_, _, prisons, _) = await register.OptionsAsync();
        Assert.Equal(7, prisons.Count);
        Assert.DoesNotContain(prisons, p => Closed.Contains(p.Name));
        var ackId = (await coordinator.Listings.PrisonsAsync()).Single(p => p.Name == "HMP Acklington").Id;
        var (_, _, kept, _) = await register.OptionsAsync(keepPrisonIds: [ackId]);
        Assert.Contains(kept, p => p.Name == "HMP Acklington");
        var (_, _, all, _) = await register.OptionsAsync(allPrisons: true);
        Assert.Equal(9, all.Count);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Nothing_new_is_linked_to_a_closed_prison_while_a_record_that_already_names_one_keeps_it(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        const string refusal = "HMP Acklington closed in 2011, now HMP Northumberland: choose an open prison.";
        var acklington = await Commissioning.CommissioningTestData.PrisonAsync(app, "hmp-acklington");
        var durham = await Commissioning.CommissioningTestData.PrisonAsync(app, "hmp-durham");
        int acklingtonSite, durhamSite, term;
        await using (var db = await app.DbAsync())
        {
            acklingtonSite = await db.Locations.Where(l => l.PrisonId == acklington).Select(l => l.Id).SingleAsync();
            durhamSite = await db.Locations.Where(l => l.PrisonId == durham).Select(l => l.Id).SingleAsync();
            term = await db.TaxonomyTerms.Where(t => t.Code == "through-the-gate-support").Select(t => t.Id).SingleAsync();
        }

        // A new listing at a closed prison is refused next to the field, and nothing is saved.
        var listings = app.As<ListingEditService>(await app.CoordinatorAsync());
        var nepacs = await app.OrganisationIdAsync("NEPACS");
        ServiceInput Listing(params int[] sites) => new() { Name = "Gate support", Description = "Support for families at the gate.", LocationIds = [.. sites], TermIds = [term] };
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => listings.CreateServiceAsync(nepacs, Listing(durhamSite, acklingtonSite)));
        Assert.Equal(refusal, refused.Errors[nameof(ServiceInput.LocationIds)]);
        await using (var db = await app.DbAsync()) Assert.False(await db.Services.AnyAsync(s => s.Name == "Gate support"));

        // A listing that already names it (history) is edited without having to drop it; adding it to another listing is refused.
        var (id, _) = await listings.CreateServiceAsync(nepacs, Listing(durhamSite));
        await using (var db = await app.DbAsync())
        {
            db.Add(new ServiceAtLocation { ServiceId = id, LocationId = acklingtonSite });
            await db.SaveChangesAsync();
        }
        Guid version;
        await using (var db = await app.DbAsync()) version = await db.Services.Where(s => s.Id == id).Select(s => s.Version).SingleAsync();
        var kept = Listing(durhamSite, acklingtonSite);
        kept.Description = "Support for families at the gate, on release.";
        kept.Version = version;
        await listings.UpdateServiceAsync(id, kept);
        var (other, _) = await listings.CreateServiceAsync(nepacs, new ServiceInput { Name = "Other support", Description = "Other.", LocationIds = [durhamSite], TermIds = [term] });
        await using (var db = await app.DbAsync()) version = await db.Services.Where(s => s.Id == other).Select(s => s.Version).SingleAsync();
        refused = await Assert.ThrowsAsync<ValidationFailedException>(() => listings.UpdateServiceAsync(other,
            new ServiceInput { Name = "Other support", Description = "Other.", LocationIds = [durhamSite, acklingtonSite], TermIds = [term], Version = version }));
        Assert.Equal(refusal, refused.Errors[nameof(ServiceInput.LocationIds)]);

        // Tenders and agreements: the same rule on their prisons.
        var commissioner = await app.CommissionerAsync();
        var tender = await Commissioning.CommissioningTestData.TenderAsync(app, "T-CLOSED");
        tender.PrisonIds = [acklington];
        refused = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<TenderService>(commissioner).CreateTenderAsync(tender));
        Assert.Equal(refusal, refused.Errors[nameof(TenderInput.PrisonIds)]);
        var agreement = await Commissioning.CommissioningTestData.AgreementAsync(app, "A-CLOSED");
        agreement.PrisonIds = [durham, acklington];
        refused = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<AgreementLifecycleService>(commissioner).CreateAgreementAsync(agreement));
        Assert.Equal(refusal, refused.Errors[nameof(AgreementInput.PrisonIds)]);
        await using (var db = await app.DbAsync())
        {
            Assert.False(await db.Tenders.AnyAsync(t => t.Reference == "T-CLOSED"));
            Assert.False(await db.Agreements.AnyAsync(a => a.Reference == "A-CLOSED"));
        }

        // A file naming it is refused on that row.
        var import = app.As<DirectoryImportService>(await app.CoordinatorAsync());
        var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            "organisation,service_name,service_description,prisons\r\nNEPACS,Acklington visits,Visits support.,HMP Acklington\r\n"));
        refused = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(file));
        Assert.Contains("prisons: " + refusal, refused.Errors["Row 2"], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task History_still_shows_a_closed_prison_and_says_where_it_went(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());

        var list = await coordinator.Listings.PrisonsAsync();
        Assert.Equal(9, list.Count);
        Assert.Equal("closed in 2011, now HMP Northumberland", list.Single(p => p.Name == "HMP Acklington").Closed);
        Assert.Null(list.Single(p => p.Name == "HMP Northumberland").Closed);

        var page = await app.As<AgreementRegisterService>(await app.CommissionerAsync()).PrisonAsync(list.Single(p => p.Name == "HMYOI Castington").Id);
        Assert.Equal("closed in 2011, now HMP Northumberland", page.Closed);
        Assert.Equal("HMP Northumberland", page.Successor?.Name);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Applying_the_closures_again_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var db = await app.DbAsync();
        var changed = await PrisonClosures.ApplyAsync(db, [new PrisonClosure("hmp-acklington", new DateOnly(2011, 10, 31), "hmp-northumberland")],
            DateOnly.FromDateTime(TestApp.Now.UtcDateTime), CancellationToken.None);
        Assert.Equal(0, changed);
    }
}
