using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Who may do what in commissioning, in one place. Only commissioners and the coordinator create or change tenders and
/// agreements; provider editors register their organisation's interest, bid, and see only their own organisation's bids and
/// the delivery detail of agreements it is party to. Every public service method calls one of these as its first line.
/// </summary>
public static class CommissioningAccess
{
    public static bool CanManage(Actor actor) => actor.IsIn(Roles.Commissioner, Roles.Coordinator);

    public static void RequireManager(Actor actor)
    {
        if (!CanManage(actor)) throw new ForbiddenException("Only commissioners and the coordinator can create or change tenders and agreements.");
    }

    /// <summary>The provider editor's own organisation: the only one they may register interest or bid for.</summary>
    public static int RequireProviderOrganisation(Actor actor)
    {
        if (!actor.IsIn(Roles.ProviderEditor) || actor.OrganisationId is not { } org)
            throw new ForbiddenException("Only a provider editor can register interest or bid, for their own organisation.");
        return org;
    }

    /// <summary>The organisation a provider editor acts for; null for anyone else.</summary>
    public static int? ProviderOrganisation(Actor actor) => actor.IsIn(Roles.ProviderEditor) ? actor.OrganisationId : null;

    /// <summary>Tenders still being planned are seen only by commissioners and the coordinator.</summary>
    public static IQueryable<Tender> VisibleTenders(AppDbContext db, Actor actor) =>
        CanManage(actor) ? db.Tenders.AsNoTracking() : db.Tenders.AsNoTracking().Where(t => t.Status != TenderStatus.Planning);

    /// <summary>The actor is a provider editor of the agreement's supplier or one of its subcontractors.</summary>
    public static async Task<bool> IsPartyAsync(AppDbContext db, Actor actor, int agreementId, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.ProviderEditor) || actor.OrganisationId is not { } org) return false;
        return await db.Agreements.AnyAsync(a => a.Id == agreementId && (a.SupplierOrganisationId == org || a.Subcontractors.Any(s => s.OrganisationId == org)), ct);
    }
}
