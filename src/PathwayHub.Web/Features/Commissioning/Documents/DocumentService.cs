using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Documents attached to tenders and agreements (a bid's document comes with the bid, <see cref="TenderService.SubmitBidAsync"/>),
/// and who may open each. The files live in the shared content-addressed <see cref="FileStore"/>.
/// </summary>
public sealed class DocumentService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, FileStore files)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private Actor Actor => user.Actor;

    public async Task<int> AddTenderDocumentAsync(int tenderId, string title, string fileName, Stream content, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.FirstOrDefaultAsync(t => t.Id == tenderId, ct) ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status is TenderStatus.Cancelled or TenderStatus.Unsuccessful) throw Invalid($"The tender is {CommissioningText.Label(tender.Status)}.");
        var stored = await files.SaveAsync(fileName, content, ct);
        var doc = CommissioningDocument.From(stored, title, Now, Actor.Name, tenderId: tenderId);
        db.CommissioningDocuments.Add(doc);
        tender.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return doc.Id;
    }

    public async Task<int> AddAgreementDocumentAsync(int agreementId, string title, string fileName, Stream content, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var stored = await files.SaveAsync(fileName, content, ct);
        var doc = CommissioningDocument.From(stored, title, Now, Actor.Name, agreementId: agreementId);
        db.CommissioningDocuments.Add(doc);
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return doc.Id;
    }

    /// <summary>
    /// Opens a document. Tender documents are read by anyone who can see the tender; bid documents by commissioners and the
    /// bidding organisation; agreement documents by commissioners and the agreement's supplier and subcontractors.
    /// </summary>
    public async Task<(Stream Content, string ContentType, string FileName)> OpenDocumentAsync(int id, CancellationToken ct = default)
    {
        Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var doc = await db.CommissioningDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.WithdrawnUtc == null, ct)
            ?? throw new NotFoundException("That document does not exist.");
        var org = Actor.OrganisationId ?? -1;
        var allowed = CommissioningAccess.CanManage(Actor) || doc switch
        {
            { TenderId: { } t } => await db.Tenders.AnyAsync(x => x.Id == t && x.Status != TenderStatus.Planning, ct),
            { BidId: { } b } => Actor.IsIn(Roles.ProviderEditor) && await db.Bids.AnyAsync(x => x.Id == b && x.OrganisationId == org, ct),
            { AgreementId: { } a } => await CommissioningAccess.IsPartyAsync(db, Actor, a, ct),
            _ => false,
        };
        if (!allowed) throw new NotFoundException("That document does not exist.");
        return (files.Open(doc.Sha256), doc.ContentType, doc.FileName);
    }
}
