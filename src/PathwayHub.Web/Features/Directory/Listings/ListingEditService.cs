using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory.Listings;

/// <summary>
/// Adding and changing listings. Provider editors change only their own organisation's listings, and their changes to a
/// published listing wait for a coordinator's review (<see cref="ChangeReviewService"/>). Coordinators change anything directly.
/// </summary>
public sealed class ListingEditService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => clock.UkToday();

    /// <summary>
    /// Adds a service to an organisation. A coordinator's is published at once; a provider editor's waits for review.
    /// </summary>
    public async Task<(int Id, SaveOutcome Outcome)> CreateServiceAsync(int organisationId, ServiceInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        RequireEditor(actor, organisationId);
        await using var db = await dbs.OpenAsync(actor, ct);
        var status = await db.Organisations.Where(o => o.Id == organisationId).Select(o => (OrganisationStatus?)o.Status).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("That organisation is not in the directory.");
        if (Organisation.ListingRefusal(status, "This organisation") is { } refusal) ValidationFailedException.ThrowIfAny(new() { [""] = refusal + "." });
        var errors = ListingValidation.Validate(input, Today);
        await ListingValidation.ValidateReferencesAsync(db, input, [], Today, errors, ct);
        if (!errors.ContainsKey(nameof(input.Name)) && await db.Services.AnyAsync(s => s.OrganisationId == organisationId && s.Name == input.Name.Trim(), ct))
            errors[nameof(input.Name)] = "This organisation already has a service with this name.";
        ValidationFailedException.ThrowIfAny(errors);

        var service = new Service { OrganisationId = organisationId, AssuredDate = Today, LastModifiedUtc = clock.GetUtcNow().UtcDateTime };
        ListingChanges.Apply(service, input);
        service.IsPublished = actor.IsCoordinator;
        foreach (var l in input.LocationIds.Distinct()) service.Locations.Add(new ServiceAtLocation { LocationId = l });
        foreach (var t in input.TermIds.Distinct()) service.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTermId = t });
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        if (actor.IsCoordinator) return (service.Id, SaveOutcome.Published);

        var change = ListingChanges.NewChange(actor, service, clock.UtcNow(), await ListingChanges.DescribeAsync(db, null, input, ct), input, isNew: true);
        db.ChangeRequests.Add(change);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await ReviewNotifications.PendingAsync(db, change, service.Name, clock.UtcNow(), ct);
        await tx.CommitAsync(ct);
        return (service.Id, SaveOutcome.SubmittedForReview);
    }

    /// <summary>
    /// Changes a service. A coordinator's change, or any change to a listing not yet published, is saved at once; a provider
    /// editor's change to a published listing becomes a pending change. A stale <see cref="ServiceInput.Version"/> is refused.
    /// </summary>
    public async Task<SaveOutcome> UpdateServiceAsync(int serviceId, ServiceInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.OpenAsync(actor, ct);
        var service = await ListingChanges.WithChildren(db.Services)
            .FirstOrDefaultAsync(s => s.Id == serviceId, ct) ?? throw new NotFoundException("That service is not in the directory.");
        RequireEditor(actor, service.OrganisationId);
        if (service.Version != input.Version) throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
        var errors = ListingValidation.Validate(input, Today);
        await ListingValidation.ValidateReferencesAsync(db, input, service.Locations.Select(l => l.LocationId).ToList(), Today, errors, ct);
        if (!errors.ContainsKey(nameof(input.Name)) &&
            await db.Services.AnyAsync(s => s.OrganisationId == service.OrganisationId && s.Name == input.Name.Trim() && s.Id != serviceId, ct))
            errors[nameof(input.Name)] = "This organisation already has a service with this name.";
        ValidationFailedException.ThrowIfAny(errors);

        var changes = await ListingChanges.DescribeAsync(db, service, input, ct);
        if (actor.IsCoordinator || !service.IsPublished)
        {
            db.Entry(service).Property(s => s.Version).OriginalValue = input.Version;
            ListingChanges.Apply(service, input);
            ListingChanges.SetLinks(db, service, input);
            service.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesOrConflictAsync(ct);
            return SaveOutcome.Published;
        }

        if (changes.Count == 0)
            ValidationFailedException.ThrowIfAny(new() { [""] = "Nothing has changed. To confirm the listing is still accurate, use \"Still accurate\"." });
        if (await db.ChangeRequests.AnyAsync(c => c.ServiceId == serviceId && c.Status == ChangeRequestStatus.Pending, ct))
            ValidationFailedException.ThrowIfAny(new() { [""] = "A change to this service is already waiting for the coordinator's review. Wait for it to be approved or returned." });
        var change = ListingChanges.NewChange(actor, service, clock.UtcNow(), changes, input, isNew: false);
        db.ChangeRequests.Add(change);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync(ct);
        await ReviewNotifications.PendingAsync(db, change, service.Name, clock.UtcNow(), ct);
        await tx.CommitAsync(ct);
        return SaveOutcome.SubmittedForReview;
    }

    /// <summary>"Still accurate": the listing was checked today. No review is needed for a confirmation.</summary>
    public async Task<Guid> ConfirmStillAccurateAsync(int serviceId, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        await using var db = await dbs.OpenAsync(actor, ct);
        var service = await db.Services.FirstOrDefaultAsync(s => s.Id == serviceId, ct) ?? throw new NotFoundException("That service is not in the directory.");
        RequireEditor(actor, service.OrganisationId);
        db.Entry(service).Property(s => s.Version).OriginalValue = version;
        service.AssuredDate = Today;
        service.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesOrConflictAsync(ct);
        return service.Version;
    }

    private static void RequireEditor(Actor actor, int organisationId)
    {
        if (!DirectoryAccess.CanEdit(actor, organisationId))
            throw new ForbiddenException("Only the organisation's own provider editors and the coordinator can change its listings.");
    }
}
