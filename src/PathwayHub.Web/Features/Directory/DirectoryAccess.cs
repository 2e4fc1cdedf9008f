using System.Linq.Expressions;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// Who may see and change directory records: the one rule the pages, services, CSV exports and the open data API use.
/// <list type="bullet">
/// <item>A published listing is public. An unpublished one is seen by the coordinator, commissioners and its own organisation's provider editors.</item>
/// <item>An active organisation is seen by anyone with a role. A pending one (a registration under review) by the coordinator only; an
/// inactive one (declined, or closed) by the coordinator, commissioners (it may have held agreements) and its own provider editors.</item>
/// <item>Listings and organisations are changed by the coordinator and the organisation's own provider editors.</item>
/// <item>The list of services with no evaluation is for the coordinator and commissioners.</item>
/// </list>
/// </summary>
public static class DirectoryAccess
{
    public static bool CanEdit(Actor actor, int organisationId) =>
        actor.IsCoordinator || (actor.IsIn(Roles.ProviderEditor) && actor.OrganisationId == organisationId);

    public static bool SeesAllListings(Actor actor) => actor.IsIn(Roles.Coordinator, Roles.Commissioner);

    /// <summary>
    /// Who sees the region's evaluation gaps (the services with no evaluation): the coordinator and commissioners, who resource
    /// evaluation. Every listing on it is published, but the list as a whole is a commissioning view, not a public one.
    /// </summary>
    public static bool SeesEvaluationGaps(Actor actor) => SeesAllListings(actor);

    public static bool CanSeeListing(Actor actor, bool isPublished, int organisationId) =>
        isPublished || SeesAllListings(actor) || CanEdit(actor, organisationId);

    /// <summary>The listings an actor may see, as a query filter (published only when <paramref name="publishedOnly"/>).</summary>
    public static Expression<Func<Service, bool>> VisibleListings(Actor actor, bool publishedOnly = false)
    {
        if (publishedOnly || !actor.HasRole) return s => s.IsPublished;
        if (SeesAllListings(actor)) return s => true;
        var own = actor.IsIn(Roles.ProviderEditor) ? actor.OrganisationId ?? -1 : -1;
        return s => s.IsPublished || s.OrganisationId == own;
    }

    public static bool CanSeeOrganisation(Actor actor, int organisationId, OrganisationStatus status) => status switch
    {
        OrganisationStatus.Active => actor.HasRole,
        OrganisationStatus.Pending => actor.IsCoordinator,
        _ => actor.IsIn(Roles.Coordinator, Roles.Commissioner) || CanEdit(actor, organisationId),
    };

    /// <summary>Organisations an actor may choose in a form or filter: active ones, and for the coordinator and commissioners inactive ones too.</summary>
    public static Expression<Func<Organisation, bool>> ChoosableOrganisations(Actor actor) =>
        actor.IsIn(Roles.Coordinator, Roles.Commissioner) ? o => o.Status != OrganisationStatus.Pending : o => o.Status == OrganisationStatus.Active;
}
