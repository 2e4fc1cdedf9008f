using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Reports;

/// <summary>
/// Gathers what the delivery-plan reports show, one method per section, so a new feature adds its section here and nowhere else.
/// Only what every member and associate of the Pathway may read goes in: decisions from approved minutes, no confidential papers.
/// The caller checks who may have the report.
/// </summary>
internal sealed class ReportDataQuery(AppDbContext db, Actor actor, DateTime nowUtc, Notifications.ReminderOptions? reminders = null)
{
    private readonly Notifications.ReminderOptions _reminders = reminders ?? new();
    private readonly DateOnly _today = UkCalendar.DayOf(nowUtc);

    public async Task<PathwayReportData> PathwayAsync(int pathwayId, int year, CancellationToken ct)
    {
        var pathway = await db.Pathways.AsNoTracking().Where(p => p.Id == pathwayId)
            .Select(p => new { p.Id, p.Name, p.Slug, Lead = p.LeadOrganisation != null ? p.LeadOrganisation.Name : null })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("That Pathway does not exist.");
        var plan = await db.DeliveryPlans.AsNoTracking().Where(p => p.PathwayId == pathwayId && p.Year == year).Select(p => new { p.Id, p.Summary }).FirstOrDefaultAsync(ct);
        var objectives = plan is null ? [] : (await DeliveryPlanService.LoadObjectivesAsync(db, [plan.Id], actor, _today, ct)).GetValueOrDefault(plan.Id, []);
        var members = await MembersAsync(pathwayId, ct);
        var (services, coverage, evidence) = await DirectoryAsync(pathwayId, ct);
        return new PathwayReportData(pathway.Id, pathway.Name, pathway.Slug, year, nowUtc, plan is not null, plan?.Summary,
            members.FirstOrDefault(m => m.Role == MembershipRole.Chair)?.Name, pathway.Lead,
            objectives, members, await MeetingsAsync(pathwayId, year, ct), await DecisionsAsync(pathwayId, year, ct), await AgreementsAsync(pathwayId, ct),
            services, coverage, evidence, (await Estate.Offer.OfferRule.TablesAsync(db, [pathwayId], _today, ct, named: false)).Single(),
            await Estate.Progress.ProgressService.LoadAsync(db, pathwayId, pathway.Name, _today, _reminders, ct));
    }

    public async Task<RegionalReportData> RegionAsync(int year, CancellationToken ct)
    {
        var withPlans = await db.DeliveryPlans.Where(p => p.Year == year).Select(p => p.PathwayId).ToListAsync(ct);
        var ids = await db.Pathways.Where(p => p.ParentId == null || withPlans.Contains(p.Id)).OrderBy(p => p.SortOrder).Select(p => p.Id).ToListAsync(ct);
        var pathways = new List<PathwayReportData>();
        foreach (var id in ids) pathways.Add(await PathwayAsync(id, year, ct));
        var prisons = await db.Prisons.AsNoTracking().Where(Prison.OpenOn(_today)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
        return new RegionalReportData(year, nowUtc, pathways, prisons, await AgreementsEndingAsync(ct),
            await Directory.Prisons.PrisonVcsRoleService.ForOpenPrisonsAsync(db, _today, canEdit: false, ct),
            await Estate.Progress.ProgressService.LoadAsync(db, null, "The region", _today, _reminders, ct));
    }

    /// <summary>Current members and associates with their sector (the person's) and organisation.</summary>
    private async Task<IReadOnlyList<ReportMember>> MembersAsync(int pathwayId, CancellationToken ct)
    {
        var today = _today;
        var rows = await db.Memberships.AsNoTracking().Where(Membership.CurrentOn(today))
            .Where(m => m.PathwayId == pathwayId)
            .Select(m => new { m.Person.FullName, Organisation = m.Person.Organisation != null ? m.Person.Organisation.Name : null, m.Person.Sector, m.Role })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Role).ThenBy(r => r.FullName).Select(r => new ReportMember(r.FullName, r.Organisation, r.Sector, r.Role)).ToList();
    }

