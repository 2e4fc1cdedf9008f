using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// An agreement from making to its end: made directly (or by <see cref="TenderAwardService"/>), amended term by term, moved
/// along <see cref="AgreementTransitions"/>, and the recommissioning decision. Its expiry follows from its end date. Only
/// commissioners and the coordinator change agreements; every signed-in user reads one, delivery detail only its parties.
/// (Named for the workflow: <see cref="AgreementService"/> is the entity linking an agreement to a directory service.)
/// </summary>
public sealed class AgreementLifecycleService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

    public async Task<AgreementView> GetAgreementAsync(int id, CancellationToken ct = default)
    {
        Actor.RequireRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var a = await db.Agreements.AsNoTracking().Include(x => x.Supplier).Include(x => x.Buyer).Include(x => x.Tender)
            .Include(x => x.Pathways).ThenInclude(p => p.Pathway).Include(x => x.Prisons).ThenInclude(p => p.Prison)
            .Include(x => x.Subcontractors).ThenInclude(s => s.Organisation).Include(x => x.Services).ThenInclude(s => s.Service)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var manage = CommissioningAccess.CanManage(Actor);
        var org = CommissioningAccess.ProviderOrganisation(Actor);
        // Delivery detail (milestones, returns, documents) is for commissioners and the agreement's own providers.
        var delivery = manage || (org is { } o && (a.SupplierOrganisationId == o || a.Subcontractors.Any(s => s.OrganisationId == o)));
        var amendments = (await db.AgreementAmendments.AsNoTracking().Where(x => x.AgreementId == id).OrderByDescending(x => x.Date).ThenByDescending(x => x.Id).ToListAsync(ct))
            .Select(x => new AmendmentView(x.Id, x.Date, x.Reason, JsonSerializer.Deserialize<List<TermChange>>(x.Changes, Json) ?? [], x.RecordedBy, x.RecordedUtc)).ToList();
        var milestones = delivery
            ? await db.Milestones.AsNoTracking().Where(m => m.AgreementId == id).OrderBy(m => m.DueDate).ThenBy(m => m.Id)
                .Select(m => new MilestoneView(m.Id, m.Title, m.Kind, m.DueDate, m.Status, m.CompletedDate, m.Notes, m.Status == MilestoneStatus.Scheduled && m.DueDate < today, m.Version, m.Publishable))
                .ToListAsync(ct)
            : [];
        var returns = delivery
            ? await db.PerformanceReturns.AsNoTracking().Where(r => r.AgreementId == id).OrderByDescending(r => r.FinancialYear).ThenByDescending(r => r.Quarter).ThenBy(r => r.Measure)
                .Select(r => new ReturnView(r.Id, r.FinancialYear, r.Quarter, r.Measure, r.Target, r.Actual, r.Commentary, r.Rag, r.SubmittedBy, r.SubmittedUtc)).ToListAsync(ct)
            : [];
        var docs = delivery
            ? await db.CommissioningDocuments.AsNoTracking().Where(d => d.AgreementId == id && d.WithdrawnUtc == null).OrderBy(d => d.Id)
                .Select(d => new DocumentView(d.Id, d.Title, d.FileName, d.Size, d.AddedUtc, d.Publishable)).ToListAsync(ct)
            : [];
        var status = Agreement.EffectiveStatus(a.Status, a.EndDate, today);
        return new AgreementView(a.Id, a.Reference, a.Title, a.Description, a.Kind, a.SupplierOrganisationId, a.Supplier.Name, a.BuyerOrganisationId, a.Buyer.Name,
            a.TenderId, a.Tender?.Reference, a.Value, a.StartDate, a.EndDate, a.ExtensionOptions, status, a.TerminatedDate, a.TerminationReason,
            a.Pathways.Select(p => new Named(p.PathwayId, p.Pathway.Name)).OrderBy(p => p.Name).ToList(),
            a.Prisons.Select(p => new Named(p.PrisonId, p.Prison.Name)).OrderBy(p => p.Name).ToList(),
            a.Subcontractors.Select(p => new Named(p.OrganisationId, p.Organisation.Name)).OrderBy(p => p.Name).ToList(),
            a.Services.Select(p => new Named(p.ServiceId, p.Service.Name)).OrderBy(p => p.Name).ToList(),
            manage ? a.Decision : null, manage ? a.DecisionDueDate : null, manage ? a.DecisionNote : null, manage ? a.DecidedUtc : null, manage ? a.DecidedBy : null,
            manage && NeedsDecision(a.Status, a.EndDate, a.Decision, today),
            amendments, milestones, returns, docs, manage, delivery, a.Version);
    }

    /// <summary>An agreement needs a decision when it is live, ends within 12 months and nobody has decided.</summary>
    public static bool NeedsDecision(AgreementStatus stored, DateOnly end, RecommissioningDecision decision, DateOnly today) =>
        decision == RecommissioningDecision.Undecided && stored != AgreementStatus.Terminated && end >= today && end <= today.AddMonths(12);

    /// <summary>Makes an agreement directly (a grant, or a service-level agreement with a prison), pending until it starts.</summary>
    public async Task<int> CreateAgreementAsync(AgreementInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var errors = await ValidateAgreementAsync(db, input, null, Today, ct);
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
        CommissioningAccess.RequireManager(Actor);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements
            .Include(a => a.Pathways).ThenInclude(p => p.Pathway).Include(a => a.Prisons).ThenInclude(p => p.Prison)
            .Include(a => a.Subcontractors).ThenInclude(s => s.Organisation).Include(a => a.Services).ThenInclude(s => s.Service)
            .Include(a => a.Supplier).Include(a => a.Buyer)
            .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        if (agreement.Status == AgreementStatus.Terminated) throw Invalid("A terminated agreement cannot be amended.");
        var errors = await ValidateAgreementAsync(db, input, id, Today, ct);
        if (date is null) errors["Date"] = "Enter the date the amendment takes effect.";
        if (string.IsNullOrWhiteSpace(reason)) errors["Reason"] = "Give the reason for the amendment.";
        ValidationFailedException.ThrowIfAny(errors);

        var changes = await AgreementChanges.DescribeAsync(db, agreement, input, ct);
        if (changes.Count == 0) throw Invalid("Nothing has changed: change at least one term to record an amendment.");

        db.Entry(agreement).Property(a => a.Version).OriginalValue = input.Version;
        var endChanged = agreement.EndDate != input.EndDate;
        ApplyTerms(agreement, input);
        if (endChanged && !agreement.DecisionDueDateSet) agreement.DecisionDueDate = Agreement.DefaultDecisionDue(agreement.EndDate);
        ReplaceLinks(db, agreement, input);
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
        CommissioningAccess.RequireManager(Actor);
        if (to == AgreementStatus.Expired)
            throw Invalid("An agreement expires by itself when its end date passes; to end it early, terminate it.");
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var today = Today;
        if (Agreement.EffectiveStatus(agreement.Status, agreement.EndDate, today) == AgreementStatus.Expired)
            throw Invalid($"The agreement expired on {agreement.EndDate.AddDays(1):d MMMM yyyy}. To continue it, extend its end date by an amendment.");
        if (!AgreementTransitions[agreement.Status].Contains(to))
            throw Invalid($"An agreement that is {CommissioningText.Label(agreement.Status)} cannot become {CommissioningText.Label(to)}."
                + CommissioningText.Allowed(AgreementTransitions[agreement.Status].Select(CommissioningText.Label).ToList()));
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
        CommissioningAccess.RequireManager(Actor);
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

    private static async Task<Dictionary<string, string>> ValidateAgreementAsync(AppDbContext db, AgreementInput input, int? id, DateOnly today, CancellationToken ct)
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
        var kept = id is null ? [] : await db.AgreementPrisons.Where(x => x.AgreementId == id).Select(x => x.PrisonId).ToListAsync(ct);
        await ValidateLinksAsync(db, input.PathwayIds, input.PrisonIds, kept, today, input.SubcontractorIds, input.ServiceIds, errors, ct);
        return errors;
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

    /// <summary>The agreement's Pathways, prisons, subcontractors and directory services become those of the input.</summary>
    private static void ReplaceLinks(AppDbContext db, Agreement agreement, AgreementInput input)
    {
        db.AgreementPathways.RemoveRange(agreement.Pathways.Where(p => !input.PathwayIds.Contains(p.PathwayId)));
        foreach (var p in input.PathwayIds.Distinct().Where(p => agreement.Pathways.All(x => x.PathwayId != p))) agreement.Pathways.Add(new AgreementPathway { PathwayId = p });
        db.AgreementPrisons.RemoveRange(agreement.Prisons.Where(p => !input.PrisonIds.Contains(p.PrisonId)));
        foreach (var p in input.PrisonIds.Distinct().Where(p => agreement.Prisons.All(x => x.PrisonId != p))) agreement.Prisons.Add(new AgreementPrison { PrisonId = p });
        db.AgreementSubcontractors.RemoveRange(agreement.Subcontractors.Where(p => !input.SubcontractorIds.Contains(p.OrganisationId)));
        foreach (var p in input.SubcontractorIds.Distinct().Where(p => agreement.Subcontractors.All(x => x.OrganisationId != p))) agreement.Subcontractors.Add(new AgreementSubcontractor { OrganisationId = p });
        db.AgreementServices.RemoveRange(agreement.Services.Where(p => !input.ServiceIds.Contains(p.ServiceId)));
        foreach (var p in input.ServiceIds.Distinct().Where(p => agreement.Services.All(x => x.ServiceId != p))) agreement.Services.Add(new AgreementService { ServiceId = p });
    }
}
