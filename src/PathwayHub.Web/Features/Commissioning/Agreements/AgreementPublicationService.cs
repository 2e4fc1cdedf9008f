using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Which of an agreement's milestones and documents the open data feeds publish (see <see cref="OpenDataPolicy"/>). Only
/// commissioners and the coordinator decide; everything starts unpublished. Setting a flag is idempotent, so it needs no
/// version: two commissioners setting the same flag cannot lose each other's work. The agreement's last-modified time moves,
/// so its OCDS release gets a new id and date.
/// </summary>
public sealed class AgreementPublicationService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private Actor Actor => user.Actor;

    private void RequireManager()
    {
        if (!Actor.IsIn(Roles.Commissioner, Roles.Coordinator))
            throw new ForbiddenException("Only commissioners and the coordinator can decide what is published as open data.");
    }

    /// <summary>Publishes a milestone's title, kind, dates and status in the OCDS feed, or stops publishing it. Its notes never are.</summary>
    public async Task SetMilestonePublishableAsync(int milestoneId, bool publishable, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var milestone = await db.Milestones.Include(m => m.Agreement).FirstOrDefaultAsync(m => m.Id == milestoneId, ct)
            ?? throw new NotFoundException("That milestone does not exist.");
        if (milestone.Publishable == publishable) return;
        milestone.Publishable = publishable;
        milestone.Agreement.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Publishes an agreement document's title and format in the OCDS feed, or stops publishing it; the file itself stays for
    /// signed-in parties. Tender and bid documents, and withdrawn ones, are not agreement documents here.
    /// </summary>
    public async Task SetDocumentPublishableAsync(int documentId, bool publishable, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var document = await db.CommissioningDocuments.Include(d => d.Agreement)
            .FirstOrDefaultAsync(d => d.Id == documentId && d.AgreementId != null && d.BidId == null && d.WithdrawnUtc == null, ct)
            ?? throw new NotFoundException("That agreement document does not exist.");
        if (document.Publishable == publishable) return;
        document.Publishable = publishable;
        document.Agreement!.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
