using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PathwayHub.Web.Infrastructure.Auth;

/// <summary>Puts the display name, organisation and person links into the sign-in cookie so services need no lookup per call.</summary>
internal sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        if (user.OrganisationId is { } org) identity.AddClaim(new Claim(AppClaims.OrganisationId, org.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.PersonId is { } person) identity.AddClaim(new Claim(AppClaims.PersonId, person.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}
