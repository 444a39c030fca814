namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// Counts a categorical column's values straight from the reader's spans: a known value costs a lookup
/// and no allocation. Exact up to <see cref="ExactLimit"/> distinct values; values beyond that go to a
/// <see cref="CategorySummary"/> sketch (heavy hitters and a distinct estimate), so memory stays bounded.
/// </summary>
public sealed class CategoryCounter
{
    public CategoryCounter(int exactLimit = DefaultExactLimit)
    {
        ExactLimit = exactLimit;
        _counts = new Dictionary<string, long>(StringComparer.Ordinal);
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public const int DefaultExactLimit = 10_000;

    private readonly Dictionary<string, long> _counts;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private CategorySummary? _overflow;

    public int ExactLimit { get; }
    public long Count { get; private set; }

    public bool DistinctIsExact => _overflow is null || _overflow.DistinctIsExact;

    public long DistinctCount => _counts.Count + (_overflow?.DistinctCount ?? 0);

    /// <summary>Every value's count while exact; null once the sketch took over.</summary>
    public IReadOnlyDictionary<string, long>? ExactCounts => _overflow is null ? _counts : null;

    public void Add(ReadOnlySpan<char> value)
    {
        Count++;
        // One hash lookup for a known value: count it in place.
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_lookup, value);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
        {
            count++;
            return;
        }

        if (_counts.Count < ExactLimit) _counts.Add(value.ToString(), 1);
        else (_overflow ??= new CategorySummary()).Add(value.ToString());
    }

    /// <summary>The most frequent values, by count then value.</summary>
    public IReadOnlyList<(string Value, long Count)> Top(int k) =>
        _counts.Select(p => (p.Key, p.Value))
            .Concat(_overflow?.Top(k) ?? [])
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal)
            .Take(k).ToList();
}
