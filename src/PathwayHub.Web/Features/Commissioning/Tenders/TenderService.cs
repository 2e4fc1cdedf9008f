using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Tenders and their bids, up to the award (<see cref="TenderAwardService"/>). Only commissioners and the coordinator create,
/// change or evaluate; provider editors register their organisation's interest, bid, and see only their own organisation's
/// bids. Statuses move only along <see cref="TenderTransitions"/>. Every change is audited (all entities are <c>IAudited</c>).
/// </summary>
public sealed class TenderService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, FileStore files)
{
    /// <summary>Which tender statuses may follow which. Complete is reached only by awarding.</summary>
    public static readonly IReadOnlyDictionary<TenderStatus, TenderStatus[]> TenderTransitions = new Dictionary<TenderStatus, TenderStatus[]>
    {
        [TenderStatus.Planning] = [TenderStatus.Active, TenderStatus.Cancelled],
        [TenderStatus.Active] = [TenderStatus.Evaluation, TenderStatus.Cancelled],
        [TenderStatus.Evaluation] = [TenderStatus.Complete, TenderStatus.Unsuccessful, TenderStatus.Cancelled],
        [TenderStatus.Complete] = [],
        [TenderStatus.Cancelled] = [],
        [TenderStatus.Unsuccessful] = [],
    };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);
    private Actor Actor => user.Actor;

    /// <summary>Tenders, newest first. Tenders still being planned are seen only by commissioners and the coordinator.</summary>
    public async Task<IReadOnlyList<TenderRow>> ListTendersAsync(TenderStatus? status = null, int? pathwayId = null, CancellationToken ct = default)
    {
        Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = CommissioningAccess.VisibleTenders(db, Actor);
        if (status is { } s) q = q.Where(t => t.Status == s);
        if (pathwayId is { } p) q = q.Where(t => t.Pathways.Any(x => x.PathwayId == p));
        return await TenderRows(q.OrderByDescending(t => t.Id).Take(500), Actor).ToListAsync(ct);
    }

    public async Task<TenderView> GetTenderAsync(int id, CancellationToken ct = default)
    {
        Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var t = await CommissioningAccess.VisibleTenders(db, Actor).Include(x => x.Buyer)
            .Include(x => x.Pathways).ThenInclude(p => p.Pathway).Include(x => x.Prisons).ThenInclude(p => p.Prison)
            .Include(x => x.Documents.Where(d => d.WithdrawnUtc == null))
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That tender does not exist.");
        var org = CommissioningAccess.ProviderOrganisation(Actor);
        var manage = CommissioningAccess.CanManage(Actor);

        // Provider editors see only their own organisation's interest and bid; others who are neither see none.
        var interests = manage
            ? await db.TenderInterests.AsNoTracking().Where(i => i.TenderId == id).OrderBy(i => i.Organisation.Name).Select(i => new Named(i.OrganisationId, i.Organisation.Name)).ToListAsync(ct)
            : org is { } o1 ? await db.TenderInterests.AsNoTracking().Where(i => i.TenderId == id && i.OrganisationId == o1).Select(i => new Named(i.OrganisationId, i.Organisation.Name)).ToListAsync(ct) : [];
        var bidQuery = db.Bids.AsNoTracking().Where(b => b.TenderId == id);
        if (!manage) bidQuery = bidQuery.Where(b => org != null && b.OrganisationId == org);
        var bids = await bidQuery.OrderBy(b => b.Organisation.Name).Select(b => new
        {
            b.Id, b.OrganisationId, Organisation = b.Organisation.Name, b.SubmittedUtc, b.SubmittedBy, b.Value, b.Summary, b.Score, b.EvaluationNotes, b.Outcome, b.Version,
        }).ToListAsync(ct);
        var bidIds = bids.Select(b => b.Id).ToList();
        var bidDocs = await db.CommissioningDocuments.AsNoTracking().Where(d => d.BidId != null && bidIds.Contains(d.BidId.Value) && d.WithdrawnUtc == null)
            .Select(d => new { BidId = d.BidId!.Value, View = new DocumentView(d.Id, d.Title, d.FileName, d.Size, d.AddedUtc) }).ToListAsync(ct);
        var agreements = t.Status == TenderStatus.Complete ? await AgreementRowsAsync(db, db.Agreements.Where(a => a.TenderId == id).OrderBy(a => a.Id), Today, manage, ct) : [];
        var deadlinePassed = t.SubmissionDeadlineUtc is { } d && Now > d;
        return new TenderView(t.Id, t.Reference, t.Title, t.Description, t.EstimatedValue, t.Method, t.BuyerOrganisationId, t.Buyer.Name, t.Status,
            t.PublishedUtc, t.ClarificationDeadlineUtc, t.SubmissionDeadlineUtc, t.AwardDate, t.ClosureReason,
            t.Pathways.Select(p => new Named(p.PathwayId, p.Pathway.Name)).OrderBy(p => p.Name).ToList(),
            t.Prisons.Select(p => new Named(p.PrisonId, p.Prison.Name)).OrderBy(p => p.Name).ToList(),
            t.Documents.OrderBy(x => x.Id).Select(x => new DocumentView(x.Id, x.Title, x.FileName, x.Size, x.AddedUtc)).ToList(),
            interests,
            bids.Select(b => new BidView(b.Id, b.OrganisationId, b.Organisation, b.SubmittedUtc, b.SubmittedBy, b.Value, b.Summary,
                manage ? b.Score : null, manage ? b.EvaluationNotes : null, manage || t.Status == TenderStatus.Complete ? b.Outcome : BidOutcome.Pending,
                bidDocs.Where(x => x.BidId == b.Id).Select(x => x.View).ToList(), b.Version)).ToList(),
            agreements, manage, org is not null && t.Status == TenderStatus.Active && !deadlinePassed,
            org is { } o2 && interests.Any(i => i.Id == o2), deadlinePassed, t.Version);
    }

    public async Task<int> CreateTenderAsync(TenderInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var errors = await ValidateTenderAsync(db, input, null, Today, ct);
        ValidationFailedException.ThrowIfAny(errors);
        var tender = new Tender { Status = TenderStatus.Planning };
        ApplyTender(tender, input);
        db.Tenders.Add(tender);
        await db.SaveChangesAsync(ct);
        return tender.Id;
    }

    /// <summary>Changes a tender while it is being planned or is open (an open tender's deadline may be extended, never shortened into the past).</summary>
    public async Task UpdateTenderAsync(int id, TenderInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.Include(t => t.Pathways).Include(t => t.Prisons).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status is not (TenderStatus.Planning or TenderStatus.Active))
            throw Invalid($"A tender that is {CommissioningText.Label(tender.Status)} cannot be changed.");
        var errors = await ValidateTenderAsync(db, input, id, Today, ct);
        if (tender.Status == TenderStatus.Active && ToUtc(input.SubmissionDeadlineLocal) is { } d && d <= Now)
            errors[nameof(input.SubmissionDeadlineLocal)] = "The tender is open: the submission deadline must be in the future.";
        ValidationFailedException.ThrowIfAny(errors);
        db.Entry(tender).Property(t => t.Version).OriginalValue = input.Version;
        ApplyTender(tender, input);
        db.TenderPathways.RemoveRange(tender.Pathways.Where(p => !input.PathwayIds.Contains(p.PathwayId)));
        db.TenderPrisons.RemoveRange(tender.Prisons.Where(p => !input.PrisonIds.Contains(p.PrisonId)));
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>
    /// Moves a tender along <see cref="TenderTransitions"/>. Opening needs a submission deadline in the future; cancelling or closing
    /// without an award needs a reason. Complete is reached only through <see cref="TenderAwardService.AwardAsync"/>.
    /// </summary>
    public async Task ChangeTenderStatusAsync(int id, TenderStatus to, string? reason, Guid version, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("That tender does not exist.");
        if (!TenderTransitions[tender.Status].Contains(to))
            throw Invalid($"A tender that is {CommissioningText.Label(tender.Status)} cannot become {CommissioningText.Label(to)}."
                + CommissioningText.Allowed(TenderTransitions[tender.Status].Select(CommissioningText.Label).ToList()));
        if (to == TenderStatus.Complete) throw Invalid("A tender is completed by awarding it to the successful bidders.");
        if (to == TenderStatus.Active)
        {
            if (tender.SubmissionDeadlineUtc is not { } deadline || deadline <= Now)
                throw Invalid("Set a submission deadline in the future before opening the tender for bids.");
            tender.PublishedUtc = Now;
        }
        if (to is TenderStatus.Cancelled or TenderStatus.Unsuccessful)
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException(new Dictionary<string, string> { ["Reason"] = "Give the reason bidders will see." });
            tender.ClosureReason = reason.Trim();
        }
        db.Entry(tender).Property(t => t.Version).OriginalValue = version;
        tender.Status = to;
        tender.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>A provider editor registers their organisation's interest in an open tender. Registering twice changes nothing.</summary>
    public async Task RegisterInterestAsync(int tenderId, CancellationToken ct = default)
    {
        var org = CommissioningAccess.RequireProviderOrganisation(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenderId && t.Status != TenderStatus.Planning, ct)
            ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status != TenderStatus.Active) throw Invalid($"Interest can be registered only while the tender is open for bids; it is {CommissioningText.Label(tender.Status)}.");
        if (await db.TenderInterests.AnyAsync(i => i.TenderId == tenderId && i.OrganisationId == org, ct)) return;
        db.TenderInterests.Add(new TenderInterest { TenderId = tenderId, OrganisationId = org, RegisteredUtc = Now, RegisteredBy = Actor.Name });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Submits (or, before the deadline, replaces) the organisation's bid. A bid after the submission deadline is refused: the
    /// deadline is checked against the clock at the moment of submission, not when the form was opened.
    /// </summary>
    public async Task<int> SubmitBidAsync(int tenderId, BidInput input, string? fileName = null, Stream? file = null, CancellationToken ct = default)
    {
        var org = CommissioningAccess.RequireProviderOrganisation(Actor);
        var errors = new Dictionary<string, string>();
        if (input.Value is null) errors[nameof(input.Value)] = "Enter the value of your bid in pounds.";
        else if (input.Value < 0) errors[nameof(input.Value)] = "The value cannot be negative.";
        if (string.IsNullOrWhiteSpace(input.Summary)) errors[nameof(input.Summary)] = "Summarise what your organisation offers.";
        else if (input.Summary.Length > 4000) errors[nameof(input.Summary)] = "Keep the summary to 4,000 characters; attach the full bid as a document.";
        ValidationFailedException.ThrowIfAny(errors);

        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.FirstOrDefaultAsync(t => t.Id == tenderId && t.Status != TenderStatus.Planning, ct)
            ?? throw new NotFoundException("That tender does not exist.");
        var now = Now;
        if (tender.Status == TenderStatus.Active && tender.SubmissionDeadlineUtc is { } deadline && now > deadline)
            throw Invalid($"Bids closed at {UkCalendar.ToUk(deadline):HH:mm 'on' d MMMM yyyy}. This bid is late and cannot be accepted.");
        if (tender.Status != TenderStatus.Active) throw Invalid($"Bids are accepted only while the tender is open; it is {CommissioningText.Label(tender.Status)}.");

        StoredFile? stored = file is not null && !string.IsNullOrEmpty(fileName) ? await files.SaveAsync(fileName, file, ct) : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.TenderInterests.AnyAsync(i => i.TenderId == tenderId && i.OrganisationId == org, ct))
            db.TenderInterests.Add(new TenderInterest { TenderId = tenderId, OrganisationId = org, RegisteredUtc = now, RegisteredBy = Actor.Name });
        var bid = await db.Bids.FirstOrDefaultAsync(b => b.TenderId == tenderId && b.OrganisationId == org, ct);
        if (bid is null) db.Bids.Add(bid = new Bid { TenderId = tenderId, OrganisationId = org });
        bid.SubmittedUtc = now;
        bid.SubmittedBy = Actor.Name;
        bid.Value = input.Value!.Value;
        bid.Summary = input.Summary.Trim();
        bid.Outcome = BidOutcome.Pending;
        await db.SaveChangesAsync(ct);
        if (stored is not null)
        {
            db.CommissioningDocuments.Add(CommissioningDocument.From(stored, "Bid document", now, Actor.Name, bidId: bid.Id));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return bid.Id;
    }

    /// <summary>The commissioner's score (0 to 100) and outcome for a bid, while the tender is in evaluation.</summary>
    public async Task EvaluateBidAsync(int bidId, BidEvaluationInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        if (input.Score is < 0 or > 100)
            throw new ValidationFailedException(new Dictionary<string, string> { [nameof(input.Score)] = "Score between 0 and 100." });
        await using var db = await dbs.OpenAsync(Actor, ct);
        var bid = await db.Bids.Include(b => b.Tender).FirstOrDefaultAsync(b => b.Id == bidId, ct) ?? throw new NotFoundException("That bid does not exist.");
        if (bid.Tender.Status != TenderStatus.Evaluation)
            throw Invalid($"Bids are scored while the tender is in evaluation; it is {CommissioningText.Label(bid.Tender.Status)}.");
        db.Entry(bid).Property(b => b.Version).OriginalValue = input.Version;
        bid.Score = input.Score;
        bid.EvaluationNotes = FieldRules.Clean(input.Notes);
        bid.Outcome = input.Outcome;
        await db.SaveChangesOrConflictAsync(ct);
    }

    private static DateTime? ToUtc(DateTime? local) => local is { } l ? UkCalendar.ToUtc(l) : null;

    private void ApplyTender(Tender t, TenderInput input)
    {
        t.Reference = input.Reference.Trim();
        t.Title = input.Title.Trim();
        t.Description = input.Description.Trim();
        t.EstimatedValue = input.EstimatedValue;
        t.Method = input.Method;
        t.BuyerOrganisationId = input.BuyerOrganisationId!.Value;
        t.ClarificationDeadlineUtc = ToUtc(input.ClarificationDeadlineLocal);
        t.SubmissionDeadlineUtc = ToUtc(input.SubmissionDeadlineLocal);
        t.LastModifiedUtc = Now;
        foreach (var p in input.PathwayIds.Distinct().Where(p => t.Pathways.All(x => x.PathwayId != p))) t.Pathways.Add(new TenderPathway { PathwayId = p });
        foreach (var p in input.PrisonIds.Distinct().Where(p => t.Prisons.All(x => x.PrisonId != p))) t.Prisons.Add(new TenderPrison { PrisonId = p });
    }

    private static async Task<Dictionary<string, string>> ValidateTenderAsync(AppDbContext db, TenderInput input, int? id, DateOnly today, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var reference = input.Reference.Trim();
        if (reference.Length == 0) errors[nameof(input.Reference)] = "Enter the tender's reference, for example NE-ROM-2026-014.";
        else if (reference.Length > 40) errors[nameof(input.Reference)] = "Keep the reference to 40 characters.";
        else if (await db.Tenders.AnyAsync(t => t.Reference == reference && t.Id != id, ct)) errors[nameof(input.Reference)] = "Another tender already has this reference.";
        if (string.IsNullOrWhiteSpace(input.Title)) errors[nameof(input.Title)] = "Enter the tender's title.";
        else if (input.Title.Trim().Length > 200) errors[nameof(input.Title)] = "Keep the title to 200 characters.";
        if (input.Description.Length > 4000) errors[nameof(input.Description)] = "Keep the description to 4,000 characters; attach the specification as a document.";
        if (input.EstimatedValue < 0) errors[nameof(input.EstimatedValue)] = "The estimated value cannot be negative.";
        if (input.BuyerOrganisationId is not { } buyer) errors[nameof(input.BuyerOrganisationId)] = "Choose the commissioning body.";
        else if (!await db.Organisations.AnyAsync(o => o.Id == buyer, ct)) errors[nameof(input.BuyerOrganisationId)] = "That organisation is not in the directory.";
        if (input.ClarificationDeadlineLocal is { } c && input.SubmissionDeadlineLocal is { } s && c > s)
            errors[nameof(input.ClarificationDeadlineLocal)] = "Clarification questions must close before the submission deadline.";
        var kept = id is null ? [] : await db.TenderPrisons.Where(x => x.TenderId == id).Select(x => x.PrisonId).ToListAsync(ct);
        await ValidateLinksAsync(db, input.PathwayIds, input.PrisonIds, kept, today, [], [], errors, ct);
        return errors;
    }
}
