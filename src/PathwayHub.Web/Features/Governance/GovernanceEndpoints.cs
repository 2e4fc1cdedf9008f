namespace PathwayHub.Web.Features.Governance;

public static class GovernanceEndpoints
{
    public static void MapGovernanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/papers/{id:int}", async (int id, Agenda.AgendaService agenda, CancellationToken ct) =>
        {
            var (content, type, name) = await agenda.OpenPaperAsync(id, ct);
            return TypedResults.File(content, type, name);
        }).RequireAuthorization();

        app.MapGet("/meetings/{id:int}.ics", async (int id, CalendarService calendars, CancellationToken ct) =>
            TypedResults.Text(await calendars.MeetingAsync(id, ct), "text/calendar; charset=utf-8")).RequireAuthorization();

        // Calendar apps cannot sign in: the secret token is the credential.
        app.MapGet("/calendar/{token}.ics", async (string token, CalendarService calendars, CancellationToken ct) =>
            await calendars.FeedAsync(token, ct) is { } ics ? Results.Text(ics, "text/calendar; charset=utf-8") : Results.NotFound()).AllowAnonymous();
    }
}
