using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>Reads: tender and agreement pages, the register, the dashboard, home cards, and the queries reminders use.</summary>
public sealed partial class CommissioningService
{
    private void RequireAnyRole()
    {
        Actor.RequireRole();
    }

    /// <summary>Tenders, newest first. Tenders still being planned are seen only by commissioners and the coordinator.</summary>
    public async Task<IReadOnlyList<TenderRow>> ListTendersAsync(TenderStatus? status = null, int? pathwayId = null, CancellationToken ct = default)
    {
        RequireAnyRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = VisibleTenders(db);
        if (status is { } s) q = q.Where(t => t.Status == s);
        if (pathwayId is { } p) q = q.Where(t => t.Pathways.Any(x => x.PathwayId == p));
        return await TenderRows(q.OrderByDescending(t => t.Id).Take(500)).ToListAsync(ct);
    }

    public async Task<TenderView> GetTenderAsync(int id, CancellationToken ct = default)
    {
        RequireAnyRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var t = await VisibleTenders(db).Include(x => x.Buyer)
            .Include(x => x.Pathways).ThenInclude(p => p.Pathway).Include(x => x.Prisons).ThenInclude(p => p.Prison)
            .Include(x => x.Documents.Where(d => d.WithdrawnUtc == null))
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That tender does not exist.");
        var org = Actor.IsIn(Roles.ProviderEditor) ? Actor.OrganisationId : null;
        var manage = CanManage;

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

    /// <summary>The register of agreements: filters, sort and a zero-based page. Every signed-in user may read it (as the OCDS export publishes it).</summary>
    public async Task<AgreementResults> SearchAgreementsAsync(AgreementQuery query, CancellationToken ct = default)
    {
        RequireAnyRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Filter(db.Agreements.AsNoTracking(), query, today);
        var total = await q.CountAsync(ct);
        q = (query.Sort, query.Descending) switch
        {
            (AgreementSort.Reference, false) => q.OrderBy(a => a.Reference),
            (AgreementSort.Reference, true) => q.OrderByDescending(a => a.Reference),
            (AgreementSort.Title, false) => q.OrderBy(a => a.Title).ThenBy(a => a.Id),
            (AgreementSort.Title, true) => q.OrderByDescending(a => a.Title).ThenBy(a => a.Id),
            (AgreementSort.Supplier, false) => q.OrderBy(a => a.Supplier.Name).ThenBy(a => a.EndDate).ThenBy(a => a.Id),
            (AgreementSort.Supplier, true) => q.OrderByDescending(a => a.Supplier.Name).ThenBy(a => a.EndDate).ThenBy(a => a.Id),
            // SQLite keeps decimals as text, so order by the value as a number.
            (AgreementSort.Value, false) => q.OrderBy(a => (double)a.Value).ThenBy(a => a.Id),
            (AgreementSort.Value, true) => q.OrderByDescending(a => (double)a.Value).ThenBy(a => a.Id),
            (AgreementSort.StartDate, false) => q.OrderBy(a => a.StartDate).ThenBy(a => a.Id),
            (AgreementSort.StartDate, true) => q.OrderByDescending(a => a.StartDate).ThenBy(a => a.Id),
            (_, false) => q.OrderBy(a => a.EndDate).ThenBy(a => a.Id),
            (_, true) => q.OrderByDescending(a => a.EndDate).ThenBy(a => a.Id),
        };
        var size = Math.Clamp(query.PageSize, 1, 200);
        var rows = await AgreementRowsAsync(db, q.Skip(Math.Max(query.Page, 0) * size).Take(size), today, CanManage, ct);
        return new AgreementResults(rows, total);
    }

    /// <summary>Every agreement matching a register search, as CSV.</summary>
    public async Task<string> ExportAgreementsCsvAsync(AgreementQuery query, CancellationToken ct = default)
    {
        var rows = new List<AgreementRow>();
        for (var page = 0; ; page++)
        {
            var result = await SearchAgreementsAsync(query with { Page = page, PageSize = 200 }, ct);
            rows.AddRange(result.Items);
            if (rows.Count >= result.TotalItems || result.Items.Count == 0) break;
        }
        var manage = CanManage;
        string[] header = ["Reference", "Title", "Kind", "Supplier", "Buyer", "Value (GBP)", "Start", "End", "Status", "Pathways", "Prisons"];
        return Csv.Write(manage ? [.. header, "Recommissioning decision", "Decision due"] : header, rows.Select(r =>
        {
            string?[] cells =
            [
                r.Reference, r.Title, Sentence(r.Kind), r.Supplier, r.Buyer, r.Value.ToString("0.00", CultureInfo.InvariantCulture),
                r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Sentence(r.Status), string.Join("; ", r.Pathways), string.Join("; ", r.Prisons),
            ];
            return manage ? [.. cells, r.Decision is { } d ? Sentence(d) : null, r.DecisionDueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] : cells;
        }));
    }

    public async Task<AgreementView> GetAgreementAsync(int id, CancellationToken ct = default)
    {
        RequireAnyRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var a = await db.Agreements.AsNoTracking().Include(x => x.Supplier).Include(x => x.Buyer).Include(x => x.Tender)
            .Include(x => x.Pathways).ThenInclude(p => p.Pathway).Include(x => x.Prisons).ThenInclude(p => p.Prison)
            .Include(x => x.Subcontractors).ThenInclude(s => s.Organisation).Include(x => x.Services).ThenInclude(s => s.Service)
            .AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var manage = CanManage;
        var org = Actor.IsIn(Roles.ProviderEditor) ? Actor.OrganisationId : null;
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

    /// <summary>The commissioning dashboard: pipeline, what ends when, undecided recommissioning, overdue milestones and where the money goes.</summary>
    public async Task<CommissioningDashboard> DashboardAsync(CancellationToken ct = default)
    {
        RequireManager();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pipeline = (await db.Tenders.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        foreach (var s in Enum.GetValues<TenderStatus>()) pipeline.TryAdd(s, 0);

        var live = db.Agreements.Where(a => a.Status != AgreementStatus.Terminated && a.EndDate >= today);
        var in3 = today.AddMonths(3);
        var in6 = today.AddMonths(6);
        var in12 = today.AddMonths(12);
        var ending3 = await live.CountAsync(a => a.EndDate <= in3, ct);
        var ending6 = await live.CountAsync(a => a.EndDate <= in6, ct);
        var ending12 = await live.CountAsync(a => a.EndDate <= in12, ct);
        var expiring = await Expiring(live.Where(a => a.EndDate <= in12).OrderBy(a => a.EndDate).ThenBy(a => a.Id).Take(25), today).ToListAsync(ct);
        var undecidedQ = live.Where(a => a.EndDate <= in12 && a.Decision == RecommissioningDecision.Undecided);
        var undecidedCount = await undecidedQ.CountAsync(ct);
        var undecided = await Expiring(undecidedQ.OrderBy(a => a.DecisionDueDate).ThenBy(a => a.EndDate).ThenBy(a => a.Id).Take(50), today).ToListAsync(ct);

        var overdueQ = OverdueMilestones(db, today);
        var overdueCount = await overdueQ.CountAsync(ct);
        var overdue = await DueMilestones(overdueQ.OrderBy(m => m.DueDate).ThenBy(m => m.Id).Take(20), today).ToListAsync(ct);

        var (byPathway, byPrison) = await ValueBreakdownsAsync(db, today, ct);

        return new CommissioningDashboard(pipeline, ending3, ending6, ending12, expiring, undecidedCount, undecided, overdueCount, overdue,
            byPathway, byPrison);
    }

    /// <summary>
    /// Value of live agreements by Pathway and by prison. These sum every live agreement's links, the dashboard's one costly
    /// read, so the result is kept until any agreement changes (its count or latest modification, read through an index) or the
    /// day turns; every instance checks the database, so none shows a stale figure after another's change.
    /// </summary>
    private async Task<(IReadOnlyList<ValueSlice> ByPathway, IReadOnlyList<ValueSlice> ByPrison)> ValueBreakdownsAsync(AppDbContext db, DateOnly today, CancellationToken ct)
    {
        var latest = await db.Agreements.MaxAsync(a => (DateTime?)a.LastModifiedUtc, ct);
        var count = await db.Agreements.CountAsync(ct);
        var key = (today, count, latest);
        if (breakdowns.TryGet(key) is { } cached) return cached;

        // Live agreements only; an agreement serving two Pathways (or prisons) counts in each. Summed as floating point, which
        // SQLite adds natively (its decimals are text), then rounded back to pence; names are joined afterwards, once per group.
        var byPathway = await db.AgreementPathways.Where(x => x.Agreement.Status != AgreementStatus.Terminated && x.Agreement.EndDate >= today)
            .GroupBy(x => x.PathwayId).Select(g => new { Id = g.Key, Value = g.Sum(x => (double)x.Agreement.Value), Count = g.Count() }).ToListAsync(ct);
        var byPrison = await db.AgreementPrisons.Where(x => x.Agreement.Status != AgreementStatus.Terminated && x.Agreement.EndDate >= today)
            .GroupBy(x => x.PrisonId).Select(g => new { Id = g.Key, Value = g.Sum(x => (double)x.Agreement.Value), Count = g.Count() }).ToListAsync(ct);
        var pathwayNames = await db.Pathways.AsNoTracking().OrderBy(p => p.SortOrder).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var prisonNames = await db.Prisons.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        (IReadOnlyList<ValueSlice>, IReadOnlyList<ValueSlice>) result = (
            pathwayNames.Join(byPathway, p => p.Id, v => v.Id, (p, v) => new ValueSlice(p.Id, p.Name, Math.Round((decimal)v.Value, 2), v.Count)).ToList(),
            prisonNames.Join(byPrison, p => p.Id, v => v.Id, (p, v) => new ValueSlice(p.Id, p.Name, Math.Round((decimal)v.Value, 2), v.Count)).ToList());
        breakdowns.Set(key, result);
        return result;
    }

    /// <summary>Home cards: commissioners see what expires and what is undecided; provider editors open tenders and their bids.</summary>
    public async Task<CommissioningHome> HomeAsync(CancellationToken ct = default)
    {
        RequireAnyRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        int ending = 0, undecidedCount = 0;
        List<ExpiringAgreement> undecided = [];
        if (CanManage)
        {
            var in12 = today.AddMonths(12);
            var live = db.Agreements.Where(a => a.Status != AgreementStatus.Terminated && a.EndDate >= today && a.EndDate <= in12);
            ending = await live.CountAsync(ct);
            var q = live.Where(a => a.Decision == RecommissioningDecision.Undecided);
            undecidedCount = await q.CountAsync(ct);
            undecided = await Expiring(q.OrderBy(a => a.DecisionDueDate).ThenBy(a => a.Id).Take(5), today).ToListAsync(ct);
        }
        List<TenderRow> open = [], mine = [];
        if (Actor.IsIn(Roles.ProviderEditor) && Actor.OrganisationId is { } org)
        {
            var now = Now;
            open = await TenderRows(db.Tenders.AsNoTracking().Where(t => t.Status == TenderStatus.Active && t.SubmissionDeadlineUtc > now)
                .OrderBy(t => t.SubmissionDeadlineUtc).Take(10)).ToListAsync(ct);
            mine = await TenderRows(db.Tenders.AsNoTracking().Where(t => t.Bids.Any(b => b.OrganisationId == org)).OrderByDescending(t => t.Id).Take(10)).ToListAsync(ct);
        }
        return new CommissioningHome(ending, undecidedCount, undecided, open, mine);
    }

    /// <summary>A prison: every agreement covering it and every tender that names it (its directory services come from the directory).</summary>
    public async Task<PrisonView> PrisonAsync(int prisonId, CancellationToken ct = default)
    {
        RequireAnyRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var p = await db.Prisons.AsNoTracking().FirstOrDefaultAsync(x => x.Id == prisonId, ct) ?? throw new NotFoundException("That prison is not in the list.");
        var agreements = await AgreementRowsAsync(db, db.Agreements.AsNoTracking().Where(a => a.Prisons.Any(x => x.PrisonId == prisonId)).OrderBy(a => a.EndDate).ThenBy(a => a.Id), Today, CanManage, ct);
        var tenders = await TenderRows(VisibleTenders(db).Where(t => t.Prisons.Any(x => x.PrisonId == prisonId) && t.Status != TenderStatus.Cancelled).OrderByDescending(t => t.Id).Take(100)).ToListAsync(ct);
        return new PrisonView(p.Id, p.Name, Directory.Prison.TypeLabel(p.Type), p.Town, p.Postcode, p.Note, agreements, tenders);
    }

    /// <summary>Organisations, Pathways, prisons and services for the pickers on the tender and agreement forms.</summary>
    public async Task<(IReadOnlyList<Named> Organisations, IReadOnlyList<Named> Pathways, IReadOnlyList<Named> Prisons, IReadOnlyList<Named> Services)> OptionsAsync(CancellationToken ct = default)
    {
        RequireAnyRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        // The same visibility as the directory: pending organisations and other organisations' unpublished listings stay out.
        var orgs = await db.Organisations.AsNoTracking().Where(Directory.DirectoryAccess.ChoosableOrganisations(Actor)).OrderBy(o => o.Name)
            .Select(o => new Named(o.Id, o.Name)).ToListAsync(ct);
        var pathways = await db.Pathways.AsNoTracking().OrderBy(p => p.SortOrder).Select(p => new Named(p.Id, p.Name)).ToListAsync(ct);
        var prisons = await db.Prisons.AsNoTracking().OrderBy(p => p.Name).Select(p => new Named(p.Id, p.Name)).ToListAsync(ct);
        var services = await db.Services.AsNoTracking().Where(Directory.DirectoryAccess.VisibleListings(Actor)).OrderBy(s => s.Name)
            .Select(s => new Named(s.Id, s.Name + " (" + s.Organisation.Name + ")")).ToListAsync(ct);
        return (orgs, pathways, prisons, services);
    }

    // ---------------------------------------------------------------- queries for reminders (issue 6)

    /// <summary>Live agreements ending within <paramref name="months"/> months, with their recommissioning decision, soonest first.</summary>
    public async Task<IReadOnlyList<ExpiringAgreement>> AgreementsEndingWithinAsync(int months, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await AgreementsEndingWithinAsync(db, Today, months, ct);
    }

    /// <summary>Scheduled milestones due on or before <paramref name="until"/>, including overdue ones, earliest first.</summary>
    public async Task<IReadOnlyList<DueMilestone>> MilestonesDueAsync(DateOnly until, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await MilestonesDueAsync(db, Today, until, ct);
    }

    /// <summary>Open tenders whose submission deadline is within <paramref name="days"/> days, with the interested organisations and their provider editors.</summary>
    public async Task<IReadOnlyList<ClosingTender>> TendersClosingWithinAsync(int days, CancellationToken ct = default)
    {
        RequireManager();
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await TendersClosingWithinAsync(db, Now, days, ct);
    }

    // The same queries over a caller's context and clock, for background jobs that run with no signed-in user.

    public static async Task<IReadOnlyList<ExpiringAgreement>> AgreementsEndingWithinAsync(AppDbContext db, DateOnly today, int months, CancellationToken ct = default)
    {
        var until = today.AddMonths(months);
        return await Expiring(db.Agreements.AsNoTracking().Where(a => a.Status != AgreementStatus.Terminated && a.EndDate >= today && a.EndDate <= until)
            .OrderBy(a => a.EndDate).ThenBy(a => a.Id), today).ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<DueMilestone>> MilestonesDueAsync(AppDbContext db, DateOnly today, DateOnly until, CancellationToken ct = default) =>
        await DueMilestones(db.Milestones.AsNoTracking().Where(m => m.Status == MilestoneStatus.Scheduled && m.DueDate <= until && m.Agreement.Status != AgreementStatus.Terminated)
            .OrderBy(m => m.DueDate).ThenBy(m => m.Id), today).ToListAsync(ct);

    public static async Task<IReadOnlyList<ClosingTender>> TendersClosingWithinAsync(AppDbContext db, DateTime nowUtc, int days, CancellationToken ct = default)
    {
        var until = nowUtc.AddDays(days);
        var tenders = await db.Tenders.AsNoTracking().Where(t => t.Status == TenderStatus.Active && t.SubmissionDeadlineUtc > nowUtc && t.SubmissionDeadlineUtc <= until)
            .OrderBy(t => t.SubmissionDeadlineUtc)
            .Select(t => new { t.Id, t.Reference, t.Title, Deadline = t.SubmissionDeadlineUtc!.Value,
                Orgs = t.Interests.OrderBy(i => i.Organisation.Name).Select(i => new Named(i.OrganisationId, i.Organisation.Name)).ToList() })
            .ToListAsync(ct);
        var orgIds = tenders.SelectMany(t => t.Orgs.Select(o => o.Id)).Distinct().ToList();
        var editors = await ProviderEditorsAsync(db, orgIds, ct);
        return tenders.Select(t => new ClosingTender(t.Id, t.Reference, t.Title, t.Deadline, t.Orgs,
            editors.Where(e => t.Orgs.Any(o => o.Id == e.OrganisationId)).Select(e => e.UserId).ToList())).ToList();
    }

    // ---------------------------------------------------------------- projections

    private IQueryable<Tender> VisibleTenders(AppDbContext db) =>
        CanManage ? db.Tenders.AsNoTracking() : db.Tenders.AsNoTracking().Where(t => t.Status != TenderStatus.Planning);

    private IQueryable<TenderRow> TenderRows(IQueryable<Tender> q)
    {
        var org = Actor.IsIn(Roles.ProviderEditor) ? Actor.OrganisationId ?? -1 : -1;
        var manage = CanManage;
        return q.Select(t => new TenderRow(t.Id, t.Reference, t.Title, t.Status, t.Method, t.Buyer.Name, t.EstimatedValue, t.SubmissionDeadlineUtc,
            manage ? t.Interests.Count : 0, manage ? t.Bids.Count : 0,
            t.Interests.Any(i => i.OrganisationId == org), t.Bids.Any(b => b.OrganisationId == org)));
    }

    private static IQueryable<Agreement> Filter(IQueryable<Agreement> q, AgreementQuery query, DateOnly today)
    {
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var t = query.Text.Trim().ToLower();
            q = q.Where(a => a.Reference.ToLower().Contains(t) || a.Title.ToLower().Contains(t) || a.Supplier.Name.ToLower().Contains(t));
        }
        if (query.PathwayId is { } p) q = q.Where(a => a.Pathways.Any(x => x.PathwayId == p));
        if (query.PrisonId is { } r) q = q.Where(a => a.Prisons.Any(x => x.PrisonId == r));
        if (query.SupplierId is { } s) q = q.Where(a => a.SupplierOrganisationId == s || a.Subcontractors.Any(x => x.OrganisationId == s));
        if (query.Kind is { } k) q = q.Where(a => a.Kind == k);
        if (query.EndingBefore is { } e) q = q.Where(a => a.EndDate <= e);
        q = query.Status switch
        {
            AgreementStatus.Expired => q.Where(a => a.Status != AgreementStatus.Terminated && a.EndDate < today),
            AgreementStatus.Terminated => q.Where(a => a.Status == AgreementStatus.Terminated),
            { } status => q.Where(a => a.Status == status && a.EndDate >= today),
            null => q,
        };
        return q;
    }

    /// <summary>
    /// Rows for an ordered, already paged query. The Pathway and prison names are read for just these rows afterwards: as
    /// correlated collections in one query, SQLite would join every agreement's links before paging.
    /// </summary>
    private static async Task<List<AgreementRow>> AgreementRowsAsync(AppDbContext db, IQueryable<Agreement> q, DateOnly today, bool manage, CancellationToken ct)
    {
        var rows = await q.AsNoTracking().Select(a => new
        {
            a.Id, a.Reference, a.Title, a.Kind, a.SupplierOrganisationId, Supplier = a.Supplier.Name, Buyer = a.Buyer.Name, a.Value, a.StartDate, a.EndDate,
            a.Status, a.Decision, a.DecisionDueDate,
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var pathways = (await db.AgreementPathways.AsNoTracking().Where(x => ids.Contains(x.AgreementId))
            .Select(x => new { x.AgreementId, x.Pathway.Name, x.Pathway.SortOrder }).ToListAsync(ct))
            .OrderBy(x => x.SortOrder).ToLookup(x => x.AgreementId, x => x.Name);
        var prisons = (await db.AgreementPrisons.AsNoTracking().Where(x => ids.Contains(x.AgreementId))
            .Select(x => new { x.AgreementId, x.Prison.Name }).ToListAsync(ct))
            .OrderBy(x => x.Name, StringComparer.Ordinal).ToLookup(x => x.AgreementId, x => x.Name);
        return rows.Select(a => new AgreementRow(a.Id, a.Reference, a.Title, a.Kind, a.SupplierOrganisationId, a.Supplier, a.Buyer, a.Value, a.StartDate, a.EndDate,
            Agreement.EffectiveStatus(a.Status, a.EndDate, today), manage ? a.Decision : null, manage ? a.DecisionDueDate : null,
            pathways[a.Id].ToList(), prisons[a.Id].ToList())).ToList();
    }

    private static IQueryable<ExpiringAgreement> Expiring(IQueryable<Agreement> q, DateOnly today) =>
        q.Select(a => new ExpiringAgreement(a.Id, a.Reference, a.Title, a.Supplier.Name, a.SupplierOrganisationId, a.EndDate, a.Decision, a.DecisionDueDate,
            a.Decision == RecommissioningDecision.Undecided && a.DecisionDueDate < today, a.Value));

    private static IQueryable<Milestone> OverdueMilestones(AppDbContext db, DateOnly today) =>
        db.Milestones.AsNoTracking().Where(m => m.Status == MilestoneStatus.Scheduled && m.DueDate < today && m.Agreement.Status != AgreementStatus.Terminated);

    private static IQueryable<DueMilestone> DueMilestones(IQueryable<Milestone> q, DateOnly today) =>
        q.Select(m => new DueMilestone(m.Id, m.AgreementId, m.Agreement.Reference, m.Agreement.Title, m.Agreement.SupplierOrganisationId, m.Title, m.Kind, m.DueDate, m.DueDate < today));
}
