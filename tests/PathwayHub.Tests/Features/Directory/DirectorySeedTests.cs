using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Tests.Features.Directory;

public sealed class DirectorySeedTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Seeded_directory_lists_the_services_of_the_seed_documents_at_their_prisons(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, demo: false);
        await using var db = await app.DbAsync();

        Assert.Equal(7, await db.Services.CountAsync());
        Assert.Equal(9, await db.Locations.CountAsync(l => l.Type == LocationType.Prison));
        Assert.Equal(9, await db.TaxonomyTerms.CountAsync(t => t.Taxonomy.Slug == Taxonomy.PathwaysSlug && t.PathwayId != null));
        Assert.Equal(13, await db.TaxonomyTerms.CountAsync(t => t.Taxonomy.Slug == Taxonomy.ServiceTypesSlug));
        Assert.Equal("families-and-social-support", await db.TaxonomyTerms.Where(t => t.Code == "families-and-social-support").Select(t => t.Pathway!.Slug).SingleAsync());

        var bsf = await db.Services.Include(s => s.Evidence).Include(s => s.Organisation).SingleAsync(s => s.Name == "Building Stronger Families");
        Assert.Equal("Pact", bsf.Organisation.Name);
        Assert.Contains("10 percentage points lower", Assert.Single(bsf.Evidence).Summary, StringComparison.Ordinal);

        var fewPrisons = await db.ServiceAtLocations.Where(x => x.Service.Name == "Family Engagement Workers").Select(x => x.Location.Prison!.Type).ToListAsync();
        Assert.Contains(PrisonType.Womens, fewPrisons);
        Assert.Contains(PrisonType.YoungOffenderInstitution, fewPrisons);
        Assert.Contains(PrisonType.Local, fewPrisons);
        Assert.True(await db.ServiceAtLocations.AnyAsync(x => x.Service.Organisation.Name == "NEPACS" && x.Location.Prison!.Slug == "hmp-holme-house"));
        Assert.All(await db.Services.Select(s => s.Terms.Count).ToListAsync(), n => Assert.True(n >= 2));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Seeding_again_never_duplicates_the_directory(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider, demo: false);
        var seeder = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PathwayHub.Web.Data.Seed.Seeder>(app.Services);
        await seeder.SeedReferenceDataAsync(PathwayHub.Web.Data.Seed.Seeder.FindSeedFolder(AppContext.BaseDirectory, null));
        await using var db = await app.DbAsync();
        Assert.Equal(7, await db.Services.CountAsync());
        Assert.Equal(2, await db.Taxonomies.CountAsync());
    }
}
