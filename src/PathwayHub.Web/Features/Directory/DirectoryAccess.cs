using System.Linq.Expressions;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// Who may see and change directory records: the one rule the pages, services, CSV exports and the open data API use.
/// <list type="bullet">
/// <item>A published listing of an approved organisation is public (<see cref="Service.IsPublic"/>: what the open data API publishes too).
/// Any other (unpublished, or of an organisation pending or inactive) is seen by the coordinator, commissioners and its own
/// organisation's provider editors.</item>
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

    public static bool CanSeeListing(Actor actor, bool isPublic, int organisationId) =>
        isPublic || SeesAllListings(actor) || CanEdit(actor, organisationId);

    /// <summary>The listings an actor may see, as a query filter (public ones only when <paramref name="publicOnly"/>).</summary>
    public static Expression<Func<Service, bool>> VisibleListings(Actor actor, bool publicOnly = false)
    {
        if (publicOnly || !actor.HasRole) return s => s.IsPublic;
        if (SeesAllListings(actor)) return s => true;
        var own = actor.IsIn(Roles.ProviderEditor) ? actor.OrganisationId ?? -1 : -1;
        return s => s.IsPublic || s.OrganisationId == own;
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
