using System.Text;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

public static class CommissioningEndpoints
{
    public static void MapCommissioningEndpoints(this WebApplication app)
    {
        // The OCDS export is open data: no sign-in, any origin.
        var api = app.MapGroup("/api/ocds").AllowAnonymous().AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            return await next(context);
        });
        api.MapGet("/releases", async (HttpContext http, int? page, int? size, string? ocid, OcdsService ocds, CancellationToken ct) =>
        {
            var p = page ?? 1;
            var s = size ?? OcdsService.DefaultPageSize;
            if (p < 1 || s is < 1 or > OcdsService.MaxPageSize)
            {
                await Results.Json(new { message = $"page starts at 1; size is between 1 and {OcdsService.MaxPageSize}." }, statusCode: 400).ExecuteAsync(http);
                return;
            }
            await StreamAsync(http, (body, baseUrl) => ocds.WriteReleasePackageAsync(body, baseUrl, p, s, ocid, ct));
        });
        api.MapGet("/records/{ocid}", async (HttpContext http, string ocid, OcdsService ocds, CancellationToken ct) =>
            await StreamAsync(http, (body, baseUrl) => ocds.WriteRecordPackageAsync(body, baseUrl, ocid, ct)));

        var signedIn = app.MapGroup("/commissioning").RequireAuthorization();
        signedIn.MapGet("/agreements.csv", async (string? text, int? pathway, int? prison, int? supplier, AgreementKind? kind, AgreementStatus? status,
            DateOnly? endingBefore, CommissioningService commissioning, CancellationToken ct) =>
        {
            var csv = await commissioning.ExportAgreementsCsvAsync(new AgreementQuery
            {
                Text = text, PathwayId = pathway, PrisonId = prison, SupplierId = supplier, Kind = kind, Status = status, EndingBefore = endingBefore,
            }, ct);
            return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv", "agreements.csv");
        });
        signedIn.MapGet("/documents/{id:int}", async (int id, CommissioningService commissioning, CancellationToken ct) =>
        {
            var (content, type, name) = await commissioning.OpenDocumentAsync(id, ct);
            return TypedResults.File(content, type, name);
        });
    }

    /// <summary>Writes the package straight to the response; the service checks the ocid before writing, so an unknown one can still answer 404.</summary>
    private static async Task StreamAsync(HttpContext http, Func<Stream, string, Task<bool>> write)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        http.Response.ContentType = "application/json; charset=utf-8";
        // Buffer nothing: the writer flushes each batch of releases as it is written.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        if (!await write(http.Response.Body, baseUrl) && !http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(new { message = "There is no contracting process with that ocid." });
        }
    }
}
