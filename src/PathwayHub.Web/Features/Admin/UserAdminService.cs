using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Admin;

public sealed record UserRow(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, int? OrganisationId,
    string? OrganisationName, int? PersonId, string? PersonName, bool LockedOut, string? Version);

public sealed class UserInput
{
    public string? Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public HashSet<string> Roles { get; set; } = [];
    public int? OrganisationId { get; set; }
    public int? PersonId { get; set; }
    /// <summary>Required for a new account; leave empty to keep an existing password.</summary>
    public string? Password { get; set; }
    /// <summary>The account's version as it was read (Identity's concurrency stamp): two coordinators editing it at once cannot overwrite each other.</summary>
    public string? Version { get; set; }
}

/// <summary>Coordinators manage sign-ins, roles and the organisation and person each account is linked to.</summary>
public sealed class UserAdminService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.OrganisationId, Org = u.Organisation!.Name, u.PersonId, Person = u.Person!.FullName, u.LockoutEnd, u.ConcurrencyStamp })
            .ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        return users.Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, byUser[u.Id].Order().ToList(), u.OrganisationId, u.Org,
            u.PersonId, u.Person, u.LockoutEnd > now, u.ConcurrencyStamp)).ToList();
    }

    public async Task<string> SaveAsync(UserInput input, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.DisplayName)) errors[nameof(input.DisplayName)] = "Enter the user's name.";
        if (string.IsNullOrWhiteSpace(input.Email) || !input.Email.Contains('@', StringComparison.Ordinal)) errors[nameof(input.Email)] = "Enter an email address in the correct format, like name@example.org.";
        if (input.Roles.Count == 0) errors[nameof(input.Roles)] = "Choose at least one role.";
        if (input.Roles.Any(r => !Roles.All.Contains(r))) errors[nameof(input.Roles)] = "Choose roles from the list.";
        if (input.Roles.Contains(Roles.ProviderEditor) && input.OrganisationId is null)
            errors[nameof(input.OrganisationId)] = "A provider editor must be linked to their organisation.";
        if (input.Id is null && string.IsNullOrEmpty(input.Password)) errors[nameof(input.Password)] = "Enter a first password for the new account.";
        if (input.Id == user.Actor.UserId && !input.Roles.Contains(Roles.Coordinator))
            errors[nameof(input.Roles)] = "You cannot remove your own Coordinator role.";
        ValidationFailedException.ThrowIfAny(errors);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Actor = user.Actor;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        AppUser account;
        if (input.Id is null)
        {
            account = new AppUser { EmailConfirmed = true };
        }
        else
        {
            account = await users.FindByIdAsync(input.Id) ?? throw new NotFoundException("That account no longer exists.");
            if (!string.Equals(account.ConcurrencyStamp, input.Version, StringComparison.Ordinal))
                throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
        }
        account.UserName = input.Email.Trim();
        account.Email = input.Email.Trim();
        account.DisplayName = input.DisplayName.Trim();
        account.OrganisationId = input.Roles.Contains(Roles.ProviderEditor) ? input.OrganisationId : null;
        account.PersonId = input.PersonId;

        var result = input.Id is null ? await users.CreateAsync(account, input.Password!) : await users.UpdateAsync(account);
        ThrowOn(result);
        if (input.Id is not null && !string.IsNullOrEmpty(input.Password))
        {
            ThrowOn(await users.RemovePasswordAsync(account));
            ThrowOn(await users.AddPasswordAsync(account, input.Password));
        }
        var current = await users.GetRolesAsync(account);
        ThrowOn(await users.RemoveFromRolesAsync(account, current.Except(input.Roles)));
        ThrowOn(await users.AddToRolesAsync(account, input.Roles.Except(current)));
        // Roles and links live in the cookie: a new stamp signs the user's open sessions out so they pick the change up.
        ThrowOn(await users.UpdateSecurityStampAsync(account));
        await tx.CommitAsync(ct);
        return account.Id;
    }

    public async Task UnlockAsync(string id, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = await users.FindByIdAsync(id) ?? throw new NotFoundException("That account no longer exists.");
        ThrowOn(await users.SetLockoutEndDateAsync(account, null));
        ThrowOn(await users.ResetAccessFailedCountAsync(account));
    }

    private static void ThrowOn(IdentityResult r)
    {
        if (r.Succeeded) return;
        var errors = new Dictionary<string, string>();
        foreach (var e in r.Errors)
        {
            var field = e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(UserInput.Password)
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(UserInput.Email)
                : "";
            errors[field] = errors.TryGetValue(field, out var prev) ? prev + " " + e.Description : e.Description;
        }
        throw new ValidationFailedException(errors);
    }
}
