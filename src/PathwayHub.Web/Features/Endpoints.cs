using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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


        app.MapGet("/pathways/{slug}/members.csv", async (string slug, MemberFilter? filter, MemberKind? kind,
            PathwayService pathways, MembershipService members, CancellationToken ct) =>
        {
            var pathway = await pathways.GetAsync(slug, ct);
            var csv = await members.ExportCsvAsync(pathway.Id, filter ?? MemberFilter.Current, kind ?? MemberKind.All, ct);
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"{slug}-members.csv");
        }).RequireAuthorization();

        app.MapGet("/papers/{id:int}", async (int id, MeetingService meetings, CancellationToken ct) =>
        {
            var (content, type, name) = await meetings.OpenPaperAsync(id, ct);
            return TypedResults.File(content, type, name);
        }).RequireAuthorization();

        app.MapGet("/meetings/{id:int}.ics", async (int id, MeetingService meetings, IDbContextFactory<Data.AppDbContext> dbs, CancellationToken ct) =>
        {
            var view = await meetings.GetAsync(id, ct); // enforces who may see the meeting
            await using var db = await dbs.CreateDbContextAsync(ct);
            var meeting = await db.Meetings.AsNoTracking().Include(m => m.Pathway).SingleAsync(m => m.Id == view.Id, ct);
            return TypedResults.Text(CalendarService.Serialize([meeting]), "text/calendar; charset=utf-8");
        }).RequireAuthorization();

        // Calendar apps cannot sign in: the secret token is the credential.
        app.MapGet("/calendar/{token}.ics", async (string token, CalendarService calendars, CancellationToken ct) =>
            await calendars.FeedAsync(token, ct) is { } ics ? Results.Text(ics, "text/calendar; charset=utf-8") : Results.NotFound()).AllowAnonymous();
        app.MapDirectoryEndpoints();
        app.MapReportEndpoints();
        app.MapCommissioningEndpoints();
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
