using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory;

public sealed class DirectoryServiceTests
{
    private const string Provider = "provider@pathwayhub.example";
    private const string Coordinator = "coordinator@pathwayhub.example";
    private static readonly string[] StaleByLastReviewed = ["Restorative justice projects", "Family Literacy in Prison", "Family support and play in visits halls"];
    private static readonly string[] WithEvidence = ["Building Stronger Families", "Family Engagement Workers"];

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Provider_editor_cannot_change_another_organisations_service_and_nothing_changes(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var nepacsEditor = app.As<DirectoryService>(await app.ActorAsync(Provider));
        var id = await ServiceIdAsync(app, "Building Stronger Families");
        var before = await nepacsEditor.GetServiceAsync(id);
        Assert.False(before.CanEdit);

        var input = ServiceInput.From(before);
        input.Description = "Taken over by someone else";
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsEditor.UpdateServiceAsync(id, input));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsEditor.ConfirmStillAccurateAsync(id, before.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsEditor.CreateServiceAsync(before.OrganisationId, input));

        await using var db = await app.DbAsync();
        Assert.Equal(before.Description, await db.Services.Where(s => s.Id == id).Select(s => s.Description).SingleAsync());
        Assert.Equal(0, await db.ChangeRequests.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Editors_change_to_a_published_service_waits_for_review_and_is_published_on_approval(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = app.As<DirectoryService>(await app.ActorAsync(Provider));
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var before = await editor.GetServiceAsync(id);
        var input = ServiceInput.From(before);
        input.Description = "Open before and after every visit, with refreshments.";
        input.Languages = "English, Polish";

        Assert.Equal(SaveOutcome.SubmittedForReview, await editor.UpdateServiceAsync(id, input));

        var unchanged = await editor.GetServiceAsync(id, publishedOnly: true);
        Assert.Equal(before.Description, unchanged.Description);
        var pending = Assert.Single(await coordinator.PendingChangesAsync());
        Assert.Equal("NEPACS", pending.Organisation);
        var description = Assert.Single(pending.Changes, c => c.Field == nameof(ServiceInput.Description));
        Assert.Equal(before.Description, description.Old);
        Assert.Equal(input.Description, description.New);
        Assert.Contains(pending.Changes, c => c.Field == nameof(ServiceInput.Languages) && c.Old == "English" && c.New == "English, Polish");
        Assert.Equal(2, pending.Changes.Count);

        await Assert.ThrowsAsync<ForbiddenException>(() => editor.ApproveAsync(pending.Id, pending.Version));
        await coordinator.ApproveAsync(pending.Id, pending.Version);

        var after = await editor.GetServiceAsync(id, publishedOnly: true);
        Assert.Equal(input.Description, after.Description);
        Assert.Equal("English, Polish", after.Languages);
        Assert.Empty(await coordinator.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Returned_change_leaves_the_listing_and_the_editor_sees_the_comment(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = app.As<DirectoryService>(await app.ActorAsync(Provider));
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var before = await editor.GetServiceAsync(id);
        var input = ServiceInput.From(before);
        input.FeesDescription = "£2 for refreshments.";
        await editor.UpdateServiceAsync(id, input);
        var pending = Assert.Single(await coordinator.PendingChangesAsync());

        var blank = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.ReturnAsync(pending.Id, " ", pending.Version));
        Assert.True(blank.Errors.ContainsKey("Comment"));
        await coordinator.ReturnAsync(pending.Id, "Refreshments are free at every centre: please check.", pending.Version);

        var after = await editor.GetServiceAsync(id);
        Assert.Equal("Free.", after.FeesDescription);
        Assert.Null(after.PendingChange);
        Assert.Equal("Refreshments are free at every centre: please check.", after.LastReturnedChange?.ReviewComment);
        Assert.Empty(await coordinator.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Second_save_from_a_stale_version_is_refused_and_nothing_is_overwritten(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var first = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var second = app.As<DirectoryService>(await app.ActorAsync(Provider));
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var loaded = await first.GetServiceAsync(id);
        var a = ServiceInput.From(loaded);
        var b = ServiceInput.From(loaded);
        a.Description = "First person's description.";
        b.Description = "Second person's description.";

        Assert.Equal(SaveOutcome.Published, await first.UpdateServiceAsync(id, a));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.UpdateServiceAsync(id, b));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.ConfirmStillAccurateAsync(id, loaded.Version));

        var after = await first.GetServiceAsync(id);
        Assert.Equal("First person's description.", after.Description);
        Assert.Empty(await first.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Still_accurate_sets_the_assured_date_to_today_without_review(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = app.As<DirectoryService>(await app.ActorAsync(Provider));
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var id = await ServiceIdAsync(app, "Family support and play in visits halls");
        var before = await editor.GetServiceAsync(id);
        Assert.True(before.DueForReview);

        await editor.ConfirmStillAccurateAsync(id, before.Version);

        var after = await editor.GetServiceAsync(id);
        Assert.Equal(DateOnly.FromDateTime(TestApp.Now.UtcDateTime), after.AssuredDate);
        Assert.False(after.DueForReview);
        Assert.Empty(await coordinator.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_input_is_refused_field_by_field(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var input = ServiceInput.From(await coordinator.GetServiceAsync(id));
        input.Name = "";
        input.Email = "not an email";
        input.MinimumAge = 18;
        input.MaximumAge = 10;

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.UpdateServiceAsync(id, input));

        Assert.Equal(new[] { nameof(ServiceInput.Email), nameof(ServiceInput.MaximumAge), nameof(ServiceInput.Name) }, e.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Search_filters_pages_and_sorts_on_the_server(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var directory = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var prisons = await directory.PrisonsAsync();
        var lowNewton = prisons.Single(p => p.Name == "HMP Low Newton").Id;
        var types = await directory.TermsAsync(Taxonomy.ServiceTypesSlug);
        await using var db = await app.DbAsync();
        var fss = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        var life = await db.Pathways.Where(p => p.Slug == "life-skills-and-offending-behaviour").Select(p => p.Id).SingleAsync();

        var all = await directory.SearchAsync(new DirectoryQuery { PageSize = 3 });
        Assert.Equal(7, all.TotalItems);
        Assert.Equal(3, all.Items.Count);
        Assert.Equal(all.Items.Select(i => i.Name).Order(StringComparer.Ordinal), all.Items.Select(i => i.Name));
        var page3 = await directory.SearchAsync(new DirectoryQuery { PageSize = 3, Page = 2 });
        Assert.Single(page3.Items);

        var text = await directory.SearchAsync(new DirectoryQuery { Text = "nepacs" });
        Assert.Equal(2, text.TotalItems);
        var atLowNewton = await directory.SearchAsync(new DirectoryQuery { PrisonId = lowNewton, PathwayId = fss });
        Assert.Contains(atLowNewton.Items, r => r.Name == "Family Engagement Workers");
        Assert.All(atLowNewton.Items, r => Assert.Contains("HMP Low Newton", r.Prisons));
        var rj = await directory.SearchAsync(new DirectoryQuery { PathwayId = life });
        Assert.Equal("Restorative justice projects", Assert.Single(rj.Items).Name);
        var visitor = await directory.SearchAsync(new DirectoryQuery { ServiceTypeTermId = types.Single(t => t.Name == "Visitor centre").Id });
        Assert.Equal("Prison visitor centres", Assert.Single(visitor.Items).Name);

        var stale = await directory.SearchAsync(new DirectoryQuery { NotReviewedRecently = true, Sort = DirectorySort.LastReviewed });
        Assert.Equal(StaleByLastReviewed, stale.Items.Select(i => i.Name));
        Assert.All(stale.Items, i => Assert.True(i.DueForReview));
        var withEvidence = (await directory.SearchAsync(new DirectoryQuery())).Items.Where(i => i.HasEvidence).Select(i => i.Name).Order(StringComparer.Ordinal);
        Assert.Equal(WithEvidence, withEvidence);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coverage_counts_active_services_per_prison_and_pathway_with_gaps_as_zero(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));

        var matrix = await coordinator.CoverageAsync();
        int Cell(CoverageMatrix m, string prison, string column) =>
            m.Rows.Single(r => r.Prison == prison).Counts[m.Columns.ToList().FindIndex(c => c.Name == column)];

        Assert.Equal(9, matrix.Rows.Count);
        Assert.Equal(9, matrix.Columns.Count);
        // Durham: FEW, literacy, online, visitor centres, family support.
        Assert.Equal(5, Cell(matrix, "HMP Durham", "Families and Social Support"));
        Assert.Equal(0, Cell(matrix, "HMP Durham", "Accommodation"));
        Assert.Equal(1, Cell(matrix, "HMP Durham", "Life Skills and Offending Behaviour"));
        Assert.Equal(1, Cell(matrix, "HMP Holme House", "Finance, Benefit and Debt"));

        var id = await ServiceIdAsync(app, "Restorative justice projects");
        var input = ServiceInput.From(await coordinator.GetServiceAsync(id));
        input.Status = ServiceStatus.Inactive;
        await coordinator.UpdateServiceAsync(id, input);
        Assert.Equal(0, Cell(await coordinator.CoverageAsync(), "HMP Durham", "Life Skills and Offending Behaviour"));

        var types = await coordinator.CoverageAsync(Taxonomy.ServiceTypesSlug);
        Assert.Equal(1, Cell(types, "HMP Low Newton", "Visitor centre"));
        Assert.Equal(0, Cell(types, "HMP Kirklevington Grange", "Visitor centre"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Csv_export_lists_every_service_of_the_search_once_in_its_order(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var directory = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var query = new DirectoryQuery { Sort = DirectorySort.Organisation, PageSize = 100 };
        var expected = (await directory.SearchAsync(query)).Items.Select(i => i.Name).ToList();
        Assert.True(expected.Count > 5);

        var lines = (await directory.ExportCsvAsync(query)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Service,Organisation,", lines[0]);
        Assert.Equal(expected.Count + 1, lines.Length);
        Assert.All(expected.Select((name, i) => (name, line: lines[i + 1])), x => Assert.True(x.line.StartsWith(x.name, StringComparison.Ordinal)
            || x.line.StartsWith('"' + x.name, StringComparison.Ordinal), $"{x.line} should be {x.name}"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Text_search_follows_a_renamed_organisation_and_ignores_case_beyond_ascii(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.ActorAsync(Coordinator);
        var directory = app.As<DirectoryService>(coordinator);
        int nepacs;
        string[] mentioningNepacs;
        await using (var db = await app.DbAsync())
        {
            nepacs = await db.Organisations.Where(o => o.Name == "NEPACS").Select(o => o.Id).SingleAsync();
            mentioningNepacs = (await db.Services.Select(s => new { s.Name, s.Description }).ToListAsync())
                .Where(s => (s.Name + s.Description).Contains("nepacs", StringComparison.OrdinalIgnoreCase)).Select(s => s.Name).ToArray();
        }
        var theirs = (await directory.SearchAsync(new DirectoryQuery { OrganisationId = nepacs })).Items.Select(i => i.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(theirs);
        Assert.Equal(theirs, (await directory.SearchAsync(new DirectoryQuery { Text = "nepacs" })).Items.Select(i => i.Name).Order(StringComparer.Ordinal));

        var organisations = app.As<OrganisationService>(coordinator);
        var input = OrganisationInput.From(await directory.GetOrganisationAsync(nepacs));
        input.Name = "North East Families Charity";
        await organisations.UpdateAsync(nepacs, input);

        Assert.Equal(theirs, (await directory.SearchAsync(new DirectoryQuery { Text = "NORTH EAST families" })).Items.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(mentioningNepacs.Order(StringComparer.Ordinal), (await directory.SearchAsync(new DirectoryQuery { Text = "nepacs" })).Items.Select(i => i.Name).Order(StringComparer.Ordinal));

        // Lower-cased by .NET, not by the database: SQLite's lower() leaves capitals outside ASCII as they are.
        var id = await ServiceIdAsync(app, "Restorative justice projects");
        var service = ServiceInput.From(await directory.GetServiceAsync(id));
        service.Description += " Ouvert à tous: ÉCOUTE et médiation.";
        await directory.UpdateServiceAsync(id, service);
        Assert.Equal("Restorative justice projects", Assert.Single((await directory.SearchAsync(new DirectoryQuery { Text = "écoute" })).Items).Name);
        Assert.Equal(1, (await app.As<OpenDataService>(coordinator).ServicesAsync(new OpenServiceQuery(1, 50, "Écoute", null, null, null))).TotalItems);
    }

    /// <summary>The matrix counted from the listings themselves, without the derived coverage rows.</summary>
    private static async Task<int[][]> RecountAsync(TestApp app, CoverageMatrix shape, string taxonomySlug)
    {
        await using var db = await app.DbAsync();
        var links = await (
            from s in db.Services
            where s.Status == ServiceStatus.Active && s.IsPublished
            from t in s.Terms
            where t.TaxonomyTerm.Taxonomy.Slug == taxonomySlug
            from l in s.Locations
            where l.Location.PrisonId != null
            select new { PrisonId = l.Location.PrisonId!.Value, t.TaxonomyTermId }).ToListAsync();
        return shape.Rows.Select(r => shape.Columns.Select(c => links.Count(x => x.PrisonId == r.PrisonId && x.TaxonomyTermId == c.TermId)).ToArray()).ToArray();
    }

    private static async Task AssertCoverageIsCountedAfreshAsync(TestApp app, DirectoryService directory)
    {
        foreach (var slug in new[] { Taxonomy.PathwaysSlug, Taxonomy.ServiceTypesSlug })
        {
            var matrix = await directory.CoverageAsync(slug);
            Assert.Equal(await RecountAsync(app, matrix, slug), matrix.Rows.Select(r => r.Counts.ToArray()).ToArray());
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coverage_follows_every_kind_of_listing_change_and_agrees_with_a_fresh_count(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var other = app.AnotherHost();
        var coordinatorActor = await app.ActorAsync(Coordinator);
        var here = app.As<DirectoryService>(coordinatorActor);
        var there = other.As<DirectoryService>(await other.ActorAsync(Coordinator));
        var editorActor = await app.ActorAsync(Provider);
        var editor = app.As<DirectoryService>(editorActor);
        int Cell(CoverageMatrix m, string prison, string column) =>
            m.Rows.Single(r => r.Prison == prison).Counts[m.Columns.ToList().FindIndex(c => c.Name == column)];
        const string lifeSkills = "Life Skills and Offending Behaviour";
        await AssertCoverageIsCountedAfreshAsync(app, here);
        Assert.Equal(1, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));

        // Only the service's prisons change (link rows, not the service row), saved through another instance.
        var id = await ServiceIdAsync(app, "Restorative justice projects");
        var input = ServiceInput.From(await there.GetServiceAsync(id));
        var durham = (await there.GetServiceAsync(id)).Locations.Single(l => l.Name == "HMP Durham").Id;
        input.LocationIds.Remove(durham);
        await there.UpdateServiceAsync(id, input);
        Assert.Equal(0, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));
        input = ServiceInput.From(await there.GetServiceAsync(id));
        input.LocationIds.Add(durham);
        await there.UpdateServiceAsync(id, input);
        Assert.Equal(1, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));

        // A new listing is counted from the save that publishes it: at once for the coordinator, on approval for an editor.
        var lifeSkillsTerm = (await here.TermsAsync(Taxonomy.PathwaysSlug)).Single(t => t.Name == lifeSkills).Id;
        await here.CreateServiceAsync(editorActor.OrganisationId!.Value,
            new ServiceInput { Name = "Thinking skills group", Description = "A weekly group.", LocationIds = [durham], TermIds = [lifeSkillsTerm] });
        Assert.Equal(2, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));
        var (newId, _) = await editor.CreateServiceAsync(editorActor.OrganisationId!.Value,
            new ServiceInput { Name = "Anger management course", Description = "Six sessions.", LocationIds = [durham], TermIds = [lifeSkillsTerm] });
        Assert.Equal(2, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));
        var pending = Assert.Single(await here.PendingChangesAsync());
        await here.ApproveAsync(pending.Id, pending.Version);
        Assert.Equal(3, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));
        await AssertCoverageIsCountedAfreshAsync(app, here);

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
        Assert.Equal(3, Cell(await here.CoverageAsync(), "HMP Durham", lifeSkills));
        Assert.Equal(ServiceStatus.Active, (await here.GetServiceAsync(newId)).Status);

        // A location that becomes a prison's (or stops being one) recounts every listing.
        await using (var db = await app.DbAsync())
        {
            var location = await db.Locations.SingleAsync(l => l.Id == durham);
            location.PrisonId = null;
            await db.SaveChangesAsync();
        }
        Assert.All((await here.CoverageAsync()).Rows.Single(r => r.Prison == "HMP Durham").Counts, c => Assert.Equal(0, c));
        await AssertCoverageIsCountedAfreshAsync(app, here);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coordinator_extends_the_service_types_and_nobody_else_can(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var editor = app.As<DirectoryService>(await app.ActorAsync(Provider));

        await coordinator.AddServiceTypeAsync("Peer mentoring");
        await Assert.ThrowsAsync<ForbiddenException>(() => editor.AddServiceTypeAsync("Something else"));
        var dup = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.AddServiceTypeAsync("peer mentoring"));
        Assert.True(dup.Errors.ContainsKey("Name"));

        Assert.Contains(await coordinator.TermsAsync(Taxonomy.ServiceTypesSlug), t => t.Name == "Peer mentoring");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task New_listing_from_an_editor_stays_out_of_the_public_directory_until_approved(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editorActor = await app.ActorAsync(Provider);
        var editor = app.As<DirectoryService>(editorActor);
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var anonymous = app.As<DirectoryService>(Actor.Anonymous);
        var durham = (await editor.PrisonsAsync()).Single(p => p.Name == "HMP Durham").LocationId;

        var (id, outcome) = await editor.CreateServiceAsync(editorActor.OrganisationId!.Value,
            new ServiceInput { Name = "Homework club in visits", Description = "Help with homework during family visits.", LocationIds = [durham] });

        Assert.Equal(SaveOutcome.SubmittedForReview, outcome);
        await Assert.ThrowsAsync<NotFoundException>(() => anonymous.GetServiceAsync(id));
        Assert.Equal(0, (await anonymous.SearchAsync(new DirectoryQuery { Text = "homework" })).TotalItems);
        var pending = Assert.Single(await coordinator.PendingChangesAsync());
        Assert.True(pending.IsNewListing);

        await coordinator.ApproveAsync(pending.Id, pending.Version);
        Assert.Equal("Homework club in visits", (await anonymous.GetServiceAsync(id)).Name);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Home_summary_shows_editors_their_due_listings_and_returned_changes_and_the_coordinator_pending_reviews(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = app.As<DirectoryService>(await app.ActorAsync(Provider));
        var coordinator = app.As<DirectoryService>(await app.ActorAsync(Coordinator));
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var input = ServiceInput.From(await editor.GetServiceAsync(id));
        input.Languages = "English, Polish";
        await editor.UpdateServiceAsync(id, input);
        Assert.Equal(1, (await coordinator.HomeSummaryAsync()).PendingReviews);
        var pending = Assert.Single(await coordinator.PendingChangesAsync());
        await coordinator.ReturnAsync(pending.Id, "Which centres have Polish speakers?", pending.Version);

        var summary = await editor.HomeSummaryAsync();

        Assert.Equal("Family support and play in visits halls", Assert.Single(summary.DueForReview).Name);
        var returned = Assert.Single(summary.Returned);
        Assert.Equal("Which centres have Polish speakers?", returned.Comment);
        Assert.Equal(0, summary.PendingReviews);
        Assert.Equal(0, (await coordinator.HomeSummaryAsync()).PendingReviews);
    }
}
