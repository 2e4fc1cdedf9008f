using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Listings;

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
