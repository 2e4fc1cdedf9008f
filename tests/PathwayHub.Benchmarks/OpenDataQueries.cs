using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.OpenData;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Benchmarks;

/// <summary>
/// The Open Referral UK API over the generated directory (<see cref="DirectoryData"/>: 10,000 organisations, 50,000 services):
/// /services with each filter (first page, as the endpoint writes it), /service_at_locations near a postcode, and the whole
/// /services collection as ndjson. In process, so the directory is generated once per provider and shared by every case.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class OpenDataQueries
{
    internal sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    private BenchHost _host = null!;
    private ServiceFilter _filter = null!;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.Postgres)]
    public DatabaseProvider Provider { get; set; }

    [ParamsSource(nameof(FilterNames))]
    public string Filter { get; set; } = "";

    public static IEnumerable<string> FilterNames() => OpenDataBenchData.FilterNames;

    [GlobalSetup]
    public async Task SetupAsync() => (_host, _filter) = await OpenDataBenchData.GetAsync(Provider, Filter);

    [Benchmark]
    public async Task<string> ServicesPage()
    {
        var page = await _host.Get<OpenDataService>().ServicesAsync(new OpenServiceQuery(PageRequest.Of(1, OpenDataEndpoints.DefaultPerPage), _filter));
        if (page.Contents.Count == 0) throw new InvalidOperationException($"{Filter} found nothing.");
        return JsonSerializer.Serialize(page, OpenDataEndpoints.Json);
    }

    /// <summary>The same page as the first request of its filter after a change to the directory: its counts are not kept yet.</summary>
    [Benchmark]
    public Task<string> ServicesPageAfresh()
    {
        _host.Get<OpenDataCounts>().Clear();
        return ServicesPage();
    }

    /// <summary>Service at locations within 20 km of Durham (DH1), nearest first, first page; the filter applies too.</summary>
    [Benchmark]
    public async Task<string> ProximityPage()
    {
        var near = new NearFilter(_host.Get<PostcodeDistricts>().Locate("DH1 3HU")!.Value, 20_000);
        var page = await _host.Get<OpenDataLocationService>().ServiceAtLocationsAsync(new ServiceAtLocationQuery(_filter, near),
            PageRequest.Of(1, OpenDataEndpoints.DefaultPerPage));
        if (page.Contents.Count == 0) throw new InvalidOperationException($"{Filter} found nothing near DH1.");
        return JsonSerializer.Serialize(page, OpenDataEndpoints.Json);
    }

    /// <summary>The proximity page as the first request of its filter after a change: every location's count is worked out again.</summary>
    [Benchmark]
    public Task<string> ProximityPageAfresh()
    {
        _host.Get<OpenDataCounts>().Clear();
        return ProximityPage();
    }

    internal sealed class CountingStream : Stream
    {
        public long Lines { get; private set; }
        public long PeakHeap { get; private set; }
        private long _length, _sampledAt;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _length += buffer.Length;
            Lines += buffer.Count((byte)'\n');
            if (_length - _sampledAt < 1 << 20) return;
            _sampledAt = _length;
            PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { Write(buffer.Span); return ValueTask.CompletedTask; }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { Write(buffer, offset, count); return Task.CompletedTask; }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>The whole /services collection (45,000 published services) as ndjson, on each provider; shares <see cref="OpenDataQueries"/>' data.</summary>
[MemoryDiagnoser]
[Config(typeof(OpenDataQueries.InProcessShortRun))]
public class OpenDataNdJson
{
    private BenchHost _host = null!;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.Postgres)]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => (_host, _) = await OpenDataBenchData.GetAsync(Provider, "none");

    /// <summary>
    /// Every service that passes the filter as ndjson, written as the endpoint writes it to a stream that only counts; the managed
    /// heap is sampled as it goes, and the largest seen printed (the figure the "under 100 MB" target is about).
    /// </summary>
    [Benchmark]
    public async Task<long> ServicesNdJson()
    {
        var http = new DefaultHttpContext();
        var sink = new OpenDataQueries.CountingStream();
        http.Response.Body = sink;
        var watch = Stopwatch.StartNew();
        await new NdJsonResult<HsdsService>(_host.Get<OpenDataService>().StreamServicesAsync(ServiceFilter.None, full: false), OpenDataEndpoints.Json).ExecuteAsync(http);
        Console.WriteLine($"// ndjson all on {Provider}: {sink.Lines:N0} lines, {sink.Length / 1048576.0:0.0} MB in {watch.Elapsed.TotalSeconds:0.00} s, " +
            $"largest managed heap seen {sink.PeakHeap / 1048576.0:0.0} MB");
        return sink.Length;
    }

}

/// <summary>The generated directory per provider, made once per process, and the filter values that find something in it.</summary>
internal static class OpenDataBenchData
{
    public static readonly string[] FilterNames =
        ["none", "search", "search-rare", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimum_age", "maximum_age", "day+start_time+end_time"];

    private static readonly Dictionary<DatabaseProvider, (BenchHost Host, Dictionary<string, ServiceFilter> Filters)> Hosts = [];

    public static async Task<(BenchHost Host, ServiceFilter Filter)> GetAsync(DatabaseProvider provider, string filter)
    {
        if (!Hosts.TryGetValue(provider, out var made))
        {
            var host = await BenchHost.StartAsync(provider);
            // Shared by every case, so kept until the process ends, then its database is removed.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var took = await DirectoryData.GenerateAsync(host.Settings);
            await using var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var term = await db.TaxonomyTerms.Where(t => t.Code == "families-and-social-support").Select(t => t.PublicId).SingleAsync();
            var types = await db.Taxonomies.Where(t => t.Slug == Taxonomy.ServiceTypesSlug).Select(t => t.PublicId).SingleAsync();
            var org = await db.Organisations.Where(o => o.Services.Count(s => s.IsPublished) >= 4).OrderBy(o => o.Id).Select(o => o.PublicId).FirstAsync();
            Console.WriteLine($"// Generated {await db.Services.CountAsync()} services on {provider} in {took.TotalSeconds:0.0} s");
            made = (host, new Dictionary<string, ServiceFilter>
            {
                ["none"] = ServiceFilter.None,
                ["search"] = new(Search: "family"),
                // A name looked up: one organisation's number, in its five services only (the index's case; "family" is in 30,000).
                ["search-rare"] = new(Search: "00042"),
                ["taxonomy_term_id"] = new(TaxonomyTermId: term),
                ["taxonomy_id"] = new(TaxonomyId: types),
                ["organization_id"] = new(OrganizationId: org),
                ["modified_after"] = new(ModifiedAfterUtc: new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc)),
                ["minimum_age"] = new(MinimumAge: 18),
                ["maximum_age"] = new(MaximumAge: 30),
                ["day+start_time+end_time"] = new(Day: "MO", OpensAtOrAfter: "08:00", ClosesAtOrBefore: "18:00"),
            });
            Hosts[provider] = made;
        }
        return (made.Host, made.Filters[filter]);
    }
}
