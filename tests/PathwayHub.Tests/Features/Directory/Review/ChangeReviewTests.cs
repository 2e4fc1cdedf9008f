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

namespace PathwayHub.Tests.Features.Directory.Review;

/// <summary>The coordinator's review of editors' changes, and what each editor has to review.</summary>
public sealed class ChangeReviewTests
{

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Editors_change_to_a_published_service_waits_for_review_and_is_published_on_approval(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var before = await editor.Listings.GetServiceAsync(id);
        var input = ServiceInput.From(before);
        input.Description = "Open before and after every visit, with refreshments.";
        input.Languages = "English, Polish";

        Assert.Equal(SaveOutcome.SubmittedForReview, await editor.Editing.UpdateServiceAsync(id, input));

        var unchanged = await editor.Listings.GetServiceAsync(id, publishedOnly: true);
        Assert.Equal(before.Description, unchanged.Description);
        var pending = Assert.Single(await coordinator.Review.PendingChangesAsync());
        Assert.Equal("NEPACS", pending.Organisation);
        var description = Assert.Single(pending.Changes, c => c.Field == nameof(ServiceInput.Description));
        Assert.Equal(before.Description, description.Old);
        Assert.Equal(input.Description, description.New);
        Assert.Contains(pending.Changes, c => c.Field == nameof(ServiceInput.Languages) && c.Old == "English" && c.New == "English, Polish");
        Assert.Equal(2, pending.Changes.Count);

        await Assert.ThrowsAsync<ForbiddenException>(() => editor.Review.ApproveAsync(pending.Id, pending.Version));
        await coordinator.Review.ApproveAsync(pending.Id, pending.Version);

        var after = await editor.Listings.GetServiceAsync(id, publishedOnly: true);
        Assert.Equal(input.Description, after.Description);
        Assert.Equal("English, Polish", after.Languages);
        Assert.Empty(await coordinator.Review.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Returned_change_leaves_the_listing_and_the_editor_sees_the_comment(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var before = await editor.Listings.GetServiceAsync(id);
        var input = ServiceInput.From(before);
        input.FeesDescription = "£2 for refreshments.";
        await editor.Editing.UpdateServiceAsync(id, input);
        var pending = Assert.Single(await coordinator.Review.PendingChangesAsync());

        var blank = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.Review.ReturnAsync(pending.Id, " ", pending.Version));
        Assert.True(blank.Errors.ContainsKey("Comment"));
        await coordinator.Review.ReturnAsync(pending.Id, "Refreshments are free at every centre: please check.", pending.Version);

        var after = await editor.Listings.GetServiceAsync(id);
        Assert.Equal("Free.", after.FeesDescription);
        Assert.Null(after.PendingChange);
        Assert.Equal("Refreshments are free at every centre: please check.", after.LastReturnedChange?.ReviewComment);
        Assert.Empty(await coordinator.Review.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task New_listing_from_an_editor_stays_out_of_the_public_directory_until_approved(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editorActor = await app.EditorAsync();
        var editor = new DirectoryAs(app, editorActor);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var anonymous = new DirectoryAs(app, Actor.Anonymous);
        var durham = (await editor.Listings.PrisonsAsync()).Single(p => p.Name == "HMP Durham").LocationId;

        var (id, outcome) = await editor.Editing.CreateServiceAsync(editorActor.OrganisationId!.Value,
            new ServiceInput { Name = "Homework club in visits", Description = "Help with homework during family visits.", LocationIds = [durham] });

        Assert.Equal(SaveOutcome.SubmittedForReview, outcome);
        await Assert.ThrowsAsync<NotFoundException>(() => anonymous.Listings.GetServiceAsync(id));
        Assert.Equal(0, (await anonymous.Listings.SearchAsync(new DirectoryQuery { Text = "homework" })).TotalItems);
        var pending = Assert.Single(await coordinator.Review.PendingChangesAsync());
        Assert.True(pending.IsNewListing);

        await coordinator.Review.ApproveAsync(pending.Id, pending.Version);
        Assert.Equal("Homework club in visits", (await anonymous.Listings.GetServiceAsync(id)).Name);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Home_summary_shows_editors_their_due_listings_and_returned_changes_and_the_coordinator_pending_reviews(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var input = ServiceInput.From(await editor.Listings.GetServiceAsync(id));
        input.Languages = "English, Polish";
        await editor.Editing.UpdateServiceAsync(id, input);
        Assert.Equal(1, (await coordinator.Review.HomeSummaryAsync()).PendingReviews);
        var pending = Assert.Single(await coordinator.Review.PendingChangesAsync());
        await coordinator.Review.ReturnAsync(pending.Id, "Which centres have Polish speakers?", pending.Version);

        var summary = await editor.Review.HomeSummaryAsync();

        Assert.Equal("Family support and play in visits halls", Assert.Single(summary.DueForReview).Name);
        var returned = Assert.Single(summary.Returned);
        Assert.Equal("Which centres have Polish speakers?", returned.Comment);
        Assert.Equal(0, summary.PendingReviews);
        Assert.Equal(0, (await coordinator.Review.HomeSummaryAsync()).PendingReviews);
    }
}
