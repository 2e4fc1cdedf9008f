using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Security;

namespace PathwayHub.Web.Features.Directory;

public sealed record OrganisationOption(int Id, string Name, Sector Sector);

/// <summary>An organisation as the public directory shows it: what the open data API publishes, with its public listings.</summary>
public sealed record PublicOrganisation(string Name, string Description, string? Website, string? Email, string? Phone, IReadOnlyList<PublicListing> Services);

public sealed record PublicListing(int Id, string Name);

public sealed record OrganisationDetail(int Id, Guid PublicId, string Name, string Description, string? Website, string? Email, string? Phone,
    string? CharityNumber, string? CompanyNumber, OrganisationStatus Status, bool CanEdit, IReadOnlyList<ServiceRow> Services, Guid Version);

/// <summary>An organisation's public details, as its editors and the coordinator change them.</summary>
public sealed class OrganisationInput
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string? Website { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? CharityNumber { get; set; }
    public string? CompanyNumber { get; set; }
    public Guid Version { get; set; }

    public static OrganisationInput From(OrganisationDetail o) => new()
    {
        Name = o.Name, Description = o.Description, Website = o.Website, Email = o.Email, Phone = o.Phone,
        CharityNumber = o.CharityNumber, CompanyNumber = o.CompanyNumber, Version = o.Version,
    };
}

/// <summary>What a new organisation enters to join the directory: its details and the account of the person registering it.</summary>
public sealed class RegistrationInput
{
    public OrganisationInput Organisation { get; set; } = new();
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed record RegistrationRow(int Id, int OrganisationId, string Organisation, string Description, string? Website, string? CharityNumber,
    string? CompanyNumber, string ContactName, string ContactEmail, DateTime SubmittedAtUtc, Guid Version);

public sealed record MyRegistration(string Organisation, RegistrationStatus Status, string? Comment);

/// <summary>
/// Organisations: names for forms, profile editing (the organisation's own provider editors and the coordinator, applied at
/// once and kept in the audit trail), and self-registration, which waits for a coordinator to approve it and link the account.
/// </summary>
public sealed partial class OrganisationService(IDbContextFactory<AppDbContext> dbs, IServiceScopeFactory scopes, CurrentUser user, TimeProvider clock,
    RegistrationThrottle registrations, ListingSearchService listings)
{
    public async Task<OrganisationDetail> GetOrganisationAsync(int id, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var o = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        // An organisation the actor may not see answers as if it did not exist: ids are sequential.
        if (o is null || !DirectoryAccess.CanSeeOrganisation(actor, o.Id, o.Status)) throw new NotFoundException("That organisation is not in the directory.");
        var services = await listings.SearchAsync(new DirectoryQuery { OrganisationId = id, PageSize = 100 }, ct);
        return new OrganisationDetail(o.Id, o.PublicId, o.Name, o.Description, o.Website, o.Email, o.Phone, o.CharityNumber, o.CompanyNumber, o.Status,
            DirectoryAccess.CanEdit(actor, o.Id), services.Items, o.Version);
    }


    /// <summary>
    /// An organisation for anyone, signed in or not, as the open data API publishes it (<see cref="OpenDataPolicy.PublishedOrganisation"/>:
    /// approved, with a published listing), with its public listings; any other answers as if it did not exist.
    /// </summary>
    public async Task<PublicOrganisation> GetPublicOrganisationAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var o = await db.Organisations.AsNoTracking().Where(OpenDataPolicy.PublishedOrganisation).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("That organisation is not in the directory.");
        var services = await db.Services.AsNoTracking().Where(OpenDataPolicy.PublishedService).Where(s => s.OrganisationId == id)
            .OrderBy(s => s.Name).Select(s => new PublicListing(s.Id, s.Name)).ToListAsync(ct);
        return new PublicOrganisation(o.Name, o.Description, o.Website, o.Email, o.Phone, services);
    }

    /// <summary>Organisations to choose from in forms; any signed-in user may read the names.</summary>
    public async Task<IReadOnlyList<OrganisationOption>> OptionsAsync(CancellationToken ct = default)
    {
        user.Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Organisations.AsNoTracking().Where(DirectoryAccess.ChoosableOrganisations(user.Actor)).OrderBy(o => o.Name)
            .Select(o => new OrganisationOption(o.Id, o.Name, o.Sector)).ToListAsync(ct);
    }

