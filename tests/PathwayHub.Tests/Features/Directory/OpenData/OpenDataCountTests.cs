using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Tests.Features.Directory.OpenData;

/// <summary>
/// A filtered collection's counts are kept while the directory is unchanged (OpenDataCounts), so they must be retired by any
/// save to the directory, and by nothing else.
/// </summary>
public abstract class OpenDataCountTests(DatabaseProvider provider) : OpenDataApiTest(provider)
{
    private async Task<int> TotalAsync(string path) => (await Api.PageAsync(path)).GetProperty("total_items").GetInt32();

    private Task<Guid> StampAsync() => Api.ReadAsync(db => db.DirectoryVersions.Select(v => v.Stamp).SingleAsync());

    [Fact]
    public async Task Totals_and_per_location_counts_follow_a_listing_taken_down_at_once()
    {
        const string services = "/api/directory/services?search=visit&per_page=1", near = "/api/directory/service_at_locations?postcode=NE1&per_page=2";
        var (listed, placed) = (await TotalAsync(services), await TotalAsync(near));
        Assert.True(listed >= 2, $"seeded services mentioning visits: {listed}");
        // Every page of a filter carries the same total, kept or counted.
        Assert.Equal(listed, await TotalAsync(services + "&page=2"));
        Assert.Equal(placed, await TotalAsync(near + "&page=2"));

        var first = OpenDataClient.Ids(await Api.PageAsync(services)).Single();
        var locations = await Api.ReadAsync(db => db.ServiceAtLocations.CountAsync(x => x.Service.PublicId == Guid.Parse(first)));
        var stamp = await StampAsync();
        await Api.ChangeAsync(async db =>
        {
            (await db.Services.SingleAsync(s => s.PublicId == Guid.Parse(first))).IsPublished = false;
            await db.SaveChangesAsync();
        });

        Assert.NotEqual(stamp, await StampAsync());
        Assert.Equal(listed - 1, await TotalAsync(services));
        Assert.Equal(listed - 1, await TotalAsync(services + "&page=2"));
        Assert.Equal(placed - locations, await TotalAsync(near));
        Assert.DoesNotContain(first, OpenDataClient.Ids(await Api.PageAsync("/api/directory/services?search=visit&per_page=50")));
    }

    [Fact]
    public async Task A_wider_radius_counts_the_locations_it_adds_to_those_already_counted()
    {
        // Per-location counts are kept location by location: asked first within 30 km of Newcastle (the County Durham prisons,
        // not Northumberland's or Teesside's), then with no radius, the second total must count every location, those kept
        // from the first request and those it adds.
        const string near = "/api/directory/service_at_locations?postcode=NE1";
        var within = await TotalAsync(near + "&proximity=30000&per_page=1");
        var everywhere = await TotalAsync(near + "&per_page=1");
        var expected = await Api.ReadAsync(db => db.ServiceAtLocations.CountAsync(x => x.Service.IsPublic));

        Assert.Equal((await Api.NdJsonAsync(near + "&proximity=30000&format=ndjson")).Count, within);
        Assert.Equal(expected, everywhere);
        Assert.InRange(within, 1, expected - 1);
    }

    [Fact]
    public async Task A_text_count_follows_a_renamed_listing_and_takes_wildcards_literally()
    {
        // A count of a term reads the text index (SQLite's FTS5 table, PostgreSQL's ServicePublicText, both kept by triggers).
        const string path = "/api/directory/services?per_page=1&search=";
        Assert.Equal(0, await TotalAsync(path + "zebrafinch"));
        await Api.ChangeAsync(async db =>
        {
            var listing = await db.Services.Where(s => s.IsPublic).OrderBy(s => s.Id).FirstAsync();
            listing.Name += " zebrafinch";
            await db.SaveChangesAsync();
        });
        Assert.Equal(1, await TotalAsync(path + "zebrafinch"));

        // LIKE's wildcards and escape in a term are plain characters: "a_b" is not "a b", nor "e%e" almost every listing.
        var texts = await Api.ReadAsync(db => db.Services.Where(s => s.IsPublic).Select(s => s.SearchText!).ToListAsync());
        foreach (var term in new[] { "a_b", "e%e", @"a\b", "es a" })
            Assert.Equal(texts.Count(t => t.Contains(term, StringComparison.Ordinal)), await TotalAsync(path + Uri.EscapeDataString(term)));
        Assert.True(texts.Any(t => t.Contains("es a", StringComparison.Ordinal)), "a term with matches is among those checked");
    }

    [Fact]
    public async Task Only_a_save_to_the_directory_gives_it_a_new_stamp()
    {
        var stamp = await StampAsync();
        await Api.ChangeAsync(async db =>
        {
            (await db.Pathways.OrderBy(p => p.Id).FirstAsync()).Description += " (revised)";
            await db.SaveChangesAsync();
        });
        Assert.Equal(stamp, await StampAsync());

        await Api.ChangeAsync(async db =>
        {
            (await db.Organisations.OrderBy(o => o.Id).FirstAsync()).Description += " (revised)";
            await db.SaveChangesAsync();
        });
        Assert.NotEqual(stamp, await StampAsync());
    }
}

public sealed class OpenDataCountsOnSqliteTests() : OpenDataCountTests(DatabaseProvider.Sqlite);

public sealed class OpenDataCountsOnPostgresTests() : OpenDataCountTests(DatabaseProvider.Postgres);
