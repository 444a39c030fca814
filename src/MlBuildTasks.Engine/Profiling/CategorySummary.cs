using System.Collections.ObjectModel;

namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// The summary of one categorical (text) column in fixed memory. While it has at most <see cref="ExactLimit"/>
/// distinct values every value is counted exactly (<see cref="ExactCounts"/>). The first value beyond that switches
/// it for good to sketches: the <see cref="SketchCapacity"/> most frequent values so far go on counting in a
/// SpaceSaving sketch (heavy hitters stay found, their counts become upper bounds) and the distinct count goes on in
/// a <see cref="DistinctCounter"/> (exact to 100,000 distinct values, an estimate within about 1% after that).
/// The caller counts missing values itself. Deterministic; not thread-safe.
/// </summary>
public sealed class CategorySummary
{
    public const int DefaultExactLimit = 10_000;
    public const int DefaultSketchCapacity = 10_000;

    private Dictionary<string, long>? _exact = new(StringComparer.Ordinal);
    private ReadOnlyDictionary<string, long>? _exactView;
    private HeavyHitters? _sketch;
    private DistinctCounter? _distinct;

    /// <param name="exactLimit">The most distinct values counted exactly.</param>
    /// <param name="sketchCapacity">The values the heavy-hitter sketch follows after the switch; a value seen more than Count / capacity times is never lost.</param>
    public CategorySummary(int exactLimit = DefaultExactLimit, int sketchCapacity = DefaultSketchCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(exactLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sketchCapacity, 1);
        ExactLimit = exactLimit;
        SketchCapacity = sketchCapacity;
    }

    public int ExactLimit { get; }
    public int SketchCapacity { get; }

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The exact count of every value (ordinal comparison), or null once there were more than <see cref="ExactLimit"/> distinct values.</summary>
    public IReadOnlyDictionary<string, long>? ExactCounts => _exact is null ? null : _exactView ??= _exact.AsReadOnly();

    /// <summary>
    /// How far a count from <see cref="Top"/> may be above the true one, which is also the most times a value that
    /// <see cref="Top"/> no longer lists can have been seen: 0 while the counts are exact.
    /// </summary>
    public long CountErrorBound => _sketch?.ErrorBound ?? 0;

    /// <summary>The number of distinct values; see <see cref="DistinctIsExact"/>.</summary>
    public long DistinctCount => _exact?.Count ?? _distinct!.Estimate;

    /// <summary>
    /// True while <see cref="DistinctCount"/> is exact: with exact counts, and after the switch while the distinct
    /// counter still keeps every hash (up to 64-bit hash collisions); false once it is a HyperLogLog estimate.
    /// </summary>
    public bool DistinctIsExact => _exact is not null || _distinct!.IsExact;

    public void Add(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Count++;
        if (_exact is not null)
        {
            if (_exact.TryGetValue(value, out var count))
            {
                _exact[value] = count + 1;
                return;
            }

            if (_exact.Count < ExactLimit)
            {
                _exact.Add(value, 1);
                return;
            }

            SwitchToSketches(_exact);
        }

        _sketch!.Add(value);
        _distinct!.Add(value);
    }

    /// <summary>
    /// The <paramref name="k"/> most frequent values by count (descending), ties by ordinal order of the value.
    /// After the switch the counts are SpaceSaving's upper bounds (see <see cref="CountErrorBound"/>) and only values
    /// still in the sketch can be listed.
    /// </summary>
    public IReadOnlyList<(string Value, long Count)> Top(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var entries = _exact is not null ? _exact.Select(e => (e.Key, e.Value)) : _sketch!.Entries();
        return [.. entries.OrderByDescending(e => e.Item2).ThenBy(e => e.Item1, StringComparer.Ordinal).Take(k)];
    }

    private void SwitchToSketches(Dictionary<string, long> exact)
    {
        // The sketch starts from the most frequent values so far, exactly counted; any value left out was seen no
        // more often than the least of them, which is just what SpaceSaving assumes of a value it does not follow.
        _sketch = new HeavyHitters(SketchCapacity);
        foreach (var (value, count) in exact.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(SketchCapacity))
            _sketch.Seed(value, count);

        _distinct = new DistinctCounter();
        foreach (var value in exact.Keys) _distinct.Add(value);

        _exact = null;
        _exactView = null;
    }
}
