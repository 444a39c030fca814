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

    public void Add(string value) => Add(value, 1);

    /// <summary>Counts <paramref name="value"/> <paramref name="count"/> times at once, as that many adds of it would.</summary>
    public void Add(string value, long count)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count += count;
        if (_exact is not null)
        {
            if (_exact.TryGetValue(value, out var known))
            {
                _exact[value] = known + count;
                return;
            }

            if (_exact.Count < ExactLimit)
            {
                _exact.Add(value, count);
                return;
            }

            SwitchToSketches(_exact);
        }

        _sketch!.Add(value, count);
        _distinct!.Add(value);
    }

    /// <summary>
    /// Takes in the values <paramref name="later"/> counted, as if they had been added here after this summary's own
    /// (parts of one file come together in file order). While both are exact, later's values are added with their
    /// counts in the order later first saw them, so the result is just what adding every value here would give as
    /// long as the distinct values fit <see cref="ExactLimit"/>. Beyond that the heavy-hitter sketches merge (counts
    /// stay upper bounds within <see cref="CountErrorBound"/>) and so do the distinct counters. Both must have the
    /// same <see cref="SketchCapacity"/>; <paramref name="later"/> is left unchanged.
    /// </summary>
    public void MergeFrom(CategorySummary later) => MergeFrom(later, countedElsewhere: null);

    /// <summary>
    /// <see cref="MergeFrom(CategorySummary)"/>, leaving out of the heavy hitters the values of later's sketch for which
    /// <paramref name="countedElsewhere"/> is true (the caller counts them itself; they stay in <see cref="Count"/>
    /// and the distinct count). Values later counts exactly are all taken.
    /// </summary>
    internal void MergeFrom(CategorySummary later, Func<string, bool>? countedElsewhere)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (ReferenceEquals(later, this)) throw new ArgumentException("A summary cannot be merged into itself.", nameof(later));
        if (later.SketchCapacity != SketchCapacity)
            throw new ArgumentException($"Only summaries with the same sketch capacity can be merged ({SketchCapacity} and {later.SketchCapacity}).", nameof(later));
        if (later._exact is not null)
        {
            foreach (var (value, count) in later._exact) Add(value, count); // in insertion order: the order later first saw them
            return;
        }

        if (_exact is not null) SwitchToSketches(_exact);
        Count += later.Count;
        _sketch!.MergeFrom(later._sketch!, countedElsewhere);
        _distinct!.MergeFrom(later._distinct!);
    }

    /// <summary>
    /// Makes the distinct count include <paramref name="value"/> without counting it anywhere else: for a caller whose
    /// own exact values may also be among a merged sketch's, so that the distinct count here covers both at once.
    /// Only after the switch to sketches.
    /// </summary>
    internal void AddToDistinct(string value) => _distinct!.Add(value);

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
