namespace PathwayHub.Web.Features.Commissioning;

/// <summary>The dashboard's last value breakdowns and the state of the agreements they were computed from (one slot per process).</summary>
public sealed class ValueBreakdownCache
{
    private sealed record Entry((DateOnly Today, int Count, DateTime? Latest) Key, (IReadOnlyList<ValueSlice>, IReadOnlyList<ValueSlice>) Value);
    private volatile Entry? _entry;

    public (IReadOnlyList<ValueSlice>, IReadOnlyList<ValueSlice>)? TryGet((DateOnly, int, DateTime?) key) => _entry is { } e && e.Key == key ? e.Value : null;

    public void Set((DateOnly, int, DateTime?) key, (IReadOnlyList<ValueSlice>, IReadOnlyList<ValueSlice>) value) => _entry = new Entry(key, value);
}
