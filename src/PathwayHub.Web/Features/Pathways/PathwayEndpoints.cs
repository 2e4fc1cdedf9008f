using System.Text;

namespace PathwayHub.Web.Features.Pathways;

public static class PathwayEndpoints
{
    public static void MapPathwayEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/pathways/{slug}/members.csv", async (string slug, MemberFilter? filter, MemberKind? kind,
            PathwayService pathways, MembershipService members, CancellationToken ct) =>
        {
            var pathway = await pathways.GetAsync(slug, ct);
            var csv = await members.ExportCsvAsync(pathway.Id, filter ?? MemberFilter.Current, kind ?? MemberKind.All, ct);
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"{slug}-members.csv");
        }).RequireAuthorization();
}