    /// <summary>Meetings held in the financial year, with attendance of the members expected on the day.</summary>
    private async Task<IReadOnlyList<ReportMeeting>> MeetingsAsync(int pathwayId, int year, CancellationToken ct)
    {
        var (from, to) = UkCalendar.FinancialYearUtc(year);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.PathwayId == pathwayId && m.StartUtc >= from && m.StartUtc < to
                && (m.Status == MeetingStatus.Held || m.Status == MeetingStatus.MinutesDrafted || m.Status == MeetingStatus.MinutesApproved))
            .OrderBy(m => m.StartUtc).Select(m => new { m.Id, m.Title, m.StartUtc, m.Status }).ToListAsync(ct);
        if (meetings.Count == 0) return [];
        var ids = meetings.Select(m => m.Id).ToList();
        var attendance = (await db.Attendance.AsNoTracking().Where(a => ids.Contains(a.MeetingId)).Select(a => new { a.MeetingId, a.Status, a.IsAssociate }).ToListAsync(ct))
            .ToLookup(a => a.MeetingId);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.PathwayId == pathwayId && m.Role != MembershipRole.Associate)
            .ToListAsync(ct);
        return meetings.Select(m =>
        {
            var day = UkCalendar.DayOf(m.StartUtc);
            var a = attendance[m.Id].ToList();
            return new ReportMeeting(m.Title, m.StartUtc, m.Status, memberships.Count(x => x.IsCurrentOn(day)),
                a.Count(x => x.Status == AttendanceStatus.Present && !x.IsAssociate), a.Count(x => x.Status == AttendanceStatus.Present && x.IsAssociate),
                a.Count(x => x.Status == AttendanceStatus.Apologies));
        }).ToList();
    }

    /// <summary>Decisions from approved minutes of meetings in the year: drafts are not for circulation.</summary>
    private async Task<IReadOnlyList<ReportDecision>> DecisionsAsync(int pathwayId, int year, CancellationToken ct)
    {
        var (from, to) = UkCalendar.FinancialYearUtc(year);
        return await db.Decisions.AsNoTracking()
            .Where(d => d.PathwayId == pathwayId && d.AgendaItem.Meeting.Status == MeetingStatus.MinutesApproved
                && d.AgendaItem.Meeting.StartUtc >= from && d.AgendaItem.Meeting.StartUtc < to)
            .OrderBy(d => d.Number).Select(d => new ReportDecision(d.Number, d.Text, d.AgendaItem.Meeting.StartUtc)).ToListAsync(ct);
    }

    /// <summary>Agreements serving the Pathway, soonest ending first.</summary>
    private Task<IReadOnlyList<ReportAgreement>> AgreementsAsync(int pathwayId, CancellationToken ct) =>
        AgreementRowsAsync(db.Agreements.Where(a => a.Pathways.Any(p => p.PathwayId == pathwayId)), ct);

    /// <summary>Agreements across the region ending in the next twelve months (terminated ones left out).</summary>
    private Task<IReadOnlyList<ReportAgreement>> AgreementsEndingAsync(CancellationToken ct)
    {
        var until = _today.AddMonths(12);
        return AgreementRowsAsync(db.Agreements.Where(a => a.Status != AgreementStatus.Terminated && a.EndDate >= _today && a.EndDate <= until), ct);
    }

    private async Task<IReadOnlyList<ReportAgreement>> AgreementRowsAsync(IQueryable<Agreement> agreements, CancellationToken ct)
    {
        var rows = await agreements.AsNoTracking().OrderBy(a => a.EndDate).ThenBy(a => a.Reference)
            .Select(a => new { a.Reference, a.Title, a.Kind, Supplier = a.Supplier.Name, a.Value, a.StartDate, a.EndDate, a.Status, a.Decision, a.DecisionDueDate }).ToListAsync(ct);
        return rows.Select(a => new ReportAgreement(a.Reference, a.Title, CommissioningText.Sentence(a.Kind), a.Supplier, a.Value, a.StartDate, a.EndDate,
            CommissioningText.Sentence(Agreement.EffectiveStatus(a.Status, a.EndDate, _today)), CommissioningText.Sentence(a.Decision), a.DecisionDueDate)).ToList();
    }

    /// <summary>Active published services (<see cref="Directory.Evaluation.EvaluationGapsService.Offered"/>, as the evaluation gaps page counts them) classified under the Pathway, how many reach each prison (a zero is a gap), and their evidence.</summary>
    private async Task<(IReadOnlyList<ReportServiceLine>, IReadOnlyList<ReportCoverage>, IReadOnlyList<ReportEvidence>)> DirectoryAsync(int pathwayId, CancellationToken ct)
    {
        var services = await Directory.Evaluation.EvaluationGapsService.Offered(db.Services.AsNoTracking())
            .Where(s => s.Terms.Any(t => t.TaxonomyTerm.PathwayId == pathwayId))
            .OrderBy(s => s.Name)
            .Select(s => new
            {
                s.Id, s.Name, Organisation = s.Organisation.Name,
                Prisons = s.Locations.Where(l => l.Location.Prison != null).Select(l => l.Location.Prison!.Name).ToList(),
                Evidence = s.Evidence.Select(e => new { e.Summary, e.Date, e.Source }).ToList(),
                s.Evaluation, s.Evaluator, s.EvaluationDate, s.EvaluationUrl,
            }).ToListAsync(ct);
        var prisons = await db.Prisons.AsNoTracking().Where(Prison.OpenOn(_today)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
        var coverage = prisons.Select(p => new ReportCoverage(p, services.Count(s => s.Prisons.Contains(p)))).ToList();
        var evidence = services.SelectMany(s => s.Evidence.Select(e => new ReportEvidence(s.Name, s.Organisation, e.Summary, e.Date, e.Source))).ToList();
        return (services.Select(s => new ReportServiceLine(s.Name, s.Organisation, s.Prisons.Order().ToList(), s.Evidence.Count > 0,
            s.Evaluation, s.Evaluator, s.EvaluationDate, s.EvaluationUrl)).ToList(), coverage, evidence);
    }
}
