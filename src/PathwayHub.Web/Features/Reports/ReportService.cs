using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Reports;

public sealed record ReportFile(byte[] Content, string FileName)
{
    public const string ContentType = "application/pdf";
}

/// <summary>A Pathway whose delivery-plan report the actor may download.</summary>
public sealed record ReportChoice(string Slug, string Name, bool HasPlan);

/// <summary>
/// Builds the PDF reports and says who may have them: a Pathway's report goes to the coordinator, commissioners and the Pathway's
/// members and associates; the regional report to the coordinator and commissioners; meeting packs and minutes follow the
/// meeting's own rules (<see cref="MeetingService.GetAsync"/>), so associates never see confidential papers listed and draft minutes
/// reach only the coordinator and the chair.
/// </summary>
public sealed class ReportService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, MeetingService meetings)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now);

    public int CurrentYear => DeliveryPlanService.FinancialYear(Today);

    public async Task<ReportFile> PathwayReportAsync(string slug, int? year = null, CancellationToken ct = default)
    {
        var actor = user.Actor;
        var y = year ?? CurrentYear;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pathwayId = await db.Pathways.Where(p => p.Slug == slug).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"There is no Pathway called '{slug}'.");
        await RequirePathwayReaderAsync(db, actor, pathwayId, ct);
        var data = await new ReportDataQuery(db, actor, Now).PathwayAsync(pathwayId, y, ct);
        return new ReportFile(PathwayReport.Build(data).GeneratePdf(), FileName(slug, y));
    }

    public async Task<ReportFile> RegionalReportAsync(int? year = null, CancellationToken ct = default)
    {
        var actor = user.Actor;
        if (!actor.IsIn(Roles.Coordinator, Roles.Commissioner)) throw new ForbiddenException("The regional report is for the coordinator and commissioners.");
        var y = year ?? CurrentYear;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var data = await new ReportDataQuery(db, actor, Now).RegionAsync(y, ct);
        return new ReportFile(RegionalReport.Build(data).GeneratePdf(), $"regional-delivery-plans-{DeliveryPlanService.YearLabel(y).Replace('/', '-')}.pdf");
    }

    public async Task<ReportFile> MeetingPackAsync(int meetingId, CancellationToken ct = default)
    {
        var view = await meetings.GetAsync(meetingId, ct);
        return new ReportFile(MeetingDocuments.Pack(view).GeneratePdf(), $"{view.PathwaySlug}-agenda-{MeetingService.ToUk(view.StartUtc):yyyy-MM-dd}.pdf");
    }

    public async Task<ReportFile> MinutesAsync(int meetingId, CancellationToken ct = default)
    {
        var view = await meetings.GetAsync(meetingId, ct);
        if (!view.MinutesVisible)
        {
            if (view.Status is MeetingStatus.Held or MeetingStatus.MinutesDrafted)
                throw new ForbiddenException("The minutes are not approved yet: only the coordinator and the chair can see the draft.");
            throw new NotFoundException("There are no minutes for this meeting yet.");
        }
        var draft = view.Status != MeetingStatus.MinutesApproved ? "draft-" : "";
        return new ReportFile(MeetingDocuments.Minutes(view).GeneratePdf(), $"{view.PathwaySlug}-{draft}minutes-{MeetingService.ToUk(view.StartUtc):yyyy-MM-dd}.pdf");
    }

    /// <summary>The Pathways whose reports the actor may download, and whether the regional report is theirs too.</summary>
    public async Task<(IReadOnlyList<ReportChoice> Pathways, bool Regional)> ChoicesAsync(int? year = null, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.RequireRole();
        var y = year ?? CurrentYear;
        var today = Today;
        var all = actor.IsIn(Roles.Coordinator, Roles.Commissioner);
        var person = actor.PersonId ?? -1;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Pathways.AsNoTracking()
            .Where(p => all || db.Memberships.Any(m => m.PathwayId == p.Id && m.PersonId == person && m.StartDate <= today && (m.EndDate == null || m.EndDate >= today)))
            .OrderBy(p => p.SortOrder)
            .Select(p => new ReportChoice(p.Slug, p.Name, db.DeliveryPlans.Any(d => d.PathwayId == p.Id && d.Year == y)))
            .ToListAsync(ct);
        return (rows, all);
    }

    internal static string FileName(string slug, int year) => $"{slug}-delivery-plan-{DeliveryPlanService.YearLabel(year).Replace('/', '-')}.pdf";

    private async Task RequirePathwayReaderAsync(AppDbContext db, Actor actor, int pathwayId, CancellationToken ct)
    {
        if (actor.IsIn(Roles.Coordinator, Roles.Commissioner)) return;
        if (!(await PathwayAccess.ForAsync(db, actor, pathwayId, Today, ct)).CanRead)
            throw new ForbiddenException("A Pathway's report is for its members and associates, the coordinator and commissioners.");
    }
}
