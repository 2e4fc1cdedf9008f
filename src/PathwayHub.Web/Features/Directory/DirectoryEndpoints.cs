using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.OpenData;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory;

public sealed record VersionBody(Guid Version);

public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this WebApplication app)
    {
        app.MapOpenDataApi();

        var csv = app.MapGroup("/directory").RequireAuthorization();
        csv.MapGet("/services.csv", async (string? text, int? pathway, int? type, int? prison, ServiceStatus? status, EvaluationStatus? evaluation, bool? stale,
            bool? published, ListingSearchService listings, CancellationToken ct) =>
        {
            var body = await listings.ExportCsvAsync(new DirectoryQuery
            {
                Text = text, PathwayId = pathway, ServiceTypeTermId = type, PrisonId = prison, Status = status, Evaluation = evaluation, NotReviewedRecently = stale ?? false,
                PublishedOnly = published ?? false,
            }, ct);
            return TypedResults.File(Bom(body), "text/csv", "directory.csv");
        });
        csv.MapGet("/import-template.csv", () => TypedResults.File(Bom(DirectoryImportService.Template()), "text/csv", "directory-import-template.csv"));
        csv.MapGet("/coverage.csv", async (string? axis, CoverageService coverage, CancellationToken ct) =>
        {
            var slug = Taxonomy.CoverageAxis(axis);
            return TypedResults.File(Bom(await coverage.CoverageCsvAsync(slug, ct)), "text/csv", $"coverage-{slug}.csv");
        });

        // Editing over HTTP for signed-in editors (JSON bodies, so a cross-site form cannot post them). The service decides who may.
        var edit = app.MapGroup("/directory/services").RequireAuthorization().AddEndpointFilter(RefusalsAsJson);
        edit.MapPut("/{id:int}", async (int id, ServiceInput input, ListingEditService editing, CancellationToken ct) =>
            TypedResults.Ok(new { outcome = (await editing.UpdateServiceAsync(id, input, ct)).ToString() }));
        edit.MapPost("/{id:int}/still-accurate", async (int id, VersionBody body, ListingEditService editing, CancellationToken ct) =>
            TypedResults.Ok(new { version = await editing.ConfirmStillAccurateAsync(id, body.Version, ct) }));
    }

    /// <summary>Excel reads UTF-8 CSV correctly only with a byte-order mark.</summary>
    private static byte[] Bom(string csv) => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(csv)];

    /// <summary>
    /// Refusals answer with a JSON message (and field errors) rather than a bare status; a bare status would also be re-executed
    /// as the HTML not-found page, which answers a PUT with 405.
    /// </summary>
    private static async ValueTask<object?> RefusalsAsJson(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException e)
        {
            return Results.Json(new { message = e.Message, errors = e.Errors }, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ConcurrencyConflictException e)
        {
            return Results.Json(new { message = e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
        catch (ForbiddenException e)
        {
            return Results.Json(new { message = e.Message }, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (NotFoundException e)
        {
            return Results.Json(new { message = e.Message }, statusCode: StatusCodes.Status404NotFound);
        }
    }
}
