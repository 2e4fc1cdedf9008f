using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>
/// The counts a filtered collection's pages share (its total_items, and for proximity how many rows each location holds), kept
/// per filter while the directory is unchanged. A client paging through a filter, or many clients asking the common ones, would
/// otherwise count the same tens of thousands of rows for every page. Each count is kept under the
/// <see cref="DirectoryVersion"/> stamp read before it was counted, so any save to the directory, on any instance, retires it.
/// </summary>
public sealed class OpenDataCounts
{
    /// <summary>Filters remembered at once: a client inventing filters cannot grow the memory without bound.</summary>
    public const int MaxKept = 1_000;

    private readonly Lock _gate = new();
    private Guid _stamp;
    private Dictionary<object, object> _kept = [];

    /// <summary>The value kept for <paramref name="key"/> under the directory's current stamp, or <paramref name="count"/>'s.</summary>
    public async Task<T> GetAsync<T>(AppDbContext db, object key, Func<Task<T>> count, CancellationToken ct) where T : notnull
    {
        var stamp = await db.DirectoryVersions.AsNoTracking().Select(v => v.Stamp).FirstAsync(ct);
        lock (_gate)
        {
            if (_stamp == stamp && _kept.TryGetValue(key, out var kept)) return (T)kept;
        }
        var value = await count();
        lock (_gate)
        {
            if (_stamp != stamp) (_stamp, _kept) = (stamp, []);
            if (_kept.Count < MaxKept) _kept[key] = value;
        }
        return value;
    }

    /// <summary>Forgets every count, so the next request of each filter counts again (the benchmark's cold case).</summary>
    public void Clear()
    {
        lock (_gate) _kept = [];
    }
}
