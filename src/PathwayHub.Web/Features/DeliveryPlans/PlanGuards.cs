using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.DeliveryPlans;

/// <summary>Who may read and change plans, and the field checks the plan, action and measure editors share.</summary>
internal static class PlanGuards
{
    public static bool MayUpdate(Actor actor, int? ownerPersonId, int? ownerOrganisationId) =>
        actor.IsCoordinator
        || (ownerPersonId is not null && actor.PersonId == ownerPersonId)
        || (ownerOrganisationId is not null && actor.OrganisationId == ownerOrganisationId && actor.IsIn(Roles.ProviderEditor));

    /// <summary>
    /// Who may read delivery plans, their progress notes and history: anyone with a role (plans are reported to members,
    /// associates, commissioners and providers alike); never a visitor or an account whose registration is not approved.
    /// </summary>
    public static Actor RequireReader(CurrentUser user)
    {
        var actor = user.Actor;
        actor.RequireRole();
        return actor;
    }

    public static Actor RequireCoordinator(CurrentUser user)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        return actor;
    }

    public static void Text(Dictionary<string, string> errors, string field, string? value, int max, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = missing;
        else if (value.Length > max) errors[field] = $"Use {max:N0} characters or fewer.";
    }

    public static ValidationFailedException Invalid(string field, string message) => new(new Dictionary<string, string> { [field] = message });
}
