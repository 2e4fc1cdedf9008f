using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace PathwayHub.Web.Infrastructure.Auth;

/// <summary>
/// Who gets past the door. Every page and endpoint needs one of the five roles unless it says otherwise: that is both the
/// default policy (a bare <c>[Authorize]</c> or <c>RequireAuthorization()</c>) and the fallback for anything that declares
/// nothing. Public pages and the open data APIs are marked <c>AllowAnonymous</c>; the few places an account without a role
/// may go (its registration's status page, its email settings, sign-out) ask for <see cref="SignedIn"/>.
/// </summary>
public static class AuthorizationSetup
{
    /// <summary>Any signed-in account, with or without a role.</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Where an account without a role is sent: the status of its registration.</summary>
    public const string RegistrationStatusPath = "/account/registration";

    public static readonly AuthorizationPolicy AnyRole = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build();

    public static IServiceCollection AddPathwayHubAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(AnyRole)
            .SetFallbackPolicy(AnyRole)
            .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var accessDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToAccessDenied = context =>
            {
                // An account without a role is refused everywhere: show it the one page it has, not a bare refusal.
                if (!Actor.From(context.HttpContext.User).HasRole)
                    context.RedirectUri = RegistrationStatusPath;
                return accessDenied(context);
            };
        });
        return services;
    }

    /// <summary>
    /// The circuit's hub (<c>/_blazor</c>) must let anyone connect: public pages are interactive too. Each page still applies its
    /// own <c>[Authorize]</c> through the router inside the circuit, as it does on the first request.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousCircuitHub(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } raw } && raw.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal))
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        return builder;
    }
}
