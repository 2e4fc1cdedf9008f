using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory;

public sealed class OrganisationServiceTests
{
    private static RegistrationInput Registration(string name = "Tyneside Family Links", string email = "jo@familylinks.example") => new()
    {
        Organisation = new OrganisationInput
        {
            Name = name, Description = "Volunteers supporting families of prisoners at HMP Durham.", Website = "https://familylinks.example",
            CharityNumber = "1187654",
        },
        ContactName = "Jo Robson", ContactEmail = email, Password = "Family-Links-2026!",
    };

    private static async Task<OrganisationDetail> OrganisationAsync(TestApp app, Actor actor, string name)
    {
        await using var db = await app.DbAsync();
        var id = await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
        return await app.As<OrganisationService>(actor).GetOrganisationAsync(id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Editors_change_only_their_own_organisations_details_and_a_stale_save_is_refused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = await app.EditorAsync();
        var nepacs = await OrganisationAsync(app, editor, "NEPACS");
        var pact = await OrganisationAsync(app, editor, "Pact");
        Assert.True(nepacs.CanEdit);
        Assert.False(pact.CanEdit);

        var theirs = OrganisationInput.From(pact);
        theirs.Description = "Hijacked";
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<OrganisationService>(editor).UpdateAsync(pact.Id, theirs));

        var mine = OrganisationInput.From(nepacs);
        mine.Phone = "0191 332 1000";
        await app.As<OrganisationService>(editor).UpdateAsync(nepacs.Id, mine);
        var coordinatorCopy = OrganisationInput.From(nepacs); // read before the editor saved
        coordinatorCopy.Phone = "0191 999 9999";
        var coordinator = app.As<OrganisationService>(await app.CoordinatorAsync());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => coordinator.UpdateAsync(nepacs.Id, coordinatorCopy));

