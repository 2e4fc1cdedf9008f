using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.OpenData;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Directory.Taxonomies;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory.Listings;

/// <summary>Finding listings: filters, paging, sorting, CSV export and text search.</summary>
public sealed class ListingSearchTests
{
    private static readonly string[] StaleByLastReviewed = ["Restorative justice projects", "Family Literacy in Prison", "Family support and play in visits halls"];
    private static readonly string[] WithEvidence = ["Building Stronger Families", "Family Engagement Workers"];

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Search_filters_pages_and_sorts_on_the_server(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var directory = new DirectoryAs(app, await app.CoordinatorAsync());
        var prisons = await directory.Listings.PrisonsAsync();
        var lowNewton = prisons.Single(p => p.Name == "HMP Low Newton").Id;
        var types = await directory.Taxonomies.TermsAsync(Taxonomy.ServiceTypesSlug);
        await using var db = await app.DbAsync();
        var fss = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        var life = await db.Pathways.Where(p => p.Slug == "life-skills-and-offending-behaviour").Select(p => p.Id).SingleAsync();

        var all = await directory.Listings.SearchAsync(new DirectoryQuery { PageSize = 3 });
        Assert.Equal(7, all.TotalItems);
        Assert.Equal(3, all.Items.Count);
        Assert.Equal(all.Items.Select(i => i.Name).Order(StringComparer.Ordinal), all.Items.Select(i => i.Name));
        var page3 = await directory.Listings.SearchAsync(new DirectoryQuery { PageSize = 3, Page = 2 });
        Assert.Single(page3.Items);

        var text = await directory.Listings.SearchAsync(new DirectoryQuery { Text = "nepacs" });
        Assert.Equal(2, text.TotalItems);
        var atLowNewton = await directory.Listings.SearchAsync(new DirectoryQuery { PrisonId = lowNewton, PathwayId = fss });
        Assert.Contains(atLowNewton.Items, r => r.Name == "Family Engagement Workers");
        Assert.All(atLowNewton.Items, r => Assert.Contains("HMP Low Newton", r.Prisons));
        var rj = await directory.Listings.SearchAsync(new DirectoryQuery { PathwayId = life });
        Assert.Equal("Restorative justice projects", Assert.Single(rj.Items).Name);
        var visitor = await directory.Listings.SearchAsync(new DirectoryQuery { ServiceTypeTermId = types.Single(t => t.Name == "Visitor centre").Id });
        Assert.Equal("Prison visitor centres", Assert.Single(visitor.Items).Name);

        var stale = await directory.Listings.SearchAsync(new DirectoryQuery { NotReviewedRecently = true, Sort = DirectorySort.LastReviewed });
        Assert.Equal(StaleByLastReviewed, stale.Items.Select(i => i.Name));
        Assert.All(stale.Items, i => Assert.True(i.DueForReview));
        var withEvidence = (await directory.Listings.SearchAsync(new DirectoryQuery())).Items.Where(i => i.HasEvidence).Select(i => i.Name).Order(StringComparer.Ordinal);
        Assert.Equal(WithEvidence, withEvidence);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_published_listing_of_an_inactive_organisation_leaves_the_public_directory_as_it_leaves_the_open_data(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var nepacs = await app.OrganisationIdAsync("NEPACS");
        int listing;
        await using (var db = await app.DbAsync())
        {
            listing = await db.Services.Where(s => s.OrganisationId == nepacs && s.IsPublished).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            (await db.Organisations.SingleAsync(o => o.Id == nepacs)).Status = OrganisationStatus.Inactive;
            await db.SaveChangesAsync();
        }
        var anonymous = new DirectoryAs(app, Actor.Anonymous).Listings;
        var member = new DirectoryAs(app, await app.AccountAsync(Roles.ProviderEditor, "Other Editor", "Pact")).Listings;
        await Assert.ThrowsAsync<NotFoundException>(() => anonymous.GetServiceAsync(listing, publishedOnly: true));
        await Assert.ThrowsAsync<NotFoundException>(() => member.GetServiceAsync(listing));
        Assert.DoesNotContain(listing, (await anonymous.SearchAsync(new DirectoryQuery { PublishedOnly = true, PageSize = 100 })).Items.Select(i => i.Id));
        Assert.DoesNotContain(listing, (await member.SearchAsync(new DirectoryQuery { PageSize = 100 })).Items.Select(i => i.Id));
        Assert.Equal(0, await app.As<OpenDataService>(Actor.Anonymous).CountServicesAsync(new ServiceFilter(OrganizationId: await PublicIdAsync(app, nepacs))));

        // The coordinator and commissioners still see it (it may hold agreements), as does its own editor.
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync()).Listings;
        Assert.Equal(listing, (await coordinator.GetServiceAsync(listing)).Id);
        Assert.Equal(listing, (await new DirectoryAs(app, await app.EditorAsync()).Listings.GetServiceAsync(listing)).Id);
    }

