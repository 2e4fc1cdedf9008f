using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Features.Directory.Listings;

/// <summary>Contacts, session times and evidence of impact are part of a listing and go through the same review.</summary>
public sealed class ServiceChildrenTests
{

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Editors_contacts_sessions_and_evidence_wait_for_review_and_keep_public_ids_on_approval(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var input = ServiceInput.From(await editor.Listings.GetServiceAsync(id));
        input.Contacts = [new() { Name = "Visitor centre manager", Email = "centres@nepacs.example", Phone = "0191 000 0000" }];
        input.Schedules = [new() { Description = "Before and after every visit", ByDay = "tu, th", OpensAt = "13:00", ClosesAt = "16:30" }];
        input.Evidence = [new() { Summary = "Families felt better prepared for visits.", Date = new DateOnly(2025, 6, 1), Source = "NEPACS survey" }];
        Assert.Equal(SaveOutcome.SubmittedForReview, await editor.Editing.UpdateServiceAsync(id, input));

        var pending = Assert.Single(await coordinator.Review.PendingChangesAsync());
        Assert.Equal("Visitor centre manager, centres@nepacs.example, 0191 000 0000", Assert.Single(pending.Changes, c => c.Field == "Contacts").New);
        Assert.Equal("Before and after every visit tu, th 13:00-16:30", Assert.Single(pending.Changes, c => c.Field == "Schedules").New);
        Assert.Contains("Families felt better prepared", Assert.Single(pending.Changes, c => c.Field == "Evidence").New, StringComparison.Ordinal);
        Assert.DoesNotContain((await editor.Listings.GetServiceAsync(id, publishedOnly: true)).Contacts, c => c.Name == "Visitor centre manager");

        await coordinator.Review.ApproveAsync(pending.Id, pending.Version);
        var published = await editor.Listings.GetServiceAsync(id, publishedOnly: true);
        var contact = Assert.Single(published.Contacts);
        Assert.Equal(("Visitor centre manager", "centres@nepacs.example"), (contact.Name, contact.Email));
        var session = Assert.Single(published.Schedules);
        Assert.Equal(("TU,TH", "13:00", "16:30"), (session.ByDay, session.OpensAt, session.ClosesAt));
        Assert.Equal("NEPACS survey", Assert.Single(published.Evidence).Source);

        // Editing the contact's phone keeps the contact row (and its open data id); adding one adds a row.
        await using (var db = await app.DbAsync())
        {
            var before = await db.Contacts.Where(c => c.ServiceId == id).Select(c => c.PublicId).SingleAsync();
            var again = ServiceInput.From(await coordinator.Listings.GetServiceAsync(id));
            again.Contacts[0].Phone = "0191 111 1111";
            again.Contacts.Add(new() { Name = "Family support lead" });
            await coordinator.Editing.UpdateServiceAsync(id, again);
            var after = await db.Contacts.Where(c => c.ServiceId == id).OrderBy(c => c.Id).Select(c => new { c.PublicId, c.Phone }).ToListAsync();
            Assert.Equal(2, after.Count);
            Assert.Equal(before, after[0].PublicId);
            Assert.Equal("0191 111 1111", after[0].Phone);
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_contacts_sessions_and_evidence_are_refused_row_by_row_and_nothing_changes(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, "Prison visitor centres");
        var before = await coordinator.Listings.GetServiceAsync(id);
        var input = ServiceInput.From(before);
        input.Contacts = [new() { Name = "", Email = "nope" }];
        input.Schedules = [new() { Description = "Weekends", ByDay = "SAT", OpensAt = "10:00", ClosesAt = "09:00" }];
        input.Evidence = [new() { Summary = "", SourceUrl = "javascript:alert(1)" }];

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.Editing.UpdateServiceAsync(id, input));

        Assert.Equal(
            ["Contacts[0].Email", "Contacts[0].Name", "Evidence[0].SourceUrl", "Evidence[0].Summary", "Schedules[0].ByDay", "Schedules[0].ClosesAt"],
            e.Errors.Keys.Order(StringComparer.Ordinal));
        var after = await coordinator.Listings.GetServiceAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Contacts, after.Contacts);
    }
}
