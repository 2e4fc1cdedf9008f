using System.Text;
using Microsoft.AspNetCore.Identity;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features;

public static class Endpoints
{
    public static void MapPathwayHubEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        });

        app.MapGet("/pathways/{slug}/members.csv", async (string slug, MemberFilter? filter, MemberKind? kind,
            PathwayService pathways, MembershipService members, CancellationToken ct) =>
        {
            var pathway = await pathways.GetAsync(slug, ct);
            var csv = await members.ExportCsvAsync(pathway.Id, filter ?? MemberFilter.Current, kind ?? MemberKind.All, ct);
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"{slug}-members.csv");
        }).RequireAuthorization();

        app.MapDirectoryEndpoints();
    }

    /// <summary>Service refusals become the matching HTTP status for every endpoint.</summary>
    public static void UseServiceErrorStatus(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try { await next(context); }
            catch (ForbiddenException) when (!context.Response.HasStarted) { context.Response.StatusCode = StatusCodes.Status403Forbidden; }
            catch (NotFoundException) when (!context.Response.HasStarted) { context.Response.StatusCode = StatusCodes.Status404NotFound; }
        });
}