    private static async Task<Guid> PublicIdAsync(TestApp app, int organisationId)
    {
        await using var db = await app.DbAsync();
        return await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.PublicId).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Csv_export_lists_every_service_of_the_search_once_in_its_order(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var directory = new DirectoryAs(app, await app.CoordinatorAsync());
        var query = new DirectoryQuery { Sort = DirectorySort.Organisation, PageSize = 100 };
        var expected = (await directory.Listings.SearchAsync(query)).Items.Select(i => i.Name).ToList();
        Assert.True(expected.Count > 5);

        var lines = (await directory.Listings.ExportCsvAsync(query)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Service,Organisation,", lines[0]);
        Assert.Equal(expected.Count + 1, lines.Length);
        Assert.All(expected.Select((name, i) => (name, line: lines[i + 1])), x => Assert.True(x.line.StartsWith(x.name, StringComparison.Ordinal)
            || x.line.StartsWith('"' + x.name, StringComparison.Ordinal), $"{x.line} should be {x.name}"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Text_search_follows_a_renamed_organisation_and_ignores_case_beyond_ascii(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var directory = new DirectoryAs(app, coordinator);
        int nepacs;
        string[] mentioningNepacs;
        await using (var db = await app.DbAsync())
        {
            nepacs = await db.Organisations.Where(o => o.Name == "NEPACS").Select(o => o.Id).SingleAsync();
            mentioningNepacs = (await db.Services.Select(s => new { s.Name, s.Description }).ToListAsync())
                .Where(s => (s.Name + s.Description).Contains("nepacs", StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).ToArray();
        }
        var theirs = (await directory.Listings.SearchAsync(new DirectoryQuery { OrganisationId = nepacs })).Items.Select(i => i.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(theirs);
        Assert.Equal(theirs, (await directory.Listings.SearchAsync(new DirectoryQuery { Text = "nepacs" })).Items.Select(i => i.Name).Order(StringComparer.Ordinal));

        var organisations = app.As<OrganisationService>(coordinator);
        var input = OrganisationInput.From(await organisations.GetOrganisationAsync(nepacs));
        input.Name = "North East Families Charity";
        await organisations.UpdateAsync(nepacs, input);

        Assert.Equal(theirs, (await directory.Listings.SearchAsync(new DirectoryQuery { Text = "NORTH EAST families" })).Items.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(mentioningNepacs.Order(StringComparer.Ordinal), (await directory.Listings.SearchAsync(new DirectoryQuery { Text = "nepacs" })).Items.Select(i => i.Name).Order(StringComparer.Ordinal));

        // Lower-cased by .NET, not by the database: SQLite's lower() leaves capitals outside ASCII as they are.
        var id = await ServiceIdAsync(app, "Restorative justice projects");
        var service = ServiceInput.From(await directory.Listings.GetServiceAsync(id));
        service.Description += " Ouvert à tous: ÉCOUTE et médiation.";
        await directory.Editing.UpdateServiceAsync(id, service);
        Assert.Equal("Restorative justice projects", Assert.Single((await directory.Listings.SearchAsync(new DirectoryQuery { Text = "écoute" })).Items).Name);
        Assert.Equal(1, (await app.As<OpenDataService>(coordinator).ServicesAsync(new OpenServiceQuery(PageRequest.Of(1, 50), new ServiceFilter(Search: "Écoute")))).TotalItems);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Text_search_matches_any_part_of_a_word_or_phrase_and_a_short_or_quoted_term_as_well(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var directory = new DirectoryAs(app, await app.CoordinatorAsync());
        async Task<string[]> Find(string text) => (await directory.Listings.SearchAsync(new DirectoryQuery { Text = text })).Items.Select(i => i.Name).ToArray();
        List<(string Name, string Text)> all;
        await using (var db = await app.DbAsync())
            all = (await db.Services.Select(s => new { s.Name, s.Description, Organisation = s.Organisation.Name }).ToListAsync())
                .Select(s => (s.Name, $"{s.Organisation}\n{s.Name}\n{s.Description}")).ToList();
        string[] Expected(string term) => all.Where(a => a.Text.Contains(term.Trim(), StringComparison.OrdinalIgnoreCase)).Select(a => a.Name).Order(StringComparer.Ordinal).ToArray();

        // Inside a word, across a space, and under three characters (no trigram: read row by row): the same substring rule.
        foreach (var term in new[] { "iteracy in pri", "y lit", "ITERAC", "li", "sh" })
        {
            Assert.NotEmpty(Expected(term));
            Assert.Equal(Expected(term), (await Find(term)).Order(StringComparer.Ordinal));
        }
        // Quotes and search operators are text, never syntax; a term spanning two parts (organisation, name) finds nothing.
        Assert.Empty(await Find("family \" OR literacy"));
        Assert.NotEmpty(Expected("nepacs"));
        Assert.Empty(await Find("nepacs family"));
        Assert.Equal(Expected("family"), (await Find("  Family  ")).Order(StringComparer.Ordinal));
    }
}
