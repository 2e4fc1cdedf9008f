using System.Text;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

public static class CommissioningEndpoints
{
    public static void MapCommissioningEndpoints(this WebApplication app)
    {
        // The OCDS export is open data: no sign-in, any origin; browsers' preflights are answered by the CORS middleware, as for
        // the directory API, and every answer (errors too) says any origin may read it.
        var api = app.MapGroup("/api/ocds").AllowAnonymous().RequireCors(Directory.OpenData.OpenDataEndpoints.CorsPolicy).AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            return await next(context);
        });
        api.MapGet("/releases", async (HttpContext http, string? ocid, OcdsService ocds, CancellationToken ct) =>
        {
            if (!PageRequest.TryParse(http.Request.Query, "page", "size", OcdsService.DefaultPageSize, OcdsService.MaxPageSize, out var paging, out var error))
            {
                await Results.Json(new { message = error }, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
                return;
            }
            if (!TryReleases(http.Request.Query["releases"].FirstOrDefault(), out var releases))
            {
                await Results.Json(new { message = $"releases must be 'compiled' (the default: one compiled release per process) or 'individual' (every release of each process's history); got '{http.Request.Query["releases"]}'." },
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
                return;
            }
            // An empty ocid= is no filter, as an empty filter is in the directory API.
            var one = string.IsNullOrEmpty(ocid) ? null : ocid;
            await StreamAsync(http, one, ocds, body => ocds.WriteReleasePackageAsync(body, paging, one, releases, ct));
        });
        api.MapGet("/records/{ocid}", async (HttpContext http, string ocid, OcdsService ocds, CancellationToken ct) =>
            await StreamAsync(http, ocid, ocds, body => ocds.WriteRecordPackageAsync(body, ocid, ct)));

        var signedIn = app.MapGroup("/commissioning").RequireAuthorization();
        signedIn.MapGet("/agreements.csv", async (string? text, int? pathway, int? prison, int? supplier, AgreementKind? kind, AgreementStatus? status,
            DateOnly? endingBefore, AgreementRegisterService register, CancellationToken ct) =>
        {
            var csv = await register.ExportAgreementsCsvAsync(new AgreementQuery
            {
                Text = text, PathwayId = pathway, PrisonId = prison, SupplierId = supplier, Kind = kind, Status = status, EndingBefore = endingBefore,
            }, ct);
            return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv", "agreements.csv");
        });
        signedIn.MapGet("/documents/{id:int}", async (int id, DocumentService documents, CancellationToken ct) =>
        {
            var (content, type, name) = await documents.OpenDocumentAsync(id, ct);
            return TypedResults.File(content, type, name);
        });
    }

    /// <summary>The <c>releases</c> parameter of the release package: absent or empty is the default, compiled.</summary>
    private static bool TryReleases(string? value, out OcdsReleases releases)
    {
        releases = value switch
        {
            null or "" or "compiled" => OcdsReleases.Compiled,
            "individual" => OcdsReleases.Individual,
            _ => (OcdsReleases)(-1),
        };
        return Enum.IsDefined(releases);
    }

    /// <summary>
    /// Writes the package straight to the response; the service checks the ocid before writing, so an unknown one can still
    /// answer 404 and a malformed one 400. Every link in the package starts with the configured public address, never with
    /// this request's Host header.
    /// </summary>
    private static async Task StreamAsync(HttpContext http, string? ocid, OcdsService ocds, Func<Stream, Task<OcdsOutcome>> write)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        // Buffer nothing: the writer flushes each batch of releases as it is written.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        var outcome = await write(http.Response.Body);
        if (outcome == OcdsOutcome.Written || http.Response.HasStarted) return;
        var (status, message) = outcome == OcdsOutcome.MalformedOcid
            ? (StatusCodes.Status400BadRequest, $"ocid must be {ocds.OcidShapes} (got '{ocid}').")
            : (StatusCodes.Status404NotFound, "There is no contracting process with that ocid.");
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { message });
    }
}
