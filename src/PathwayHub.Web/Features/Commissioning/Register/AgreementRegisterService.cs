using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// The register of agreements (search, sort, page, CSV), what covers a prison, and the choices the tender and agreement forms
/// offer. Every signed-in user may read the register, as the OCDS export publishes it; the recommissioning decision is for
/// commissioners and the coordinator only.
/// </summary>
public sealed class AgreementRegisterService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => UkCalendar.DayOf(clock.GetUtcNow().UtcDateTime);
    private Actor Actor => user.Actor;

    /// <summary>The register of agreements: filters, sort and a zero-based page.</summary>
    public async Task<AgreementResults> SearchAgreementsAsync(AgreementQuery query, CancellationToken ct = default)
    {
        Actor.RequireRole();
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
        var rows = await AgreementRowsAsync(db, q.Skip(Math.Max(query.Page, 0) * size).Take(size), today, CommissioningAccess.CanManage(Actor), ct);
        return new AgreementResults(rows, total);
    }

    /// <summary>Every agreement matching a register search, as CSV.</summary>
    public async Task<string> ExportAgreementsCsvAsync(AgreementQuery query, CancellationToken ct = default)
    {
        Actor.RequireRole();
        var rows = new List<AgreementRow>();
        for (var page = 0; ; page++)
        {
            var result = await SearchAgreementsAsync(query with { Page = page, PageSize = 200 }, ct);
            rows.AddRange(result.Items);
            if (rows.Count >= result.TotalItems || result.Items.Count == 0) break;
        }
        var manage = CommissioningAccess.CanManage(Actor);
        string[] header = ["Reference", "Title", "Kind", "Supplier", "Buyer", "Value (GBP)", "Start", "End", "Status", "Pathways", "Prisons"];
        return Csv.Write(manage ? [.. header, "Recommissioning decision", "Decision due"] : header, rows.Select(r =>
        {
            string?[] cells =
            [
                r.Reference, r.Title, CommissioningText.Sentence(r.Kind), r.Supplier, r.Buyer, r.Value.ToString("0.00", CultureInfo.InvariantCulture),
                r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                CommissioningText.Sentence(r.Status), string.Join("; ", r.Pathways), string.Join("; ", r.Prisons),
            ];
            return manage ? [.. cells, r.Decision is { } d ? CommissioningText.Sentence(d) : null, r.DecisionDueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] : cells;
        }));
    }

    /// <summary>A prison: every agreement covering it and every tender that names it (its directory services come from the directory).</summary>
    public async Task<PrisonView> PrisonAsync(int prisonId, CancellationToken ct = default)
    {
        Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var p = await db.Prisons.AsNoTracking().FirstOrDefaultAsync(x => x.Id == prisonId, ct) ?? throw new NotFoundException("That prison is not in the list.");
        var agreements = await AgreementRowsAsync(db, db.Agreements.AsNoTracking().Where(a => a.Prisons.Any(x => x.PrisonId == prisonId)).OrderBy(a => a.EndDate).ThenBy(a => a.Id),
            Today, CommissioningAccess.CanManage(Actor), ct);
        var tenders = await TenderRows(CommissioningAccess.VisibleTenders(db, Actor).Where(t => t.Prisons.Any(x => x.PrisonId == prisonId) && t.Status != TenderStatus.Cancelled)
            .OrderByDescending(t => t.Id).Take(100), Actor).ToListAsync(ct);
        var successor = p.SuccessorId is { } s ? await db.Prisons.AsNoTracking().Where(x => x.Id == s).Select(x => new Named(x.Id, x.Name)).FirstOrDefaultAsync(ct) : null;
        var closed = p.IsOpenOn(Today) ? null : Directory.Prison.ClosedText(p.ClosedOn, successor?.Name);
        return new PrisonView(p.Id, p.Name, Directory.Prison.TypeLabel(p.Type), p.Town, p.Postcode, p.Note, agreements, tenders, closed, successor);
    }

    /// <summary>
    /// Organisations, Pathways, prisons and services for the pickers on the tender and agreement forms: the prisons open today
    /// plus <paramref name="keepPrisonIds"/> (the record's own, closed or not), or every prison for the register's filter.
    /// </summary>
    public async Task<(IReadOnlyList<Named> Organisations, IReadOnlyList<Named> Pathways, IReadOnlyList<Named> Prisons, IReadOnlyList<Named> Services)> OptionsAsync(
        bool allPrisons = false, IReadOnlyCollection<int>? keepPrisonIds = null, CancellationToken ct = default)
    {
        Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        // The same visibility as the directory: pending organisations and other organisations' unpublished listings stay out.
        var orgs = await db.Organisations.AsNoTracking().Where(Directory.DirectoryAccess.ChoosableOrganisations(Actor)).OrderBy(o => o.Name)
            .Select(o => new Named(o.Id, o.Name)).ToListAsync(ct);
        var pathways = await db.Pathways.AsNoTracking().OrderBy(p => p.SortOrder).Select(p => new Named(p.Id, p.Name)).ToListAsync(ct);
        var keep = keepPrisonIds?.ToList() ?? [];
        var open = db.Prisons.Where(Directory.Prison.OpenOn(Today)).Select(p => p.Id);
        var prisons = await db.Prisons.AsNoTracking().Where(p => allPrisons || open.Contains(p.Id) || keep.Contains(p.Id))
            .OrderBy(p => p.Name).Select(p => new Named(p.Id, p.Name)).ToListAsync(ct);
        var services = await db.Services.AsNoTracking().Where(Directory.DirectoryAccess.VisibleListings(Actor)).OrderBy(s => s.Name)
            .Select(s => new Named(s.Id, s.Name + " (" + s.Organisation.Name + ")")).ToListAsync(ct);
        return (orgs, pathways, prisons, services);
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
}
