using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Directory.Taxonomies;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory.Coverage;

/// <summary>The coverage matrix, and that it follows every change to the listings.</summary>
public sealed class CoverageTests
{

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coverage_counts_active_services_per_prison_and_pathway_with_gaps_as_zero(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());

        var matrix = await coordinator.Coverage.CoverageAsync();
        int Cell(CoverageMatrix m, string prison, string column) =>
            m.Rows.Single(r => r.Prison == prison).Counts[m.Columns.ToList().FindIndex(c => c.Name == column)];

        // Nine prisons, two of them closed in 2011 (ClosedPrisonTests): seven rows.
        Assert.Equal(7, matrix.Rows.Count);
        Assert.Equal(9, matrix.Columns.Count);
        // Durham: FEW, literacy, online, visitor centres, family support.
        Assert.Equal(5, Cell(matrix, "HMP Durham", "Families and Social Support"));
        Assert.Equal(0, Cell(matrix, "HMP Durham", "Accommodation"));
        Assert.Equal(1, Cell(matrix, "HMP Durham", "Life Skills and Offending Behaviour"));
        Assert.Equal(1, Cell(matrix, "HMP Holme House", "Finance, Benefit and Debt"));

        var id = await ServiceIdAsync(app, "Restorative justice projects");
        var input = ServiceInput.From(await coordinator.Listings.GetServiceAsync(id));
        input.Status = ServiceStatus.Inactive;
        await coordinator.Editing.UpdateServiceAsync(id, input);
        Assert.Equal(0, Cell(await coordinator.Coverage.CoverageAsync(), "HMP Durham", "Life Skills and Offending Behaviour"));

        var types = await coordinator.Coverage.CoverageAsync(Taxonomy.ServiceTypesSlug);
        Assert.Equal(1, Cell(types, "HMP Low Newton", "Visitor centre"));
        Assert.Equal(0, Cell(types, "HMP Kirklevington Grange", "Visitor centre"));
    }

    /// <summary>The matrix counted from the listings themselves, without the derived coverage rows.</summary>
    private static async Task<int[][]> RecountAsync(TestApp app, CoverageMatrix shape, string taxonomySlug)
    {
        await using var db = await app.DbAsync();
        var links = await (
            from s in db.Services
            where s.Status == ServiceStatus.Active && s.IsPublic
            from t in s.Terms
            where t.TaxonomyTerm.Taxonomy.Slug == taxonomySlug
            from l in s.Locations
            where l.Location.PrisonId != null
            select new { PrisonId = l.Location.PrisonId!.Value, t.TaxonomyTermId }).ToListAsync();
        return shape.Rows.Select(r => shape.Columns.Select(c => links.Count(x => x.PrisonId == r.PrisonId && x.TaxonomyTermId == c.TermId)).ToArray()).ToArray();
    }

    private static async Task AssertCoverageIsCountedAfreshAsync(TestApp app, DirectoryAs directory)
    {
        foreach (var slug in new[] { Taxonomy.PathwaysSlug, Taxonomy.ServiceTypesSlug })
        {
            var matrix = await directory.Coverage.CoverageAsync(slug);
            Assert.Equal(await RecountAsync(app, matrix, slug), matrix.Rows.Select(r => r.Counts.ToArray()).ToArray());
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coverage_follows_every_kind_of_listing_change_and_agrees_with_a_fresh_count(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var other = app.AnotherHost();
        var coordinatorActor = await app.CoordinatorAsync();
        var here = new DirectoryAs(app, coordinatorActor);
        var there = new DirectoryAs(other, await other.CoordinatorAsync());
        var editorActor = await app.EditorAsync();
        var editor = new DirectoryAs(app, editorActor);
        int Cell(CoverageMatrix m, string prison, string column) =>
            m.Rows.Single(r => r.Prison == prison).Counts[m.Columns.ToList().FindIndex(c => c.Name == column)];
        const string lifeSkills = "Life Skills and Offending Behaviour";
        await AssertCoverageIsCountedAfreshAsync(app, here);
        Assert.Equal(1, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));

        // Only the service's prisons change (link rows, not the service row), saved through another instance.
        var id = await ServiceIdAsync(app, "Restorative justice projects");
        var input = ServiceInput.From(await there.Listings.GetServiceAsync(id));
        var durham = (await there.Listings.GetServiceAsync(id)).Locations.Single(l => l.Name == "HMP Durham").Id;
        input.LocationIds.Remove(durham);
        await there.Editing.UpdateServiceAsync(id, input);
        Assert.Equal(0, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));
        input = ServiceInput.From(await there.Listings.GetServiceAsync(id));
        input.LocationIds.Add(durham);
        await there.Editing.UpdateServiceAsync(id, input);
        Assert.Equal(1, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));

        // A new listing is counted from the save that publishes it: at once for the coordinator, on approval for an editor.
        var lifeSkillsTerm = (await here.Taxonomies.TermsAsync(Taxonomy.PathwaysSlug)).Single(t => t.Name == lifeSkills).Id;
        await here.Editing.CreateServiceAsync(editorActor.OrganisationId!.Value,
            new ServiceInput { Name = "Thinking skills group", Description = "A weekly group.", LocationIds = [durham], TermIds = [lifeSkillsTerm] });
        Assert.Equal(2, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));
        var (newId, _) = await editor.Editing.CreateServiceAsync(editorActor.OrganisationId!.Value,
            new ServiceInput { Name = "Anger management course", Description = "Six sessions.", LocationIds = [durham], TermIds = [lifeSkillsTerm] });
        Assert.Equal(2, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));
        var pending = Assert.Single(await here.Review.PendingChangesAsync());
        await here.Review.ApproveAsync(pending.Id, pending.Version);
        Assert.Equal(3, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));
        await AssertCoverageIsCountedAfreshAsync(app, here);

        // An organisation withdrawn takes its published listings out of the matrix, as out of the public directory (both new
        // listings are its), and approved again brings them back.
        async Task OrganisationStatusAsync(OrganisationStatus status)
        {
            await using var db = await app.DbAsync();
            (await db.Organisations.SingleAsync(o => o.Id == editorActor.OrganisationId)).Status = status;
            await db.SaveChangesAsync();
        }
        await OrganisationStatusAsync(OrganisationStatus.Inactive);
        Assert.Equal(1, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));
        await AssertCoverageIsCountedAfreshAsync(app, here);
        await OrganisationStatusAsync(OrganisationStatus.Active);
        Assert.Equal(3, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));

        // A save refused by the database (a stale version) changes nothing, the derived rows included.
        await using (var first = await app.DbAsync())
        await using (var second = await app.DbAsync())
        {
            var a = await first.Services.SingleAsync(s => s.Id == newId);
            var b = await second.Services.SingleAsync(s => s.Id == newId);
            a.Description = "Eight sessions.";
            await first.SaveChangesAsync();
            b.Status = ServiceStatus.Inactive;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        }
        Assert.Equal(3, Cell(await here.Coverage.CoverageAsync(), "HMP Durham", lifeSkills));
        Assert.Equal(ServiceStatus.Active, (await here.Listings.GetServiceAsync(newId)).Status);

        // A location that becomes a prison's (or stops being one) recounts every listing.
        await using (var db = await app.DbAsync())
        {
            var location = await db.Locations.SingleAsync(l => l.Id == durham);
            location.PrisonId = null;
            await db.SaveChangesAsync();
        }
        Assert.All((await here.Coverage.CoverageAsync()).Rows.Single(r => r.Prison == "HMP Durham").Counts, c => Assert.Equal(0, c));
        await AssertCoverageIsCountedAfreshAsync(app, here);
    }
}
