namespace PathwayHub.Web.Features.Reports;

/// <summary>PDF downloads. Each answers 403 or 404 through UseServiceErrorStatus when the service refuses.</summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this WebApplication app)
    {
        app.MapGet("/reports/pathways/{slug}/delivery-plan.pdf", async (string slug, int? year, ReportService reports, CancellationToken ct) =>
            Pdf(await reports.PathwayReportAsync(slug, year, ct))).RequireAuthorization();
        app.MapGet("/reports/region/delivery-plans.pdf", async (int? year, ReportService reports, CancellationToken ct) =>
            Pdf(await reports.RegionalReportAsync(year, ct))).RequireAuthorization();
        app.MapGet("/meetings/{id:int}/pack.pdf", async (int id, ReportService reports, CancellationToken ct) =>
            Pdf(await reports.MeetingPackAsync(id, ct))).RequireAuthorization();
        app.MapGet("/meetings/{id:int}/minutes.pdf", async (int id, ReportService reports, CancellationToken ct) =>
            Pdf(await reports.MinutesAsync(id, ct))).RequireAuthorization();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Pdf(ReportFile file) => TypedResults.File(file.Content, ReportFile.ContentType, file.FileName);
}
