using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Tenders, bids and agreements. Only commissioners and coordinators create or change tenders and agreements; provider
/// editors register their organisation's interest, bid, and see only their own organisation's bids. Statuses move only
/// along <see cref="TenderTransitions"/> and <see cref="AgreementTransitions"/>; an agreement's expiry follows from its end date.
/// Every change is audited (all entities are <c>IAudited</c>).
/// </summary>
public sealed partial class CommissioningService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, FileStore files, ValueBreakdownCache breakdowns)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

    /// <summary>Which stored agreement statuses may follow which. Expired is never set: it follows from the end date.</summary>
    public static readonly IReadOnlyDictionary<AgreementStatus, AgreementStatus[]> AgreementTransitions = new Dictionary<AgreementStatus, AgreementStatus[]>
    {
        [AgreementStatus.Pending] = [AgreementStatus.Active, AgreementStatus.Terminated],
        [AgreementStatus.Active] = [AgreementStatus.Terminated],
        [AgreementStatus.Terminated] = [],
        [AgreementStatus.Expired] = [],
    };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);
    private Actor Actor => user.Actor;
    private bool CanManage => Actor.IsIn(Roles.Commissioner, Roles.Coordinator);

    private void RequireManager()
    {
        if (!CanManage) throw new ForbiddenException("Only commissioners and the coordinator can create or change tenders and agreements.");
    }

    // ---------------------------------------------------------------- tenders

    public async Task<int> CreateTenderAsync(TenderInput input, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var errors = await ValidateTenderAsync(db, input, null, ct);
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
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.Include(t => t.Pathways).Include(t => t.Prisons).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status is not (TenderStatus.Planning or TenderStatus.Active))
            throw Invalid($"A tender that is {Label(tender.Status)} cannot be changed.");
        var errors = await ValidateTenderAsync(db, input, id, ct);
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
    /// without an award needs a reason. Complete is reached only through <see cref="AwardAsync"/>.
    /// </summary>
    public async Task ChangeTenderStatusAsync(int id, TenderStatus to, string? reason, Guid version, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("That tender does not exist.");
        RequireTransition(tender.Status, to);
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
        var org = RequireProviderOrganisation();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenderId && t.Status != TenderStatus.Planning, ct)
            ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status != TenderStatus.Active) throw Invalid($"Interest can be registered only while the tender is open for bids; it is {Label(tender.Status)}.");
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
        var org = RequireProviderOrganisation();
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
        if (tender.Status != TenderStatus.Active) throw Invalid($"Bids are accepted only while the tender is open; it is {Label(tender.Status)}.");

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
            db.CommissioningDocuments.Add(Document(stored, "Bid document", bidId: bid.Id));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return bid.Id;
    }

    /// <summary>The commissioner's score (0 to 100) and outcome for a bid, while the tender is in evaluation.</summary>
    public async Task EvaluateBidAsync(int bidId, BidEvaluationInput input, CancellationToken ct = default)
    {
        RequireManager();
        if (input.Score is < 0 or > 100)
            throw new ValidationFailedException(new Dictionary<string, string> { [nameof(input.Score)] = "Score between 0 and 100." });
        await using var db = await dbs.OpenAsync(Actor, ct);
        var bid = await db.Bids.Include(b => b.Tender).FirstOrDefaultAsync(b => b.Id == bidId, ct) ?? throw new NotFoundException("That bid does not exist.");
        if (bid.Tender.Status != TenderStatus.Evaluation)
            throw Invalid($"Bids are scored while the tender is in evaluation; it is {Label(bid.Tender.Status)}.");
        db.Entry(bid).Property(b => b.Version).OriginalValue = input.Version;
        bid.Score = input.Score;
        bid.EvaluationNotes = FieldRules.Clean(input.Notes);
        bid.Outcome = input.Outcome;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>
    /// Awards a tender in evaluation: one agreement per successful bid (its value the bid's value), the remaining pending bids
    /// become unsuccessful, the tender is complete, and every bidder's provider editors are told the outcome through the outbox.
    /// </summary>
    public async Task<IReadOnlyList<int>> AwardAsync(int tenderId, AwardInput input, CancellationToken ct = default)
    {
        RequireManager();
        var errors = new Dictionary<string, string>();
        ValidatePeriod(input.StartDate, input.EndDate, errors);
        if (input.ExtensionOptions?.Length > 100) errors[nameof(input.ExtensionOptions)] = "Keep the extension options to 100 characters.";
        ValidationFailedException.ThrowIfAny(errors);

        await using var db = await dbs.OpenAsync(Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tender = await db.Tenders.Include(t => t.Pathways).Include(t => t.Prisons).Include(t => t.Bids).ThenInclude(b => b.Organisation)
            .FirstOrDefaultAsync(t => t.Id == tenderId, ct) ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status != TenderStatus.Evaluation) throw Invalid($"Only a tender in evaluation can be awarded; it is {Label(tender.Status)}.");
        var winners = tender.Bids.Where(b => b.Outcome == BidOutcome.Successful).OrderBy(b => b.Organisation.Name).ToList();
        if (winners.Count == 0) throw Invalid("Mark at least one bid successful before awarding the tender.");

        db.Entry(tender).Property(t => t.Version).OriginalValue = input.Version;
        var today = Today;
        var agreements = new List<Agreement>();
        var n = 0;
        foreach (var bid in winners)
        {
            n++;
            var agreement = new Agreement
            {
                Reference = winners.Count == 1 ? tender.Reference : $"{tender.Reference}-{n}",
                Title = winners.Count == 1 ? tender.Title : $"{tender.Title} ({bid.Organisation.Name})",
                Description = tender.Description, Kind = input.Kind, SupplierOrganisationId = bid.OrganisationId,
                BuyerOrganisationId = tender.BuyerOrganisationId, TenderId = tender.Id, BidId = bid.Id, Value = bid.Value,
                StartDate = input.StartDate!.Value, EndDate = input.EndDate!.Value, ExtensionOptions = FieldRules.Clean(input.ExtensionOptions),
                Status = AgreementStatus.Pending, Decision = RecommissioningDecision.Undecided,
                DecisionDueDate = Agreement.DefaultDecisionDue(input.EndDate!.Value), LastModifiedUtc = Now,
            };
            if (await db.Agreements.AnyAsync(a => a.Reference == agreement.Reference, ct))
                throw Invalid($"An agreement with the reference {agreement.Reference} already exists.");
            foreach (var p in tender.Pathways) agreement.Pathways.Add(new AgreementPathway { PathwayId = p.PathwayId });
            foreach (var p in tender.Prisons) agreement.Prisons.Add(new AgreementPrison { PrisonId = p.PrisonId });
            agreements.Add(agreement);
        }
        db.Agreements.AddRange(agreements);
        foreach (var bid in tender.Bids.Where(b => b.Outcome == BidOutcome.Pending)) bid.Outcome = BidOutcome.Unsuccessful;
        tender.Status = TenderStatus.Complete;
        tender.AwardDate = today;
        tender.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);

        var winnerOrgs = winners.Select(b => b.OrganisationId).ToHashSet();
        var recipients = await ProviderEditorsAsync(db, tender.Bids.Select(b => b.OrganisationId).ToList(), ct);
        await NotificationService.EnqueueAsync(db, recipients.Select(r =>
        {
            var won = winnerOrgs.Contains(r.OrganisationId);
            return new OutgoingNotification(r.UserId, won ? NotificationKinds.TenderAwarded : NotificationKinds.TenderUnsuccessful, $"tender:{tender.Id}:outcome:user:{r.UserId}",
                won ? $"Tender awarded: {tender.Title}" : $"Tender outcome: {tender.Title}",
                won ? $"Your organisation's bid for {tender.Reference} {tender.Title} was successful. The commissioner will be in touch about the agreement."
                    : $"Your organisation's bid for {tender.Reference} {tender.Title} was not successful on this occasion.",
                $"/commissioning/tenders/{tender.Id}");
        }), Now, ct);
        await tx.CommitAsync(ct);
        return agreements.Select(a => a.Id).ToList();
    }

    public async Task<int> AddTenderDocumentAsync(int tenderId, string title, string fileName, Stream content, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var tender = await db.Tenders.FirstOrDefaultAsync(t => t.Id == tenderId, ct) ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status is TenderStatus.Cancelled or TenderStatus.Unsuccessful) throw Invalid($"The tender is {Label(tender.Status)}.");
        var stored = await files.SaveAsync(fileName, content, ct);
        var doc = Document(stored, title, tenderId: tenderId);
        db.CommissioningDocuments.Add(doc);
        tender.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return doc.Id;
    }

    public async Task<int> AddAgreementDocumentAsync(int agreementId, string title, string fileName, Stream content, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var stored = await files.SaveAsync(fileName, content, ct);
        var doc = Document(stored, title, agreementId: agreementId);
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
        var allowed = CanManage || doc switch
        {
            { TenderId: { } t } => await db.Tenders.AnyAsync(x => x.Id == t && x.Status != TenderStatus.Planning, ct),
            { BidId: { } b } => Actor.IsIn(Roles.ProviderEditor) && await db.Bids.AnyAsync(x => x.Id == b && x.OrganisationId == org, ct),
            { AgreementId: { } a } => await IsPartyAsync(db, a, ct),
            _ => false,
        };
        if (!allowed) throw new NotFoundException("That document does not exist.");
        return (files.Open(doc.Sha256), doc.ContentType, doc.FileName);
    }

    // ---------------------------------------------------------------- agreements

    /// <summary>Makes an agreement directly (a grant, or a service-level agreement with a prison), pending until it starts.</summary>
    public async Task<int> CreateAgreementAsync(AgreementInput input, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var errors = await ValidateAgreementAsync(db, input, null, ct);
        ValidationFailedException.ThrowIfAny(errors);
        var agreement = new Agreement
        {
            Status = AgreementStatus.Pending, Decision = RecommissioningDecision.Undecided, DecisionDueDate = Agreement.DefaultDecisionDue(input.EndDate!.Value),
        };
        ApplyTerms(agreement, input);
        foreach (var id in input.PathwayIds.Distinct()) agreement.Pathways.Add(new AgreementPathway { PathwayId = id });
        foreach (var id in input.PrisonIds.Distinct()) agreement.Prisons.Add(new AgreementPrison { PrisonId = id });
        foreach (var id in input.SubcontractorIds.Distinct()) agreement.Subcontractors.Add(new AgreementSubcontractor { OrganisationId = id });
        foreach (var id in input.ServiceIds.Distinct()) agreement.Services.Add(new AgreementService { ServiceId = id });
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        return agreement.Id;
    }

    /// <summary>
    /// Changes an agreement's terms as a dated amendment with its reason; the amendment records the old and new value of each
    /// term that changed. Nothing changed is refused. A terminated agreement cannot be amended.
    /// </summary>
    public async Task<int> AmendAgreementAsync(int id, AgreementInput input, DateOnly? date, string reason, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements
            .Include(a => a.Pathways).ThenInclude(p => p.Pathway).Include(a => a.Prisons).ThenInclude(p => p.Prison)
            .Include(a => a.Subcontractors).ThenInclude(s => s.Organisation).Include(a => a.Services).ThenInclude(s => s.Service)
            .Include(a => a.Supplier).Include(a => a.Buyer)
            .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        if (agreement.Status == AgreementStatus.Terminated) throw Invalid("A terminated agreement cannot be amended.");
        var errors = await ValidateAgreementAsync(db, input, id, ct);
        if (date is null) errors["Date"] = "Enter the date the amendment takes effect.";
        if (string.IsNullOrWhiteSpace(reason)) errors["Reason"] = "Give the reason for the amendment.";
        ValidationFailedException.ThrowIfAny(errors);

        var changes = await DescribeChangesAsync(db, agreement, input, ct);
        if (changes.Count == 0) throw Invalid("Nothing has changed: change at least one term to record an amendment.");

        db.Entry(agreement).Property(a => a.Version).OriginalValue = input.Version;
        var endChanged = agreement.EndDate != input.EndDate;
        ApplyTerms(agreement, input);
        if (endChanged && !agreement.DecisionDueDateSet) agreement.DecisionDueDate = Agreement.DefaultDecisionDue(agreement.EndDate);
        db.AgreementPathways.RemoveRange(agreement.Pathways.Where(p => !input.PathwayIds.Contains(p.PathwayId)));
        foreach (var p in input.PathwayIds.Distinct().Where(p => agreement.Pathways.All(x => x.PathwayId != p))) agreement.Pathways.Add(new AgreementPathway { PathwayId = p });
        db.AgreementPrisons.RemoveRange(agreement.Prisons.Where(p => !input.PrisonIds.Contains(p.PrisonId)));
        foreach (var p in input.PrisonIds.Distinct().Where(p => agreement.Prisons.All(x => x.PrisonId != p))) agreement.Prisons.Add(new AgreementPrison { PrisonId = p });
        db.AgreementSubcontractors.RemoveRange(agreement.Subcontractors.Where(p => !input.SubcontractorIds.Contains(p.OrganisationId)));
        foreach (var p in input.SubcontractorIds.Distinct().Where(p => agreement.Subcontractors.All(x => x.OrganisationId != p))) agreement.Subcontractors.Add(new AgreementSubcontractor { OrganisationId = p });
        db.AgreementServices.RemoveRange(agreement.Services.Where(p => !input.ServiceIds.Contains(p.ServiceId)));
        foreach (var p in input.ServiceIds.Distinct().Where(p => agreement.Services.All(x => x.ServiceId != p))) agreement.Services.Add(new AgreementService { ServiceId = p });
        var amendment = new AgreementAmendment
        {
            AgreementId = id, Date = date!.Value, Reason = reason.Trim(), Changes = JsonSerializer.Serialize(changes, Json), RecordedUtc = Now, RecordedBy = Actor.Name,
        };
        db.AgreementAmendments.Add(amendment);
        await db.SaveChangesOrConflictAsync(ct);
        return amendment.Id;
    }

    /// <summary>Moves an agreement along <see cref="AgreementTransitions"/>. Terminating needs a reason; expiry is never set by hand.</summary>
    public async Task ChangeAgreementStatusAsync(int id, AgreementStatus to, string? reason, Guid version, CancellationToken ct = default)
    {
        RequireManager();
        if (to == AgreementStatus.Expired)
            throw Invalid("An agreement expires by itself when its end date passes; to end it early, terminate it.");
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var today = Today;
        if (Agreement.EffectiveStatus(agreement.Status, agreement.EndDate, today) == AgreementStatus.Expired)
            throw Invalid($"The agreement expired on {agreement.EndDate.AddDays(1):d MMMM yyyy}. To continue it, extend its end date by an amendment.");
        if (!AgreementTransitions[agreement.Status].Contains(to))
            throw Invalid($"An agreement that is {Label(agreement.Status)} cannot become {Label(to)}.{Allowed(AgreementTransitions[agreement.Status])}");
        if (to == AgreementStatus.Terminated)
        {
            if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailedException(new Dictionary<string, string> { ["Reason"] = "Give the reason for terminating the agreement." });
            agreement.TerminatedDate = today;
            agreement.TerminationReason = reason.Trim();
        }
        db.Entry(agreement).Property(a => a.Version).OriginalValue = version;
        agreement.Status = to;
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Records the recommissioning decision, and optionally a decision-due date other than six months before the end.</summary>
    public async Task RecordDecisionAsync(int id, RecommissioningDecision decision, DateOnly? decisionDue, string? note, Guid version, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        if (agreement.Status == AgreementStatus.Terminated) throw Invalid("The agreement is terminated: there is nothing to recommission.");
        if (decisionDue is { } due && due > agreement.EndDate)
            throw new ValidationFailedException(new Dictionary<string, string> { ["DecisionDueDate"] = "The decision is needed on or before the agreement's end date." });
        db.Entry(agreement).Property(a => a.Version).OriginalValue = version;
        agreement.Decision = decision;
        agreement.DecisionNote = FieldRules.Clean(note);
        if (decisionDue is { } d && d != agreement.DecisionDueDate)
        {
            agreement.DecisionDueDate = d;
            agreement.DecisionDueDateSet = true;
        }
        agreement.DecidedUtc = decision == RecommissioningDecision.Undecided ? null : Now;
        agreement.DecidedBy = decision == RecommissioningDecision.Undecided ? null : Actor.Name;
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);
    }

    public async Task<int> AddMilestoneAsync(int agreementId, MilestoneInput input, CancellationToken ct = default)
    {
        RequireManager();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors[nameof(input.Title)] = "Describe the milestone.";
        else if (input.Title.Length > 200) errors[nameof(input.Title)] = "Keep the title to 200 characters.";
        if (input.DueDate is null) errors[nameof(input.DueDate)] = "Enter the date the milestone is due.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFoundException("That agreement does not exist.");
        if (agreement.Status == AgreementStatus.Terminated) throw Invalid("The agreement is terminated.");
        var milestone = new Milestone { AgreementId = agreementId, Title = input.Title.Trim(), Kind = input.Kind, DueDate = input.DueDate!.Value, Status = MilestoneStatus.Scheduled };
        db.Milestones.Add(milestone);
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return milestone.Id;
    }

    public async Task UpdateMilestoneAsync(int id, MilestoneStatus status, DateOnly? completedDate, string? notes, Guid version, CancellationToken ct = default)
    {
        RequireManager();
        if (status != MilestoneStatus.Scheduled && completedDate is { } d && d > Today)
            throw new ValidationFailedException(new Dictionary<string, string> { ["CompletedDate"] = "The date it was assessed cannot be in the future." });
        await using var db = await dbs.OpenAsync(Actor, ct);
        var milestone = await db.Milestones.Include(m => m.Agreement).FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("That milestone does not exist.");
        db.Entry(milestone).Property(m => m.Version).OriginalValue = version;
        milestone.Status = status;
        milestone.CompletedDate = status == MilestoneStatus.Scheduled ? null : completedDate ?? Today;
        milestone.Notes = FieldRules.Clean(notes);
        milestone.Agreement.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Adds one measure of a quarterly performance return. The RAG status is derived from target and actual unless given.</summary>
    public async Task<int> AddReturnAsync(int agreementId, ReturnInput input, CancellationToken ct = default)
    {
        RequireManager();
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Measure)) errors[nameof(input.Measure)] = "Name the measure, for example \"Families supported\".";
        if (input.Quarter is < 1 or > 4) errors[nameof(input.Quarter)] = "Choose a quarter from Q1 (April to June) to Q4 (January to March).";
        if (input.FinancialYear is < 2000 or > 2100) errors[nameof(input.FinancialYear)] = "Enter the year the financial year starts, for example 2026 for 2026-27.";
        if (input.Target is null) errors[nameof(input.Target)] = "Enter the target.";
        else if (input.Target < 0) errors[nameof(input.Target)] = "The target cannot be negative.";
        if (input.Actual is null) errors[nameof(input.Actual)] = "Enter the actual figure.";
        else if (input.Actual < 0) errors[nameof(input.Actual)] = "The actual figure cannot be negative.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var measure = input.Measure.Trim();
        if (await db.PerformanceReturns.AnyAsync(r => r.AgreementId == agreementId && r.FinancialYear == input.FinancialYear && r.Quarter == input.Quarter && r.Measure == measure, ct))
            throw new ValidationFailedException(new Dictionary<string, string> { [nameof(input.Measure)] = $"This measure is already recorded for {QuarterLabel(input.FinancialYear, input.Quarter)}." });
        var row = new PerformanceReturn
        {
            AgreementId = agreementId, FinancialYear = input.FinancialYear, Quarter = input.Quarter, Measure = measure, Target = input.Target!.Value,
            Actual = input.Actual!.Value, Commentary = FieldRules.Clean(input.Commentary), Rag = input.Rag ?? DeriveRag(input.Target.Value, input.Actual.Value),
            SubmittedUtc = Now, SubmittedBy = Actor.Name,
        };
        db.PerformanceReturns.Add(row);
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    public static Rag DeriveRag(decimal target, decimal actual) =>
        target == 0 || actual >= target ? Rag.Green : actual >= target * 0.8m ? Rag.Amber : Rag.Red;

    /// <summary>"2026-27 Q3 (Oct to Dec)".</summary>
    public static string QuarterLabel(int financialYear, int quarter) =>
        $"{financialYear}-{(financialYear + 1) % 100:00} Q{quarter} ({quarter switch { 1 => "Apr to Jun", 2 => "Jul to Sep", 3 => "Oct to Dec", _ => "Jan to Mar" }})";

    // ---------------------------------------------------------------- helpers

    private int RequireProviderOrganisation()
    {
        if (!Actor.IsIn(Roles.ProviderEditor) || Actor.OrganisationId is not { } org)
            throw new ForbiddenException("Only a provider editor can register interest or bid, for their own organisation.");
        return org;
    }

    private static void RequireTransition(TenderStatus from, TenderStatus to)
    {
        if (!TenderTransitions[from].Contains(to))
            throw Invalid($"A tender that is {Label(from)} cannot become {Label(to)}.{Allowed(TenderTransitions[from])}");
    }

    private static string Allowed<T>(T[] next) where T : struct, Enum =>
        next.Length == 0 ? " It is closed." : $" It can become {string.Join(" or ", next.Select(n => Label(n)))}.";

    public static string Label<T>(T status) where T : struct, Enum => status switch
    {
        TenderStatus.Active => "open for bids",
        TenderStatus.Evaluation => "in evaluation",
        TenderStatus.Complete => "awarded",
        BidOutcome.Pending => "not yet decided",
        RecommissioningDecision.LetLapse => "let lapse",
        AgreementKind.ServiceLevelAgreement => "service-level agreement",
        MilestoneStatus.NotMet => "not met",
        MilestoneStatus.PartiallyMet => "partially met",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Sentence<T>(T status) where T : struct, Enum
    {
        var s = Label(status);
        return char.ToUpperInvariant(s[0]) + s[1..];
    }

    private async Task<bool> IsPartyAsync(AppDbContext db, int agreementId, CancellationToken ct)
    {
        if (!Actor.IsIn(Roles.ProviderEditor) || Actor.OrganisationId is not { } org) return false;
        return await db.Agreements.AnyAsync(a => a.Id == agreementId && (a.SupplierOrganisationId == org || a.Subcontractors.Any(s => s.OrganisationId == org)), ct);
    }

    private sealed record Recipient(string UserId, int OrganisationId);

    private static async Task<List<Recipient>> ProviderEditorsAsync(AppDbContext db, IReadOnlyCollection<int> organisationIds, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == Roles.ProviderEditor).Select(r => r.Id).FirstOrDefaultAsync(ct);
        return await db.Users.Where(u => u.OrganisationId != null && organisationIds.Contains(u.OrganisationId.Value) && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId))
            .Select(u => new Recipient(u.Id, u.OrganisationId!.Value)).ToListAsync(ct);
    }

    private CommissioningDocument Document(StoredFile f, string? title, int? tenderId = null, int? bidId = null, int? agreementId = null) => new()
    {
        TenderId = tenderId, BidId = bidId, AgreementId = agreementId, Title = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(f.FileName) : title.Trim(),
        FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, Sha256 = f.Sha256, AddedUtc = Now, AddedBy = Actor.Name,
    };

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

    private async Task<Dictionary<string, string>> ValidateTenderAsync(AppDbContext db, TenderInput input, int? id, CancellationToken ct)
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
        await ValidateLinksAsync(db, input.PathwayIds, input.PrisonIds, [], [], errors, ct);
        return errors;
    }

    private async Task<Dictionary<string, string>> ValidateAgreementAsync(AppDbContext db, AgreementInput input, int? id, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var reference = input.Reference.Trim();
        if (reference.Length == 0) errors[nameof(input.Reference)] = "Enter the agreement's reference.";
        else if (reference.Length > 40) errors[nameof(input.Reference)] = "Keep the reference to 40 characters.";
        else if (await db.Agreements.AnyAsync(a => a.Reference == reference && a.Id != id, ct)) errors[nameof(input.Reference)] = "Another agreement already has this reference.";
        if (string.IsNullOrWhiteSpace(input.Title)) errors[nameof(input.Title)] = "Enter the agreement's title.";
        else if (input.Title.Trim().Length > 200) errors[nameof(input.Title)] = "Keep the title to 200 characters.";
        if (input.Description.Length > 4000) errors[nameof(input.Description)] = "Keep the description to 4,000 characters.";
        if (input.Value is null) errors[nameof(input.Value)] = "Enter the agreement's value in pounds.";
        else if (input.Value < 0) errors[nameof(input.Value)] = "The value cannot be negative.";
        if (input.ExtensionOptions?.Length > 100) errors[nameof(input.ExtensionOptions)] = "Keep the extension options to 100 characters.";
        ValidatePeriod(input.StartDate, input.EndDate, errors);
        if (input.SupplierOrganisationId is not { } supplier) errors[nameof(input.SupplierOrganisationId)] = "Choose the supplier.";
        else if (!await db.Organisations.AnyAsync(o => o.Id == supplier, ct)) errors[nameof(input.SupplierOrganisationId)] = "That organisation is not in the directory.";
        if (input.BuyerOrganisationId is not { } buyer) errors[nameof(input.BuyerOrganisationId)] = "Choose the commissioning body.";
        else if (!await db.Organisations.AnyAsync(o => o.Id == buyer, ct)) errors[nameof(input.BuyerOrganisationId)] = "That organisation is not in the directory.";
        if (input.SupplierOrganisationId is { } sup && input.SubcontractorIds.Contains(sup))
            errors[nameof(input.SubcontractorIds)] = "The supplier cannot also be its own subcontractor.";
        await ValidateLinksAsync(db, input.PathwayIds, input.PrisonIds, input.SubcontractorIds, input.ServiceIds, errors, ct);
        return errors;
    }

    private static void ValidatePeriod(DateOnly? start, DateOnly? end, Dictionary<string, string> errors)
    {
        if (start is null) errors["StartDate"] = "Enter the start date.";
        if (end is null) errors["EndDate"] = "Enter the end date.";
        else if (start is { } s && end <= s) errors["EndDate"] = "The end date must be after the start date.";
    }

    private static async Task ValidateLinksAsync(AppDbContext db, List<int> pathways, List<int> prisons, List<int> orgs, List<int> services,
        Dictionary<string, string> errors, CancellationToken ct)
    {
        var p = pathways.Distinct().ToList();
        if (p.Count > 0 && await db.Pathways.CountAsync(x => p.Contains(x.Id), ct) != p.Count) errors["PathwayIds"] = "Choose Pathways from the list.";
        var r = prisons.Distinct().ToList();
        if (r.Count > 0 && await db.Prisons.CountAsync(x => r.Contains(x.Id), ct) != r.Count) errors["PrisonIds"] = "Choose prisons from the list.";
        var o = orgs.Distinct().ToList();
        if (o.Count > 0 && await db.Organisations.CountAsync(x => o.Contains(x.Id), ct) != o.Count) errors["SubcontractorIds"] = "Choose organisations from the directory.";
        var s = services.Distinct().ToList();
        if (s.Count > 0 && await db.Services.CountAsync(x => s.Contains(x.Id), ct) != s.Count) errors["ServiceIds"] = "Choose services from the directory.";
    }

    private void ApplyTerms(Agreement a, AgreementInput input)
    {
        a.LastModifiedUtc = Now;
        a.Reference = input.Reference.Trim();
        a.Title = input.Title.Trim();
        a.Description = input.Description.Trim();
        a.Kind = input.Kind;
        a.SupplierOrganisationId = input.SupplierOrganisationId!.Value;
        a.BuyerOrganisationId = input.BuyerOrganisationId!.Value;
        a.Value = input.Value!.Value;
        a.StartDate = input.StartDate!.Value;
        a.EndDate = input.EndDate!.Value;
        a.ExtensionOptions = FieldRules.Clean(input.ExtensionOptions);
    }

    /// <summary>Each term whose value differs, written as the register shows it.</summary>
    private static async Task<List<TermChange>> DescribeChangesAsync(AppDbContext db, Agreement a, AgreementInput input, CancellationToken ct)
    {
        var changes = new List<TermChange>();
        void Add(string term, string? old, string? @new)
        {
            if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal)) changes.Add(new TermChange(term, old, @new));
        }
        async Task<string> OrgAsync(int id) => await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(ct);

        Add("Reference", a.Reference, input.Reference.Trim());
        Add("Title", a.Title, input.Title.Trim());
        Add("Description", a.Description, input.Description.Trim());
        Add("Kind", Sentence(a.Kind), Sentence(input.Kind));
        if (a.SupplierOrganisationId != input.SupplierOrganisationId) Add("Supplier", a.Supplier.Name, await OrgAsync(input.SupplierOrganisationId!.Value));
        if (a.BuyerOrganisationId != input.BuyerOrganisationId) Add("Buyer", a.Buyer.Name, await OrgAsync(input.BuyerOrganisationId!.Value));
        Add("Value", Money(a.Value), Money(input.Value!.Value));
        Add("Start date", Day(a.StartDate), Day(input.StartDate!.Value));
        Add("End date", Day(a.EndDate), Day(input.EndDate!.Value));
        Add("Extension options", a.ExtensionOptions, FieldRules.Clean(input.ExtensionOptions));
        Add("Pathways", Names(a.Pathways.Select(p => p.Pathway.Name)), Names(await db.Pathways.Where(p => input.PathwayIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        Add("Prisons", Names(a.Prisons.Select(p => p.Prison.Name)), Names(await db.Prisons.Where(p => input.PrisonIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        Add("Subcontractors", Names(a.Subcontractors.Select(p => p.Organisation.Name)), Names(await db.Organisations.Where(p => input.SubcontractorIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        Add("Directory services", Names(a.Services.Select(p => p.Service.Name)), Names(await db.Services.Where(p => input.ServiceIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        return changes;
    }

    public static string Money(decimal v) => v.ToString(v % 1 == 0 ? "C0" : "C2", CultureInfo.GetCultureInfo("en-GB"));
    public static string Day(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
    private static string? Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : null;
    private static ValidationFailedException Invalid(string message) => new(new Dictionary<string, string> { [""] = message });
}
