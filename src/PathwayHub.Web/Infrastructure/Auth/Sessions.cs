using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PathwayHub.Web.Infrastructure.Auth;

/// <summary>
/// Sessions end on the server. The cookie carries the user's security stamp, and every request that presents it is checked
/// against the stamp in the database (one lookup by primary key). Sign-out, a change of roles or links and a locked account
/// all change or fail that check, so a cookie copied before any of them stops working on its next request, on every instance
/// sharing the database. Circuits are checked every minute by <see cref="IdentityRevalidatingAuthenticationStateProvider"/>.
/// </summary>
public static class Sessions
{
    public const string CookieName = "PathwayHub.Auth";

    public static IServiceCollection AddPathwayHubSessions(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Behind a proxy that ends TLS the app may see plain HTTP; the cookie must still never travel without it.
            // Development on http://localhost keeps working.
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        // Zero: every request checks the stamp. A positive interval would let a copied cookie outlive sign-out by that long.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<ISecurityStampValidator, StampValidator>();
        return services;
    }

    /// <summary>Ends the session everywhere: a new stamp fails every cookie issued with the old one.</summary>
    public static async Task SignOutEverywhereAsync(SignInManager<AppUser> signIn, System.Security.Claims.ClaimsPrincipal principal)
    {
        if (await signIn.UserManager.GetUserAsync(principal) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
    }
}

/// <summary>
/// Identity's validator, checking on every request, that also refuses a locked account (as the circuit check does) and does
/// not reissue the cookie when the stamp matches: the claims in it are still right, since every change to roles or links
/// rotates the stamp, so there is nothing to refresh and no new cookie on every response.
/// </summary>
internal sealed class StampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<AppUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    protected override async Task<AppUser?> VerifySecurityStamp(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        return user is not null && await SignInManager.UserManager.IsLockedOutAsync(user) ? null : user;
    }

    protected override Task SecurityStampVerified(AppUser user, CookieValidatePrincipalContext context) => Task.CompletedTask;
}
