using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Estate.Progress;
using PathwayHub.Web.Features.Notifications;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Progress on the directory benchmark's data (<see cref="DirectoryData"/>: 50,000 services) with the commissioning benchmark's
/// 20,000 agreements funding 40,000 of them (<see cref="CommissioningData"/>): the regional minimum-offer page's server render
/// (target under 100 ms), taking a quarter's snapshots of
/// every Pathway and the region (target under 2 s; each invocation takes a new quarter, as taking one twice writes nothing),
/// and the regional Progress page's query (target under 50 ms).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ProgressBench
{
    private BenchHost _host = null!;
    private DateOnly _quarter = new(2000, 1, 1);
    private readonly DateOnly _today = new(2026, 11, 23);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync();
        await DirectoryData.GenerateAsync(_host.Settings);
        await using (var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            await CommissioningData.GenerateAsync(db, fundServices: true);
        await _host.Get<ProgressService>().TakeAsync(new DateOnly(2026, 10, 1));
    }

    [Benchmark]
    public Task<int> TakeQuarterlySnapshot()
    {
        _quarter = _quarter.AddMonths(3);
        return _host.Get<ProgressService>().TakeAsync(_quarter);
    }

    [Benchmark]
    public async Task<int> RegionalProgressPageQuery()
    {
        await using var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var view = await ProgressService.LoadAsync(db, null, "The region", _today, _host.Get<ReminderOptions>(), default);
        return view.Snapshots.Count;
    }

    [Benchmark]
    public async Task<string> RegionalOfferPage()
    {
        var html = await _host.RenderAsync<Web.Features.Estate.Offer.RegionalOfferPage>([]);
        if (!html.Contains("data-testid=\"offer-table\"", StringComparison.Ordinal)) throw new InvalidOperationException("The offer page did not render a table.");
        return html;
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();
}
