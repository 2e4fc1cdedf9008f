using System.Security.Claims;

namespace PathwayHub.Web.Infrastructure.Auth;

/// <summary>Who is acting: read once from the principal, passed to services that decide what they may do.</summary>
public sealed record Actor(string? UserId, string Name, IReadOnlySet<string> Roles, int? OrganisationId, int? PersonId)
{
    public static readonly Actor Anonymous = new(null, "anonymous", new HashSet<string>(), null, null);
    public static readonly Actor System = new(null, "system", new HashSet<string>(), null, null);

    public bool IsAuthenticated => UserId is not null;
    /// <summary>Holds one of the five roles. A signed-in account without one (a registration waiting for review, or declined) sees nothing but its registration.</summary>
    public bool HasRole => Auth.Roles.All.Any(Roles.Contains);
    public bool IsCoordinator => Roles.Contains(Auth.Roles.Coordinator);
    public bool IsIn(params string[] roles) => roles.Any(Roles.Contains);

    /// <summary>Throws <see cref="ForbiddenException"/> unless the actor holds one of the roles.</summary>
    public void Require(params string[] roles)
    {
        if (!IsIn(roles)) throw new ForbiddenException($"This needs the {string.Join(" or ", roles.Select(Auth.Roles.Label))} role.");
    }

    /// <summary>The check behind every read that any role may make: throws <see cref="ForbiddenException"/> for visitors and accounts without a role.</summary>
    public void RequireRole()
    {
        if (!HasRole) throw new ForbiddenException(IsAuthenticated
            ? "Your account has no role yet: the regional coordinator reviews each registration before it can see the portal."
            : "Sign in to see this.");
    }

    public static Actor From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return Anonymous;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = principal.FindFirstValue(AppClaims.DisplayName) ?? principal.Identity.Name ?? "unknown";
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Actor(id, name, roles, IntClaim(principal, AppClaims.OrganisationId), IntClaim(principal, AppClaims.PersonId));
    }

    private static int? IntClaim(ClaimsPrincipal p, string type) =>
        int.TryParse(p.FindFirstValue(type), out var v) ? v : null;
}

/// <summary>The actor may not do this. Pages show the message; HTTP endpoints answer 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
