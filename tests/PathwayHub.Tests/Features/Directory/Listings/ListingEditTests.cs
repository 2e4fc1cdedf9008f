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

namespace PathwayHub.Tests.Features.Directory.Listings;

/// <summary>Adding and changing listings: who may, stale versions, and bad input.</summary>
public sealed class ListingEditTests
{

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Provider_editor_cannot_change_another_organisations_service_and_nothing_changes(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var nepacsEditor = new DirectoryAs(app, await app.EditorAsync());
        var id = await ServiceIdAsync(app, "Building Stronger Families");
        var before = await nepacsEditor.Listings.GetServiceAsync(id);
        Assert.False(before.CanEdit);

        var input = ServiceInput.From(before);
        input.Description = "Taken over by someone else";
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsEditor.Editing.UpdateServiceAsync(id, input));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsEditor.Editing.ConfirmStillAccurateAsync(id, before.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => nepacsEditor.Editing.CreateServiceAsync(before.OrganisationId, input));

        await using var db = await app.DbAsync();
        Assert.Equal(before.Description, await db.Services.Where(s => s.Id == id).Select(s => s.Description).SingleAsync());
        Assert.Equal(0, await db.ChangeRequests.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Second_save_from_a_stale_version_is_refused_and_nothing_is_overwritten(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var first = new DirectoryAs(app, await app.CoordinatorAsync());
        var second = new DirectoryAs(app, await app.EditorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var loaded = await first.Listings.GetServiceAsync(id);
        var a = ServiceInput.From(loaded);
        var b = ServiceInput.From(loaded);
        a.Description = "First person's description.";
        b.Description = "Second person's description.";

        Assert.Equal(SaveOutcome.Published, await first.Editing.UpdateServiceAsync(id, a));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.Editing.UpdateServiceAsync(id, b));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.Editing.ConfirmStillAccurateAsync(id, loaded.Version));

        var after = await first.Listings.GetServiceAsync(id);
        Assert.Equal("First person's description.", after.Description);
        Assert.Empty(await first.Review.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Still_accurate_sets_the_assured_date_to_today_without_review(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Family support and play in visits halls");
        var before = await editor.Listings.GetServiceAsync(id);
        Assert.True(before.DueForReview);

        await editor.Editing.ConfirmStillAccurateAsync(id, before.Version);

        var after = await editor.Listings.GetServiceAsync(id);
        Assert.Equal(DateOnly.FromDateTime(TestApp.Now.UtcDateTime), after.AssuredDate);
        Assert.False(after.DueForReview);
        Assert.Empty(await coordinator.Review.PendingChangesAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_input_is_refused_field_by_field(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var input = ServiceInput.From(await coordinator.Listings.GetServiceAsync(id));
        input.Name = "";
        input.Email = "not an email";
        input.MinimumAge = 18;
        input.MaximumAge = 10;

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.Editing.UpdateServiceAsync(id, input));

        Assert.Equal(new[] { nameof(ServiceInput.Email), nameof(ServiceInput.MaximumAge), nameof(ServiceInput.Name) }, e.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