    /// <summary>Changes an organisation's details. A stale <see cref="OrganisationInput.Version"/> is refused.</summary>
    public async Task<Guid> UpdateAsync(int id, OrganisationInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        if (!DirectoryAccess.CanEdit(actor, id))
            throw new ForbiddenException("Only the organisation's own provider editors and the coordinator can change its details.");
        await using var db = await dbs.OpenAsync(actor, ct);
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("That organisation is not in the directory.");
        if (org.Version != input.Version) throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
        var errors = Validate(input);
        if (!errors.ContainsKey(nameof(input.Name)) && await NameTakenAsync(db, input.Name, id, ct))
            errors[nameof(input.Name)] = "Another organisation in the directory has this name.";
        ValidationFailedException.ThrowIfAny(errors);
        db.Entry(org).Property(o => o.Version).OriginalValue = input.Version;
        Apply(org, input);
        await db.SaveChangesOrConflictAsync(ct);
        return org.Version;
    }

    /// <summary>
    /// A new organisation registers itself (no sign-in needed). The organisation is pending and the new account has no role
    /// until a coordinator approves; coordinators are told through the notification outbox. An email address that already has
    /// an account gets the same answer as a new one, so the form cannot be used to find out who has an account: nothing is
    /// created and the account's owner is told instead (once a day at most). Returns the registration's id, or null then.
    /// </summary>
    public async Task<int?> RegisterAsync(RegistrationInput input, CancellationToken ct = default)
    {
        registrations.Enter(); // per client address; every submission counts, valid or not, so it also bounds probing for known emails
        var errors = Validate(input.Organisation).ToDictionary(e => $"{nameof(input.Organisation)}.{e.Key}", e => e.Value);
        var email = input.ContactEmail?.Trim() ?? "";
        if (string.IsNullOrWhiteSpace(input.ContactName)) errors[nameof(input.ContactName)] = "Enter your name.";
        else if (input.ContactName.Trim().Length > 200) errors[nameof(input.ContactName)] = "Your name must be 200 characters or fewer.";
        if (!FieldRules.IsEmail(email)) errors[nameof(input.ContactEmail)] = "Enter your email address in the correct format, like name@example.org.";
        if (string.IsNullOrEmpty(input.Password) || input.Password.Length < 10) errors[nameof(input.Password)] = "Choose a password of at least 10 characters.";

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Actor = Actor.System with { Name = $"registration by {input.ContactName?.Trim()}" };
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (!errors.ContainsKey("Organisation.Name") && await NameTakenAsync(db, input.Organisation.Name, null, ct))
            errors["Organisation.Name"] = "An organisation with this name is already in the directory. Ask its provider editors or the coordinator for access.";
        ValidationFailedException.ThrowIfAny(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            await NotificationService.EnqueueAsync(db, [new OutgoingNotification(existing.Id, NotificationKinds.DirectoryRegistration,
                $"registration-attempt:user:{existing.Id}:{now:yyyy-MM-dd}", "Someone tried to register an organisation with your email address",
                $"Your email address was entered on the directory's registration form for \"{input.Organisation.Name.Trim()}\". You already have an account, "
                + "so nothing was created. If it was you, sign in and ask the regional coordinator to link your account to your organisation; if not, you need do nothing.",
                "/")], now, ct);
            return null;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var org = new Organisation { Sector = Sector.VCS, Status = OrganisationStatus.Pending };
        Apply(org, input.Organisation);
        db.Organisations.Add(org);
        await db.SaveChangesAsync(ct);

        var account = new AppUser { UserName = email, Email = email, DisplayName = input.ContactName!.Trim() };
        var created = await users.CreateAsync(account, input.Password);
        if (!created.Succeeded)
        {
            ValidationFailedException.ThrowIfAny(new Dictionary<string, string>
            {
                [created.Errors.Any(e => e.Code.Contains("Password", StringComparison.Ordinal)) ? nameof(input.Password) : nameof(input.ContactEmail)] =
                    string.Join(" ", created.Errors.Select(e => e.Description)),
            });
        }
        var registration = new OrganisationRegistration
        {
            OrganisationId = org.Id, UserId = account.Id, ContactName = account.DisplayName, ContactEmail = email,
            Status = RegistrationStatus.Pending, SubmittedAtUtc = now,
        };
        db.OrganisationRegistrations.Add(registration);
        await db.SaveChangesAsync(ct);

        var coordinators = await CoordinatorIdsAsync(db, ct);
        await NotificationService.EnqueueAsync(db, coordinators.Select(id => new OutgoingNotification(id, NotificationKinds.DirectoryRegistration,
            $"registration:{registration.Id}:user:{id}", $"{org.Name} asks to join the directory",
            $"{account.DisplayName} ({email}) registered {org.Name}. Approve the registration to link their account as its provider editor.",
            "/directory/changes")), now, ct);
        await tx.CommitAsync(ct);
        return registration.Id;
    }

    public async Task<IReadOnlyList<RegistrationRow>> RegistrationsAsync(CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.OrganisationRegistrations.AsNoTracking().Where(r => r.Status == RegistrationStatus.Pending).OrderBy(r => r.SubmittedAtUtc)
            .Select(r => new RegistrationRow(r.Id, r.OrganisationId, r.Organisation.Name, r.Organisation.Description, r.Organisation.Website,
                r.Organisation.CharityNumber, r.Organisation.CompanyNumber, r.ContactName, r.ContactEmail, r.SubmittedAtUtc, r.Version))
            .ToListAsync(ct);
    }

    /// <summary>The signed-in person's own registration, if they registered an organisation.</summary>
    public async Task<MyRegistration?> MyRegistrationAsync(CancellationToken ct = default)
    {
        if (user.Actor.UserId is not { } userId) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.OrganisationRegistrations.AsNoTracking().Where(r => r.UserId == userId).OrderByDescending(r => r.SubmittedAtUtc)
            .Select(r => new MyRegistration(r.Organisation.Name, r.Status, r.ReviewComment)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Publishes the organisation and makes the registering account its provider editor.</summary>
    public async Task ApproveRegistrationAsync(int id, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Actor = actor;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var registration = await PendingAsync(db, id, version, ct);
        var org = await db.Organisations.SingleAsync(o => o.Id == registration.OrganisationId, ct);
        org.Status = OrganisationStatus.Active;
        Review(actor, registration, RegistrationStatus.Approved, null);
        await db.SaveChangesOrConflictAsync(ct);

        var account = await users.FindByIdAsync(registration.UserId) ?? throw new NotFoundException("The account that registered this organisation no longer exists.");
        account.OrganisationId = org.Id;
        Require(await users.UpdateAsync(account));
        if (!await users.IsInRoleAsync(account, Roles.ProviderEditor)) Require(await users.AddToRoleAsync(account, Roles.ProviderEditor));
        // The role lives in the cookie: a new stamp makes open sessions pick it up.
        Require(await users.UpdateSecurityStampAsync(account));
        await NotificationService.EnqueueAsync(db, [new OutgoingNotification(account.Id, NotificationKinds.DirectoryRegistration,
            $"registration:{registration.Id}:approved", $"{org.Name} is in the directory",
            $"The coordinator approved your registration. You can now add and update {org.Name}'s services.", $"/directory/organisations/{org.Id}")],
            clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Declines a registration with a reason the registrant sees; the organisation is kept, inactive, so nothing is lost.</summary>
    public async Task DeclineRegistrationAsync(int id, string comment, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        comment = comment?.Trim() ?? "";
        if (comment.Length == 0) ValidationFailedException.ThrowIfAny(new() { ["Comment"] = "Say why the registration is declined." });
        if (comment.Length > 2000) ValidationFailedException.ThrowIfAny(new() { ["Comment"] = "The comment must be 2,000 characters or fewer." });
        await using var db = await dbs.OpenAsync(actor, ct);
        // The outbox insert runs at once: one transaction, so a refused save sends nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var registration = await PendingAsync(db, id, version, ct);
        var org = await db.Organisations.SingleAsync(o => o.Id == registration.OrganisationId, ct);
        org.Status = OrganisationStatus.Inactive;
        Review(actor, registration, RegistrationStatus.Declined, comment);
        await db.SaveChangesOrConflictAsync(ct);
        await NotificationService.EnqueueAsync(db, [new OutgoingNotification(registration.UserId, NotificationKinds.DirectoryRegistration,
            $"registration:{registration.Id}:declined", $"Your registration of {org.Name} was declined", comment, "/")], clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
    }

    public static Dictionary<string, string> Validate(OrganisationInput i)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(i.Name)) e[nameof(i.Name)] = "Enter the organisation's name.";
        else if (i.Name.Trim().Length > 200) e[nameof(i.Name)] = "The name must be 200 characters or fewer.";
        if (string.IsNullOrWhiteSpace(i.Description)) e[nameof(i.Description)] = "Describe what the organisation does.";
        else if (i.Description.Length > 4000) e[nameof(i.Description)] = "The description must be 4,000 characters or fewer.";
        if (FieldRules.Clean(i.Website) is { } url && !FieldRules.IsWebAddress(url))
            e[nameof(i.Website)] = "Enter a full web address, like https://www.example.org.";
        if (FieldRules.Clean(i.Email) is { } email && !FieldRules.IsEmail(email)) e[nameof(i.Email)] = "Enter an email address in the correct format, like name@example.org.";
        if (FieldRules.Clean(i.Phone) is { } phone && !FieldRules.IsPhone(phone))
            e[nameof(i.Phone)] = "Enter a phone number using digits, spaces and + ( ) - only.";
        if (FieldRules.Clean(i.CharityNumber) is { } charity && !CharityNumber().IsMatch(charity))
            e[nameof(i.CharityNumber)] = "Enter a registered charity number of 6 to 8 digits, like 1120379 or SC012345.";
        if (FieldRules.Clean(i.CompanyNumber) is { } company && !CompanyNumber().IsMatch(company.ToUpperInvariant()))
            e[nameof(i.CompanyNumber)] = "Enter a Companies House number of 8 characters, like 04080287 or SC123456.";
        return e;
    }

    [GeneratedRegex(@"^(SC|NI)?\d{5,8}(-\d{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex CharityNumber();

    [GeneratedRegex(@"^([A-Z]{2}\d{6}|\d{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex CompanyNumber();

    private static void Apply(Organisation o, OrganisationInput i)
    {
        o.Name = i.Name.Trim();
        o.Description = i.Description.Trim();
        o.Website = FieldRules.Clean(i.Website);
        o.Email = FieldRules.Clean(i.Email);
        o.Phone = FieldRules.Clean(i.Phone);
        o.CharityNumber = FieldRules.Clean(i.CharityNumber);
        o.CompanyNumber = FieldRules.Clean(i.CompanyNumber)?.ToUpperInvariant();
    }

    private static async Task<bool> NameTakenAsync(AppDbContext db, string name, int? except, CancellationToken ct)
    {
        var wanted = name.Trim().ToUpperInvariant();
        return await db.Organisations.AnyAsync(o => o.Name.ToUpper() == wanted && o.Id != except, ct);
    }

    private static Task<List<string>> CoordinatorIdsAsync(AppDbContext db, CancellationToken ct) => Recipients.Coordinators(db).ToListAsync(ct);

    private static async Task<OrganisationRegistration> PendingAsync(AppDbContext db, int id, Guid version, CancellationToken ct)
    {
        var r = await db.OrganisationRegistrations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That registration no longer exists.");
        if (r.Status != RegistrationStatus.Pending || r.Version != version)
            throw new ConcurrencyConflictException("This registration has already been reviewed. Reload to see its outcome.");
        db.Entry(r).Property(x => x.Version).OriginalValue = version;
        return r;
    }

    private void Review(Actor actor, OrganisationRegistration r, RegistrationStatus status, string? comment)
    {
        r.Status = status;
        r.ReviewComment = comment;
        r.ReviewedByName = actor.Name;
        r.ReviewedAtUtc = clock.GetUtcNow().UtcDateTime;
    }

    private static void Require(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

}
