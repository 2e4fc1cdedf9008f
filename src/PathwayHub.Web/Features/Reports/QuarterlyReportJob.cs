using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Reports;

/// <summary>
/// At the start of each quarter, generates every Pathway's delivery-plan report for the quarter just ended and sends each of the
/// Pathway's current members and associates a link to it through the notification outbox. One notification per Pathway, quarter
/// and recipient (the dedup key), so running twice, or on two instances at once, sends nothing twice.
/// Schedule: 06:00 UK time on 1 January, April, July and October (cron <c>0 6 1 1,4,7,10 *</c>, Europe/London).
/// </summary>
public sealed class QuarterlyReportJob(IDbContextFactory<AppDbContext> dbs, TimeProvider clock, ReminderOptions reminders, ILogger<QuarterlyReportJob> log)
{
    public const string Id = "quarterly-delivery-plan-reports";
    public const string Kind = "plan-report";
    public const string Cron = "0 6 1 1,4,7,10 *";

    /// <summary>Returns the number of notifications written (zero when this quarter's were already sent).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = UkCalendar.DayOf(now);
        // The quarter that ended before the quarter today falls in.
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        var lastDay = quarterStart.AddDays(-1);
        var year = UkCalendar.FinancialYear(lastDay);
        var quarter = UkCalendar.Quarter(lastDay);
        var label = $"Q{quarter} {DeliveryPlanText.YearLabel(year)}";

        await using var db = await dbs.OpenAsync(Actor.System, ct);
        var pathways = await db.DeliveryPlans.AsNoTracking().Where(p => p.Year == year).OrderBy(p => p.Pathway.SortOrder)
            .Select(p => new { p.PathwayId, p.Pathway.Slug }).ToListAsync(ct);
        var written = 0;
        foreach (var p in pathways)
        {
            var data = await new ReportDataQuery(db, Actor.System, now, reminders).PathwayAsync(p.PathwayId, year, ct);
            // Rendering here means a report that fails to build fails the job before anyone is sent a link to it.
            var pdf = PathwayReport.Build(data).GeneratePdf();
            var recipients = await Recipients.MembersOf(db, p.PathwayId, today).OrderBy(id => id).ToListAsync(ct);
            var rag = data.Rag;
            var subject = $"{data.PathwayName} Pathway delivery plan report, {label}";
            var body = $"The {data.PathwayName} Pathway's delivery plan report for {label} is ready. Of {rag.Total} actions, {rag.Red} are red, {rag.Amber} amber, "
                + $"{rag.Green} green and {rag.Complete} complete. Download the report (PDF) from PathwayHub.";
            var link = $"/reports/pathways/{p.Slug}/delivery-plan.pdf?year={year}";
            var count = await NotificationService.EnqueueAsync(db, recipients.Select(id =>
                new OutgoingNotification(id, Kind, $"{Kind}:{p.PathwayId}:{year}-q{quarter}:user:{id}", subject, body, link)), now, ct);
            written += count;
            log.LogInformation("Quarterly report for {Pathway} ({Label}): {Bytes} bytes, {Count} notifications", p.Slug, label, pdf.Length, count);
        }
        return written;
    }
}
