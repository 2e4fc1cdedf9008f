using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Directory.Listings;

namespace PathwayHub.Web.Features.Directory.Review;

public sealed record PendingChangeRow(int Id, int ServiceId, string Service, string Organisation, bool IsNewListing, string SubmittedBy,
    DateTime SubmittedAtUtc, IReadOnlyList<FieldChange> Changes, Guid Version);

public sealed record ReturnedChangeRow(int ServiceId, string Service, string? Comment, string? ReturnedBy, DateTime? ReturnedAtUtc);
public sealed record ListingToReview(int Id, string Name, DateOnly? AssuredDate);
/// <summary>What the home page shows: an editor's listings due for review and returned changes; the coordinator's pending reviews.</summary>
public sealed record DirectoryHomeSummary(IReadOnlyList<ListingToReview> DueForReview, IReadOnlyList<ReturnedChangeRow> Returned, int PendingReviews);

/// <summary>
/// The coordinator's review of provider editors' changes to published listings, and what each editor has to review:
/// listings due for confirmation and changes sent back.
/// </summary>
public sealed class ChangeReviewService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, ReminderOptions reminders)
{
    private DateOnly ReviewCutoff => ListingReviewDue.Cutoff(clock.UkToday(), reminders);

    public async Task<DirectoryHomeSummary> HomeSummaryAsync(CancellationToken ct = default)
    {
        var actor = user.Actor;
        var cutoff = ReviewCutoff;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pending = actor.IsCoordinator ? await db.ChangeRequests.CountAsync(c => c.Status == ChangeRequestStatus.Pending, ct) : 0;
        if (!actor.IsIn(Roles.ProviderEditor) || actor.OrganisationId is not { } org) return new DirectoryHomeSummary([], [], pending);

        var due = await db.Services.AsNoTracking().Where(s => s.OrganisationId == org).Where(ListingReviewDue.Before(cutoff))
            .OrderBy(s => s.AssuredDate).Select(s => new ListingToReview(s.Id, s.Name, s.AssuredDate)).ToListAsync(ct);
        // A returned change matters until the editor submits another for the same service.
        var returned = await db.ChangeRequests.AsNoTracking()
            .Where(c => c.OrganisationId == org && c.Status == ChangeRequestStatus.Returned &&
                        !db.ChangeRequests.Any(n => n.ServiceId == c.ServiceId && n.SubmittedAtUtc > c.SubmittedAtUtc))
            .OrderByDescending(c => c.ReviewedAtUtc).Take(20)
            .Select(c => new ReturnedChangeRow(c.ServiceId, c.Service.Name, c.ReviewComment, c.ReviewedByName, c.ReviewedAtUtc)).ToListAsync(ct);
        return new DirectoryHomeSummary(due, returned, pending);
    }

    public async Task<IReadOnlyList<PendingChangeRow>> PendingChangesAsync(CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.ChangeRequests.AsNoTracking().Where(c => c.Status == ChangeRequestStatus.Pending).OrderBy(c => c.SubmittedAtUtc)
            .Select(c => new { c.Id, c.ServiceId, Service = c.Service.Name, Organisation = c.Service.Organisation.Name, c.IsNewListing, c.SubmittedByName, c.SubmittedAtUtc, c.Changes, c.Version })
            .ToListAsync(ct);
        return rows.Select(r => new PendingChangeRow(r.Id, r.ServiceId, r.Service, r.Organisation, r.IsNewListing, r.SubmittedByName, r.SubmittedAtUtc,
            ListingChanges.Parse(r.Changes), r.Version)).ToList();
    }

    /// <summary>Publishes a pending change. Refused if the service changed after the editor started from it.</summary>
    public async Task ApproveAsync(int changeId, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(actor, ct);
        var change = await PendingAsync(db, changeId, version, ct);
        var service = await ListingChanges.WithChildren(db.Services).SingleAsync(s => s.Id == change.ServiceId, ct);
        if (service.Version != change.BaseVersion)
            throw new ConcurrencyConflictException("The service was changed after this change was submitted. Return it so the editor can make it again on the latest version.");
        var input = ListingChanges.Proposed(change);
        var errors = new Dictionary<string, string>();
        await ListingValidation.ValidateReferencesAsync(db, input, service.Locations.Select(l => l.LocationId).ToList(), clock.UkToday(), errors, ct);
        ValidationFailedException.ThrowIfAny(errors);
        ListingChanges.Apply(service, input);
        ListingChanges.SetLinks(db, service, input);
        service.IsPublished = true;
        service.AssuredDate = UkCalendar.DayOf(change.SubmittedAtUtc);
        service.LastModifiedUtc = clock.GetUtcNow().UtcDateTime;
        MarkReviewed(actor, change, ChangeRequestStatus.Approved, null);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync(ct);
        await ReviewNotifications.ReviewedAsync(db, change, service.Name, clock.UtcNow(), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Sends a pending change back to the editor with a comment; the listing stays as it was.</summary>
    public async Task ReturnAsync(int changeId, string comment, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        comment = comment?.Trim() ?? "";
        if (comment.Length == 0) ValidationFailedException.ThrowIfAny(new() { ["Comment"] = "Say what the editor should change." });
        if (comment.Length > 2000) ValidationFailedException.ThrowIfAny(new() { ["Comment"] = "The comment must be 2,000 characters or fewer." });
        await using var db = await dbs.OpenAsync(actor, ct);
        var change = await PendingAsync(db, changeId, version, ct);
        MarkReviewed(actor, change, ChangeRequestStatus.Returned, comment);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesOrConflictAsync(ct);
        var name = await db.Services.Where(x => x.Id == change.ServiceId).Select(x => x.Name).SingleAsync(ct);
        await ReviewNotifications.ReviewedAsync(db, change, name, clock.UtcNow(), ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<ChangeRequest> PendingAsync(AppDbContext db, int changeId, Guid version, CancellationToken ct)
    {
        var change = await db.ChangeRequests.FirstOrDefaultAsync(c => c.Id == changeId, ct) ?? throw new NotFoundException("That change no longer exists.");
        if (change.Status != ChangeRequestStatus.Pending || change.Version != version)
            throw new ConcurrencyConflictException("This change has already been reviewed. Reload to see its outcome.");
        db.Entry(change).Property(c => c.Version).OriginalValue = version;
        return change;
    }

    private void MarkReviewed(Actor actor, ChangeRequest change, ChangeRequestStatus status, string? comment)
    {
        change.Status = status;
        change.ReviewComment = comment;
        change.ReviewedByName = actor.Name;
        change.ReviewedAtUtc = clock.GetUtcNow().UtcDateTime;
    }
}
