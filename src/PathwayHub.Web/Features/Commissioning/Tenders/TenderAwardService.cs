using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Awarding a tender in evaluation: one agreement per successful bid, the other bids unsuccessful, and every bidder told
/// the outcome. Only commissioners and the coordinator award.
/// </summary>
public sealed class TenderAwardService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private Actor Actor => user.Actor;

    /// <summary>
    /// Awards a tender in evaluation: one agreement per successful bid (its value the bid's value), the remaining pending bids
    /// become unsuccessful, the tender is complete, and every bidder's provider editors are told the outcome through the outbox.
    /// </summary>
    public async Task<IReadOnlyList<int>> AwardAsync(int tenderId, AwardInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        var errors = new Dictionary<string, string>();
        ValidatePeriod(input.StartDate, input.EndDate, errors);
        if (input.ExtensionOptions?.Length > 100) errors[nameof(input.ExtensionOptions)] = "Keep the extension options to 100 characters.";
        ValidationFailedException.ThrowIfAny(errors);

        await using var db = await dbs.OpenAsync(Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tender = await db.Tenders.Include(t => t.Pathways).Include(t => t.Prisons).Include(t => t.Bids).ThenInclude(b => b.Organisation)
            .FirstOrDefaultAsync(t => t.Id == tenderId, ct) ?? throw new NotFoundException("That tender does not exist.");
        if (tender.Status != TenderStatus.Evaluation) throw Invalid($"Only a tender in evaluation can be awarded; it is {CommissioningText.Label(tender.Status)}.");
        var winners = tender.Bids.Where(b => b.Outcome == BidOutcome.Successful).OrderBy(b => b.Organisation.Name).ToList();
        if (winners.Count == 0) throw Invalid("Mark at least one bid successful before awarding the tender.");

        db.Entry(tender).Property(t => t.Version).OriginalValue = input.Version;
        var agreements = new List<Agreement>();
        foreach (var bid in winners)
        {
            var agreement = AgreementFor(tender, bid, input, agreements.Count + 1, winners.Count);
            if (await db.Agreements.AnyAsync(a => a.Reference == agreement.Reference, ct))
                throw Invalid($"An agreement with the reference {agreement.Reference} already exists.");
            agreements.Add(agreement);
        }
        db.Agreements.AddRange(agreements);
        foreach (var bid in tender.Bids.Where(b => b.Outcome == BidOutcome.Pending)) bid.Outcome = BidOutcome.Unsuccessful;
        tender.Status = TenderStatus.Complete;
        tender.AwardDate = UkCalendar.DayOf(Now);
        tender.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);

        await TellBiddersAsync(db, tender, winners.Select(b => b.OrganisationId).ToHashSet(), ct);
        await tx.CommitAsync(ct);
        return agreements.Select(a => a.Id).ToList();
    }

    /// <summary>The <paramref name="n"/>th of <paramref name="count"/> agreements: with more than one, each reference and title names its own.</summary>
    private Agreement AgreementFor(Tender tender, Bid bid, AwardInput input, int n, int count)
    {
        var agreement = new Agreement
        {
            Reference = count == 1 ? tender.Reference : $"{tender.Reference}-{n}",
            Title = count == 1 ? tender.Title : $"{tender.Title} ({bid.Organisation.Name})",
            Description = tender.Description, Kind = input.Kind, SupplierOrganisationId = bid.OrganisationId,
            BuyerOrganisationId = tender.BuyerOrganisationId, TenderId = tender.Id, BidId = bid.Id, Value = bid.Value,
            StartDate = input.StartDate!.Value, EndDate = input.EndDate!.Value, ExtensionOptions = FieldRules.Clean(input.ExtensionOptions),
            Status = AgreementStatus.Pending, Decision = RecommissioningDecision.Undecided,
            DecisionDueDate = Agreement.DefaultDecisionDue(input.EndDate!.Value), LastModifiedUtc = Now,
        };
        foreach (var p in tender.Pathways) agreement.Pathways.Add(new AgreementPathway { PathwayId = p.PathwayId });
        foreach (var p in tender.Prisons) agreement.Prisons.Add(new AgreementPrison { PrisonId = p.PrisonId });
        return agreement;
    }

    /// <summary>Each bidding organisation's provider editors, through the outbox: awarded or not, once per tender and user.</summary>
    private async Task TellBiddersAsync(AppDbContext db, Tender tender, HashSet<int> winnerOrgs, CancellationToken ct)
    {
        var recipients = await Recipients.OrganisationsUsers(db, tender.Bids.Select(b => b.OrganisationId).ToList(), Roles.ProviderEditor).ToListAsync(ct);
        await NotificationService.EnqueueAsync(db, recipients.Select(r =>
        {
            var won = winnerOrgs.Contains(r.OrganisationId);
            return new OutgoingNotification(r.UserId, won ? NotificationKinds.TenderAwarded : NotificationKinds.TenderUnsuccessful, $"tender:{tender.Id}:outcome:user:{r.UserId}",
                won ? $"Tender awarded: {tender.Title}" : $"Tender outcome: {tender.Title}",
                won ? $"Your organisation's bid for {tender.Reference} {tender.Title} was successful. The commissioner will be in touch about the agreement."
                    : $"Your organisation's bid for {tender.Reference} {tender.Title} was not successful on this occasion.",
                $"/commissioning/tenders/{tender.Id}");
        }), Now, ct);
    }
}
