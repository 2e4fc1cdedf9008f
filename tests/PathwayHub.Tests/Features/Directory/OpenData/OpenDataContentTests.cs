using Microsoft.EntityFrameworkCore;
using System.Net;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.OpenData;

namespace PathwayHub.Tests.Features.Directory.OpenData;

/// <summary>What a seeded service carries beyond its own fields: where it serves, what it costs, whom to contact, when it runs, and where its places are.</summary>
public abstract class OpenDataContentTests(DatabaseProvider provider) : OpenDataApiTest(provider)
{
    [Fact]
    public async Task Every_seeded_service_has_its_prisons_and_the_region_as_service_areas_a_free_cost_option_and_a_contact()
    {
        var services = await Api.NdJsonAsync("/api/directory/services?format=ndjson&full=true", full: true);
        Assert.Equal(7, services.Count);
        foreach (var s in services)
        {
            var areas = s.GetProperty("service_areas").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
            var prisons = s.GetProperty("service_at_locations").EnumerateArray().Select(x => x.GetProperty("location"))
                .Where(l => l.TryGetProperty("external_identifier_type", out _)).Select(l => l.GetProperty("name").GetString()).ToList();
            Assert.Equal([.. prisons.Order(), "North East England"], areas);
            var cost = Assert.Single(s.GetProperty("cost_options").EnumerateArray());
            Assert.Equal("Free", cost.GetProperty("option").GetString());
            Assert.Equal(0m, cost.GetProperty("amount").GetDecimal());
            Assert.Equal("GBP", cost.GetProperty("currency").GetString());
            Assert.NotEmpty(s.GetProperty("contacts").EnumerateArray());
        }
        var visitors = services.Single(s => s.GetProperty("name").GetString() == "Prison visitor centres");
        var schedule = Assert.Single(visitors.GetProperty("schedules").EnumerateArray());
        Assert.Equal("WEEKLY", schedule.GetProperty("freq").GetString());
        Assert.Equal("TU,WE,TH,FR,SA,SU", schedule.GetProperty("byday").GetString());
        Assert.Equal("13:30", schedule.GetProperty("opens_at").GetString());
        // The list says the cost too; what it leaves out is nesting.
        var list = await Api.PageAsync("/api/directory/services?search=visitor");
        Assert.Equal("Free", list.GetProperty("contents")[0].GetProperty("cost_options")[0].GetProperty("option").GetString());
    }

    [Fact]
    public async Task Every_prison_location_has_coordinates_and_only_the_online_one_has_none()
    {
        var rows = await Api.NdJsonAsync("/api/directory/service_at_locations?format=ndjson");
        var locations = rows.Select(r => r.GetProperty("location")).GroupBy(l => l.GetProperty("name").GetString()).Select(g => g.First()).ToList();
        Assert.All(locations.Where(l => l.GetProperty("location_type").GetString() == "physical"), l =>
        {
            Assert.InRange(l.GetProperty("latitude").GetDouble(), 54.4, 55.8);
            Assert.InRange(l.GetProperty("longitude").GetDouble(), -2.7, -0.7);
        });
        Assert.All(locations.Where(l => l.GetProperty("location_type").GetString() == "virtual"), l => Assert.False(l.TryGetProperty("latitude", out _)));
    }

    [Fact]
    public async Task Ndjson_near_a_postcode_streams_nearest_first_like_the_pages()
    {
        var lines = await Api.NdJsonAsync("/api/directory/service_at_locations?format=ndjson&postcode=DL12%209BG&proximity=40000");
        var page = await Api.PageAsync("/api/directory/service_at_locations?postcode=DL12%209BG&proximity=40000&per_page=200");
        Assert.Equal("HMYOI Deerbolt", lines[0].GetProperty("location").GetProperty("name").GetString());
        Assert.Equal(OpenDataClient.Ids(page), lines.Select(l => l.GetProperty("id").GetString()!).ToList());
        var distances = lines.Select(l => l.GetProperty("distance").GetDouble()).ToList();
        Assert.Equal(distances.Order(), distances);
    }

