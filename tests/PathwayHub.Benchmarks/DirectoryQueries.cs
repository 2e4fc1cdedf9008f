using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.OpenData;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Benchmarks;

/// <summary>
/// The provider directory at scale (<see cref="DirectoryData"/>: 10,000 organisations, 50,000 services) on each provider:
/// a text search with a Pathway filter (first page, coordinator's view), the two coverage matrices, and the open data API's
/// first /services page serialised as the endpoint writes it. A short run job: every case generates its data afresh in its own
/// process (about half a minute), and the machine is shared.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DirectoryQueries
{
    private BenchHost _host = null!;
    private int _pathwayId;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.Postgres)]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync(Provider);
        var took = await DirectoryData.GenerateAsync(_host.Settings);
        await using var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        _pathwayId = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
        var services = await db.Services.CountAsync();
        Console.WriteLine($"// Generated {await db.Organisations.CountAsync()} organisations, {services} services, {await db.ServiceTaxonomyTerms.CountAsync()} taxonomy links, " +
            $"{await db.ServiceAtLocations.CountAsync()} service at locations on {Provider} in {took.TotalSeconds:0.0} s");
        if (services < DirectoryData.Organisations * DirectoryData.ServicesPerOrganisation) throw new InvalidOperationException("The directory was not generated.");
    }

    [Benchmark]
    public async Task<int> SearchTextAndPathway()
    {
        var result = await _host.Get<ListingSearchService>().SearchAsync(new DirectoryQuery { Text = "family", PathwayId = _pathwayId });
        if (result.Items.Count != 25 || result.TotalItems < 100) throw new InvalidOperationException($"The search found {result.TotalItems}.");
        return result.TotalItems;
    }

    [Benchmark]
    public async Task<int> CoverageByPathway()
    {
        var matrix = await _host.Get<CoverageService>().CoverageAsync(Taxonomy.PathwaysSlug);
        if (matrix.Rows.Count == 0 || matrix.Rows.All(r => r.Counts.All(c => c == 0))) throw new InvalidOperationException("The matrix is empty.");
        return matrix.Rows.Count;
    }

    [Benchmark]
    public async Task<int> CoverageByServiceType()
    {
        var matrix = await _host.Get<CoverageService>().CoverageAsync(Taxonomy.ServiceTypesSlug);
        if (matrix.Rows.Count == 0 || matrix.Rows.All(r => r.Counts.All(c => c == 0))) throw new InvalidOperationException("The matrix is empty.");
        return matrix.Rows.Count;
    }

    [Benchmark]
    public async Task<string> OpenDataServicesPage()
    {
        var page = await _host.Get<OpenDataService>().ServicesAsync(new OpenServiceQuery(PageRequest.Of(1, OpenDataEndpoints.DefaultPerPage), ServiceFilter.None));
        if (page.Contents.Count != OpenDataEndpoints.DefaultPerPage) throw new InvalidOperationException("The page is short.");
        return JsonSerializer.Serialize(page, OpenDataEndpoints.Json);
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();
}
