using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features;

public static class Endpoints
{
    public static void MapPathwayHubEndpoints(this WebApplication app)
    {
        // The layout's sign-out form posts its antiforgery token; without it another site could sign people out. Nothing to
        // protect once the session has already ended (signed out in another tab), so that goes straight to the sign-in page.
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn, IAntiforgery antiforgery) =>
        {
            if (http.User.Identity?.IsAuthenticated != true) return Results.LocalRedirect("~/account/login");
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Text("This sign-out form has expired. Reload the page and choose Sign out again.", statusCode: StatusCodes.Status400BadRequest);
            await Sessions.SignOutEverywhereAsync(signIn, http.User);
            return Results.LocalRedirect("~/account/login");
        }).AllowAnonymous(); // signing out works for every account, with or without a role

        // The open data APIs answer in JSON even for a path they do not have, never with the portal's HTML page.
        app.Map("/api/{**path}", (string? path) => Results.Json(
            new { message = $"There is no /api/{path}. The open data APIs are /api/directory/ (Open Referral UK) and /api/ocds/releases (OCDS)." },
            statusCode: StatusCodes.Status404NotFound)).AllowAnonymous();

        app.MapPathwayEndpoints();
        app.MapGovernanceEndpoints();
        app.MapDirectoryEndpoints();
        app.MapReportEndpoints();
        app.MapCommissioningEndpoints();
    }

    /// <summary>
    /// Service refusals become the matching HTTP status for every endpoint and page request; a database too busy to answer in time
    /// (<see cref="DatabaseBusy"/>) becomes 503 with Retry-After, which nginx and clients treat as "try again", never a 500.
    /// </summary>
    public static void UseServiceErrorStatus(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try { await next(context); }
            catch (ForbiddenException) when (!context.Response.HasStarted) { context.Response.StatusCode = StatusCodes.Status403Forbidden; }
            catch (NotFoundException) when (!context.Response.HasStarted) { context.Response.StatusCode = StatusCodes.Status404NotFound; }
            catch (Exception e) when (DatabaseBusy.Is(e) && !context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.RetryAfter = DatabaseBusy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("PathwayHub is very busy just now and could not answer in time. Nothing was changed: please try again in a few seconds.");
            }
        });
}