    [Fact]
    public async Task A_rare_filter_near_a_postcode_pages_the_rows_the_stream_gives()
    {
        // One organisation's few rows: a filter that keeps under one in twenty of the rows in reach is read from its services
        // rather than by walking every location's rows; the pages must still be the stream's rows, in the stream's order.
        var (org, rows) = await Api.ReadAsync(async db =>
        {
            var fewest = await db.ServiceAtLocations.Where(x => x.Service.IsPublic).GroupBy(x => x.Service.Organisation.PublicId)
                .Select(g => new { g.Key, Count = g.Count() }).Where(g => g.Count >= 2).OrderBy(g => g.Count).ThenBy(g => g.Key).FirstAsync();
            return (fewest.Key, fewest.Count);
        });
        // The other organisations' published services delivered everywhere, so the one organisation's rows are few among many.
        await Api.ChangeAsync(async db =>
        {
            var others = await db.Services.Where(s => s.IsPublic && s.Organisation.PublicId != org).Select(s => s.Id).ToListAsync();
            var locations = await db.Locations.Select(l => l.Id).ToListAsync();
            var held = (await db.ServiceAtLocations.Select(x => new { x.ServiceId, x.LocationId }).ToListAsync()).Select(x => (x.ServiceId, x.LocationId)).ToHashSet();
            db.ServiceAtLocations.AddRange(others.SelectMany(s => locations.Where(l => !held.Contains((s, l))).Select(l => new ServiceAtLocation { ServiceId = s, LocationId = l })));
            await db.SaveChangesAsync();
        });
        var all = await Api.ReadAsync(db => db.ServiceAtLocations.CountAsync());
        Assert.True(rows * 20 < all, $"{rows} of {all} rows is not a rare filter");
        var near = $"/api/directory/service_at_locations?postcode=NE1&organization_id={org}";
        var streamed = (await Api.NdJsonAsync(near + "&format=ndjson")).Select(l => l.GetProperty("id").GetString()!).ToList();
        var paged = new List<string>();
        for (var page = 1; page <= rows; page++) paged.AddRange(OpenDataClient.Ids(await Api.PageAsync($"{near}&per_page=1&page={page}")));
        Assert.Equal(rows, streamed.Count);
        Assert.Equal(streamed, paged);
    }

    [Fact]
    public async Task Pages_near_a_postcode_continue_where_the_last_ended()
    {
        var all = OpenDataClient.Ids(await Api.PageAsync("/api/directory/service_at_locations?postcode=NE1&per_page=200"));
        var paged = new List<string>();
        for (var page = 1; page <= 5; page++)
            paged.AddRange(OpenDataClient.Ids(await Api.PageAsync($"/api/directory/service_at_locations?postcode=NE1&per_page=7&page={page}")));
        Assert.Equal(all, paged);
        var (status, _) = await Api.GetAsync("/api/directory/service_at_locations?postcode=ZZ99%209ZZ");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

public sealed class OpenDataContentOnSqliteTests() : OpenDataContentTests(DatabaseProvider.Sqlite);

public sealed class OpenDataContentOnPostgresTests() : OpenDataContentTests(DatabaseProvider.Postgres);

/// <summary>The postcode-district centroids the proximity search measures from, and the prisons' coordinates they are checked against.</summary>
public sealed class PostcodeDistrictTests
{
    private static readonly PostcodeDistricts Districts = PostcodeDistricts.Load(Seeder.FindSeedFolder(AppContext.BaseDirectory, null));

    [Theory]
    [InlineData("DH1 3HU", "DH1")]
    [InlineData("ts18 2qu", "TS18")]
    [InlineData("NE659XG", "NE65")]
    [InlineData("DL12", "DL12")]
    [InlineData("SW1A 1AA", "SW1A")]
    [InlineData("hello", null)]
    [InlineData("DH1 3H", null)]
    public void A_postcode_or_district_gives_its_district(string postcode, string? district) => Assert.Equal(district, PostcodeDistricts.DistrictOf(postcode));

    [Fact]
    public void The_file_covers_the_five_north_east_areas_and_nothing_else_is_placed()
    {
        Assert.True(Districts.Count >= 120, $"{Districts.Count} districts");
        foreach (var d in new[] { "NE1", "NE65", "DH1", "DH9", "SR8", "TS1", "TS29", "DL1", "DL17" }) Assert.NotNull(Districts.Locate(d));
        Assert.Null(Districts.Locate("SW1A 1AA"));
        Assert.Null(Districts.Locate("CA1 1AA"));
    }

    /// <summary>Each prison's seeded coordinates lie within 8 km of its postcode district's centroid: a check on both files.</summary>
    [Fact]
    public void Every_prison_lies_near_the_centroid_of_its_postcode_district()
    {
        var prisons = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Seeder.FindSeedFolder(AppContext.BaseDirectory, null), "prisons.json"))).RootElement;
        foreach (var p in prisons.EnumerateArray())
        {
            var at = new GeoPoint(p.GetProperty("latitude").GetDouble(), p.GetProperty("longitude").GetDouble());
            var centroid = Districts.Locate(p.GetProperty("postcode").GetString()!);
            Assert.NotNull(centroid);
            Assert.InRange(at.MetresTo(centroid.Value), 0, 8_000);
        }
        // Durham to Stockton is about 29 km: the haversine itself.
        Assert.InRange(Districts.Locate("DH1")!.Value.MetresTo(Districts.Locate("TS18")!.Value), 25_000, 33_000);
    }
}
