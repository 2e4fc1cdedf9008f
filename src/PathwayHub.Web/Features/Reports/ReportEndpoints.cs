using System.Globalization;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Reports;

/// <summary>
/// PDF downloads. Each answers 403 or 404 through UseServiceErrorStatus when the service refuses, and 400 with a message for a
/// year that is not a whole number or is outside <see cref="ReportService.FirstYear"/>–<see cref="ReportService.LastYear"/>.
/// </summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this WebApplication app)
    {
        app.MapGet("/reports/pathways/{slug}/delivery-plan.pdf", (string slug, string? year, ReportService reports, CancellationToken ct) =>
            WithYear(year, y => reports.PathwayReportAsync(slug, y, ct))).RequireAuthorization();
        app.MapGet("/reports/region/delivery-plans.pdf", (string? year, ReportService reports, CancellationToken ct) =>
            WithYear(year, y => reports.RegionalReportAsync(y, ct))).RequireAuthorization();
        app.MapGet("/meetings/{id:int}/pack.pdf", async (int id, ReportService reports, CancellationToken ct) =>
            Pdf(await reports.MeetingPackAsync(id, ct))).RequireAuthorization();
        app.MapGet("/meetings/{id:int}/minutes.pdf", async (int id, ReportService reports, CancellationToken ct) =>
            Pdf(await reports.MinutesAsync(id, ct))).RequireAuthorization();
    }

    /// <summary>Reads ?year= itself, so a malformed value gets a message rather than the framework's bare 400.</summary>
    private static async Task<IResult> WithYear(string? year, Func<int?, Task<ReportFile>> report)
    {
        int? y = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return BadYear($"The year must be a whole number such as 2026 (the year the financial year starts), not '{year}'.");
            y = parsed;
        }
        try
        {
            return Pdf(await report(y));
        }
        catch (ValidationFailedException e)
        {
            return BadYear(e.Message);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BadYear(string message) => TypedResults.Problem(message, statusCode: StatusCodes.Status400BadRequest, title: "That is not a year the reports cover.");

    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Pdf(ReportFile file) => TypedResults.File(file.Content, ReportFile.ContentType, file.FileName);
}