        Assert.Equal("0191 332 1000", (await OrganisationAsync(app, editor, "NEPACS")).Phone);
        Assert.Equal(pact.Description, (await OrganisationAsync(app, editor, "Pact")).Description);
        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Organisation) && a.EntityId == nepacs.Id.ToString()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_organisation_details_are_refused_field_by_field(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var nepacs = await OrganisationAsync(app, coordinator, "NEPACS");
        var input = OrganisationInput.From(nepacs);
        input.Name = "pact"; // another organisation's name, in another case
        input.Website = "ftp://nepacs";
        input.CharityNumber = "12";
        input.CompanyNumber = "ABC";

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<OrganisationService>(coordinator).UpdateAsync(nepacs.Id, input));

        Assert.Equal(["CharityNumber", "CompanyNumber", "Name", "Website"], e.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_self_registered_organisation_stays_pending_until_the_coordinator_approves_and_links_the_account(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await app.CoordinatorAsync(); // there is a coordinator to tell
        var registrations = app.As<OrganisationService>(Actor.Anonymous);
        await registrations.RegisterAsync(Registration());

        // Pending: not in the public API or the pickers, and the account has no role.
        var applicant = await app.ActorAsync("jo@familylinks.example");
        Assert.Empty(applicant.Roles);
        Assert.Null(applicant.OrganisationId);
        Assert.Equal(RegistrationStatus.Pending, (await app.As<OrganisationService>(applicant).MyRegistrationAsync())!.Status);
        var coordinator = await app.CoordinatorAsync();
        Assert.DoesNotContain(await app.As<OrganisationService>(coordinator).OptionsAsync(), o => o.Name == "Tyneside Family Links");
        // Not even the coordinator can list services for it yet: only active organisations have listings.
        int pendingId;
        await using (var db = await app.DbAsync())
            pendingId = await db.Organisations.Where(o => o.Name == "Tyneside Family Links").Select(o => o.Id).SingleAsync();
        var early = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            app.As<ListingEditService>(coordinator).CreateServiceAsync(pendingId, new ServiceInput { Name = "Family links", Description = "Support at visits." }));
        Assert.Contains("not been approved", early.Errors[""], StringComparison.Ordinal);
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<OrganisationService>(applicant).RegistrationsAsync());
        await using (var db = await app.DbAsync())
        {
            var coordinatorId = coordinator.UserId;
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientId == coordinatorId && n.Kind == "directory-registration"));
        }

        var row = Assert.Single(await app.As<OrganisationService>(coordinator).RegistrationsAsync());
        Assert.Equal(("Tyneside Family Links", "Jo Robson"), (row.Organisation, row.ContactName));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<OrganisationService>(applicant).ApproveRegistrationAsync(row.Id, row.Version));
        await app.As<OrganisationService>(coordinator).ApproveRegistrationAsync(row.Id, row.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => app.As<OrganisationService>(coordinator).DeclineRegistrationAsync(row.Id, "Too late", row.Version));

        var editor = await app.ActorAsync("jo@familylinks.example");
        Assert.Contains(Roles.ProviderEditor, editor.Roles);
        Assert.Equal(row.OrganisationId, editor.OrganisationId);
        Assert.Contains(await app.As<OrganisationService>(coordinator).OptionsAsync(), o => o.Name == "Tyneside Family Links");
        var (_, outcome) = await app.As<ListingEditService>(editor).CreateServiceAsync(row.OrganisationId, new ServiceInput { Name = "Family links", Description = "Support at visits." });
        Assert.Equal(SaveOutcome.SubmittedForReview, outcome);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_declined_registration_keeps_the_record_and_shows_the_reason_and_duplicates_are_refused(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var anonymous = app.As<OrganisationService>(Actor.Anonymous);
        await anonymous.RegisterAsync(Registration());

        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => anonymous.RegisterAsync(Registration("NEPACS", "someone@else.example")));
        Assert.Equal(["Organisation.Name"], duplicate.Errors.Keys.Order(StringComparer.Ordinal));
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => anonymous.RegisterAsync(new RegistrationInput { ContactEmail = "x", Password = "short" }));
        Assert.Equal(["ContactEmail", "ContactName", "Organisation.Description", "Organisation.Name", "Password"], bad.Errors.Keys.Order(StringComparer.Ordinal));

        var coordinator = app.As<OrganisationService>(await app.CoordinatorAsync());
        var row = Assert.Single(await coordinator.RegistrationsAsync());
        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.DeclineRegistrationAsync(row.Id, " ", row.Version));
        Assert.Equal("Comment", Assert.Single(noReason.Errors).Key);
        await coordinator.DeclineRegistrationAsync(row.Id, "We could not confirm the charity number.", row.Version);

        var applicant = await app.ActorAsync("jo@familylinks.example");
        var mine = await app.As<OrganisationService>(applicant).MyRegistrationAsync();
        Assert.Equal((RegistrationStatus.Declined, "We could not confirm the charity number."), (mine!.Status, mine.Comment));
        Assert.Empty(applicant.Roles);
        await using var db = await app.DbAsync();
        Assert.Equal(OrganisationStatus.Inactive, await db.Organisations.Where(o => o.Id == row.OrganisationId).Select(o => o.Status).SingleAsync());
        Assert.Empty(await coordinator.RegistrationsAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Registering_with_an_email_that_has_an_account_answers_as_for_a_new_one_and_tells_the_owner_instead(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinatorEmail = PeopleBuilders.EmailOf((await app.CoordinatorAsync()).Name);
        var anonymous = app.As<OrganisationService>(Actor.Anonymous);
        int organisations, users;
        await using (var db = await app.DbAsync()) (organisations, users) = (await db.Organisations.CountAsync(), await db.Users.CountAsync());

        // No error names the address: the same quiet success a new address gets, twice in a day.
        Assert.Null(await anonymous.RegisterAsync(Registration("Wearside Family Links", coordinatorEmail)));
        Assert.Null(await anonymous.RegisterAsync(Registration("Wearside Family Links", coordinatorEmail)));
        Assert.NotNull(await anonymous.RegisterAsync(Registration()));

        await using var after = await app.DbAsync();
        Assert.Equal(organisations + 1, await after.Organisations.CountAsync());
        Assert.Equal(users + 1, await after.Users.CountAsync());
        Assert.False(await after.Organisations.AnyAsync(o => o.Name == "Wearside Family Links"));
        var owner = (await app.CoordinatorAsync()).UserId;
        var told = await after.Notifications.Where(n => n.RecipientId == owner && n.DedupKey.StartsWith("registration-attempt:")).ToListAsync();
        Assert.Contains("Wearside Family Links", Assert.Single(told).Body, StringComparison.Ordinal);
    }
}
