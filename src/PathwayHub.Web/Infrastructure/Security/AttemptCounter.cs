using System.Collections.Concurrent;

namespace PathwayHub.Web.Infrastructure.Security;

/// <summary>
/// Counts attempts per key in a window that opens at the key's first attempt. In memory, per instance: several instances
/// behind a load balancer each keep their own counts (documented with the limits in the README).
/// </summary>
public sealed class AttemptCounter(TimeProvider clock)
{
    private const int PruneEvery = 1024;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _writes;

    private sealed record Entry(int Count, DateTimeOffset ResetsAt);

    /// <summary>How long until the key drops below <paramref name="limit"/>; null when it is below it now.</summary>
    public TimeSpan? WaitIfAtLimit(string key, int limit)
    {
        var now = clock.GetUtcNow();
        return _entries.TryGetValue(key, out var e) && e.ResetsAt > now && e.Count >= limit ? e.ResetsAt - now : null;
    }

    /// <summary>Whether the key has any attempt in its current window.</summary>
    public bool Any(string key) => _entries.TryGetValue(key, out var e) && e.ResetsAt > clock.GetUtcNow();

    public void Add(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        _entries.AddOrUpdate(key, _ => new Entry(1, now + window), (_, e) => e.ResetsAt > now ? e with { Count = e.Count + 1 } : new Entry(1, now + window));
        Prune(now);
    }

    /// <summary>Counts an attempt unless the key is at its limit; the check and the count are one step.</summary>
    public bool TryAdd(string key, int limit, TimeSpan window, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        while (true)
        {
            var found = _entries.TryGetValue(key, out var current);
            if (found && current!.ResetsAt > now && current.Count >= limit)
            {
                retryAfter = current.ResetsAt - now;
                return false;
            }
            if (limit < 1)
            {
                retryAfter = window;
                return false;
            }
            var next = found && current!.ResetsAt > now ? current with { Count = current.Count + 1 } : new Entry(1, now + window);
            if (found ? _entries.TryUpdate(key, next, current!) : _entries.TryAdd(key, next)) break;
        }
        Prune(now);
        retryAfter = TimeSpan.Zero;
        return true;
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    private void Prune(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _writes) % PruneEvery != 0) return;
        foreach (var (key, entry) in _entries)
            if (entry.ResetsAt <= now) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
    }
}
