using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Commissioning at scale: 5,000 tenders, 20,000 agreements and 200,000 milestones in a real SQLite file. The dashboard
/// (queries and server render), the register's first page, and an OCDS release package of 1,000 processes written to a stream,
/// as compiled releases and as their individual releases.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CommissioningBench
{
    private BenchHost _host = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync();
        await using var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await CommissioningData.GenerateAsync(db);
    }

    [Benchmark]
    public async Task<string> DashboardPage()
    {
        var html = await _host.RenderAsync<CommissioningDashboardPage>([]);
        if (!html.Contains("with no recommissioning decision", StringComparison.Ordinal) || !html.Contains("Overdue milestones", StringComparison.Ordinal))
            throw new InvalidOperationException("The dashboard did not render in full.");
        return html;
    }

    [Benchmark]
    public async Task<int> RegisterFirstPage()
    {
        var result = await _host.Get<AgreementRegisterService>().SearchAgreementsAsync(new AgreementQuery { PageSize = 25 });
        if (result.TotalItems < 20000 || result.Items.Count != 25) throw new InvalidOperationException("The register did not page.");
        return result.Items.Count;
    }

    [Benchmark]
    public async Task<long> OcdsReleasePackage1000()
    {
        var output = new CountingStream();
        if (await _host.Get<OcdsService>().WriteReleasePackageAsync(output, PageRequest.Of(1, 1000), null) != OcdsOutcome.Written) throw new InvalidOperationException("No package.");
        return output.Length;
    }

    /// <summary>The same 1,000 processes as every individual release of their history (tender, award, contract, milestones met, ends).</summary>
    [Benchmark]
    public async Task<long> OcdsIndividualReleases1000()
    {
        var output = new CountingStream();
        if (await _host.Get<OcdsService>().WriteReleasePackageAsync(output, PageRequest.Of(1, 1000), null, OcdsReleases.Individual) != OcdsOutcome.Written)
            throw new InvalidOperationException("No package.");
        return output.Length;
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();

    /// <summary>A response body stand-in: counts what is written and keeps none of it, as a socket would.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
