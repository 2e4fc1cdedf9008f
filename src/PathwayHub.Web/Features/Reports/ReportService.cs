using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Pdf;

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
public sealed class ReportService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, MeetingService meetings, FileStore files, Notifications.ReminderOptions reminders)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);

    /// <summary>The financial years (by the year they start) a report may be asked for.</summary>
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    public int CurrentYear => UkCalendar.FinancialYear(Today);

    /// <summary>The year asked for, or this financial year; a year outside <see cref="FirstYear"/>–<see cref="LastYear"/> is refused with a message.</summary>
    private int YearOrCurrent(int? year)
    {
        var y = year ?? CurrentYear;
        if (y is < FirstYear or > LastYear)
            throw new ValidationFailedException(new Dictionary<string, string> { ["year"] = $"Reports cover the financial years starting {FirstYear} to {LastYear}; {y} is outside them." });
        return y;
    }

    public async Task<ReportFile> PathwayReportAsync(string slug, int? year = null, CancellationToken ct = default)
    {
        var actor = user.Actor;
        var y = YearOrCurrent(year);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var pathwayId = await db.Pathways.Where(p => p.Slug == slug).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"There is no Pathway called '{slug}'.");
        await RequirePathwayReaderAsync(db, actor, pathwayId, ct);
        var data = await new ReportDataQuery(db, actor, Now, reminders).PathwayAsync(pathwayId, y, ct);
        return new ReportFile(PathwayReport.Build(data).GeneratePdf(), FileName(slug, y));
    }

    public async Task<ReportFile> RegionalReportAsync(int? year = null, CancellationToken ct = default)
    {
        var actor = user.Actor;
        if (!actor.IsIn(Roles.Coordinator, Roles.Commissioner)) throw new ForbiddenException("The regional report is for the coordinator and commissioners.");
        var y = YearOrCurrent(year);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var data = await new ReportDataQuery(db, actor, Now, reminders).RegionAsync(y, ct);
        return new ReportFile(RegionalReport.Build(data).GeneratePdf(), $"regional-delivery-plans-{DeliveryPlanText.YearLabel(y).Replace('/', '-')}.pdf");
    }

    public async Task<ReportFile> MeetingPackAsync(int meetingId, CancellationToken ct = default)
    {
        // The view is already cut to what the reader may see: an associate's holds no confidential papers, so none is read here.
        var view = await meetings.GetAsync(meetingId, ct);
        var ids = view.Items.SelectMany(i => i.Papers).Select(p => p.Id).ToList();
        var papers = new Dictionary<int, PackPaper>();
        try
        {
            if (ids.Count > 0)
            {
                await using var db = await dbs.CreateDbContextAsync(ct);
                var stored = await db.Papers.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Sha256, p.ContentType }).ToListAsync(ct);
                foreach (var p in stored)
                {
                    var isPdf = p.ContentType == ReportFile.ContentType;
                    var path = files.PathOf(p.Sha256);
                    papers[p.Id] = new PackPaper(isPdf, isPdf && File.Exists(path) ? PdfAttachment.TryOpen(await File.ReadAllBytesAsync(path, ct)) : null);
                }
            }
            return new ReportFile(MeetingDocuments.Pack(view, papers).GeneratePdf(), $"{view.PathwaySlug}-agenda-{UkCalendar.ToUk(view.StartUtc):yyyy-MM-dd}.pdf");
        }
        finally
        {
            foreach (var paper in papers.Values) paper.Pdf?.Dispose();
        }
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
        return new ReportFile(MeetingDocuments.Minutes(view).GeneratePdf(), $"{view.PathwaySlug}-{draft}minutes-{UkCalendar.ToUk(view.StartUtc):yyyy-MM-dd}.pdf");
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
            .Where(p => all || db.Memberships.Where(Membership.CurrentOn(today)).Any(m => m.PathwayId == p.Id && m.PersonId == person))
            .OrderBy(p => p.SortOrder)
            .Select(p => new ReportChoice(p.Slug, p.Name, db.DeliveryPlans.Any(d => d.PathwayId == p.Id && d.Year == y)))
            .ToListAsync(ct);
        return (rows, all);
    }

    internal static string FileName(string slug, int year) => $"{slug}-delivery-plan-{DeliveryPlanText.YearLabel(year).Replace('/', '-')}.pdf";

    private async Task RequirePathwayReaderAsync(AppDbContext db, Actor actor, int pathwayId, CancellationToken ct)
    {
        if (actor.IsIn(Roles.Coordinator, Roles.Commissioner)) return;
        if (!(await PathwayAccess.ForAsync(db, actor, pathwayId, Today, ct)).CanRead)
            throw new ForbiddenException("A Pathway's report is for its members and associates, the coordinator and commissioners.");
    }
}
