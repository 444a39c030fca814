using MlBuildTasks.Engine.Data;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// Counts a categorical column's values straight from the reader's spans: a known value costs a lookup
/// and no allocation. Exact up to <see cref="ExactLimit"/> distinct values; values beyond that go to a
/// <see cref="CategorySummary"/> sketch (heavy hitters and a distinct estimate), so memory stays bounded.
/// Each exactly counted value gets a small id (0, 1, 2, ... in order of first appearance), so a check can
/// remember what it decided about a value by id instead of looking the value up again.
/// </summary>
public sealed class CategoryCounter
{
    public CategoryCounter(int exactLimit = DefaultExactLimit)
    {
        ExactLimit = exactLimit;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public const int DefaultExactLimit = 10_000;

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _values = [];
    private readonly List<long> _counts = [];

    /// <summary>Per id, the value's <see cref="RowHash.KeyOf"/>, for the row hashes of the duplicate-row check.</summary>
    private readonly List<ulong> _keys = [];
    private CategorySummary? _overflow;

    /// <summary>
    /// True once a merge took in a sketched overflow that may hold values counted here by id: the overflow's distinct
    /// count then covers those values too (they were added to it), and so is the whole distinct count.
    /// </summary>
    private bool _overflowCountsIds;

    /// <summary>Ids of values seen lately, by <see cref="RecentSlot"/>; -1 where none.</summary>
    private readonly int[] _recent = Enumerable.Repeat(-1, RecentSlots).ToArray();
    private const int RecentSlots = 256;

    public int ExactLimit { get; }
    public long Count { get; private set; }

    public bool DistinctIsExact => _overflow is null || _overflow.DistinctIsExact;

    public long DistinctCount => _overflowCountsIds ? _overflow!.DistinctCount : _ids.Count + (_overflow?.DistinctCount ?? 0);

    /// <summary>Every value's count while exact; null once the sketch took over.</summary>
    public IReadOnlyDictionary<string, long>? ExactCounts =>
        _overflow is null ? _values.Select((value, id) => (value, id)).ToDictionary(p => p.value, p => _counts[p.id], StringComparer.Ordinal) : null;

    /// <summary>Counts a value; returns its id, or -1 when it went to the sketch (more than <see cref="ExactLimit"/> distinct values).</summary>
    public int Add(ReadOnlySpan<char> value)
    {
        Count++;
        // A categorical column has few values: most are found in a small table keyed by length and end characters,
        // checked by one comparison, before the dictionary (which hashes every character) is asked.
        var recent = RecentSlot(value);
        var id = _recent[recent];
        if (id < 0 || !value.SequenceEqual(_values[id]))
        {
            if (!_lookup.TryGetValue(value, out id)) return AddNew(value);
            _recent[recent] = id;
        }

        CollectionsMarshal.AsSpan(_counts)[id]++;
        return id;
    }

    /// <summary>
    /// <see cref="Add(ReadOnlySpan{char})"/> for a caller that counts a few fixed strings (a boolean column's "true" and
    /// "false") and keeps each one's id in <paramref name="id"/> (-1 before the first time): after that, no lookup.
    /// </summary>
    public void Add(string value, ref int id)
    {
        if (id < 0)
        {
            id = Add(value);
            return;
        }

        Count++;
        CollectionsMarshal.AsSpan(_counts)[id]++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per value: the JIT left it a call
    private static int RecentSlot(ReadOnlySpan<char> value) =>
        value.IsEmpty ? 0 : (value.Length * 31 + value[0] * 7 + value[^1] + value[value.Length / 2] * 3) & (RecentSlots - 1);

    private int AddNew(ReadOnlySpan<char> value)
    {
        if (_ids.Count >= ExactLimit)
        {
            (_overflow ??= new CategorySummary()).Add(value.ToString());
            return -1;
        }

        var text = value.ToString();
        var id = _values.Count;
        _ids.Add(text, id);
        _values.Add(text);
        _counts.Add(1);
        _keys.Add(RowHash.KeyOf(text));
        _recent[RecentSlot(value)] = id;
        return id;
    }

    /// <summary>
    /// Takes in the values <paramref name="later"/> counted, as if they had been added here after this counter's own
    /// (parts of one file come together in file order). This counter's ids stay; later's values new here get the next
    /// ids in the order of later's ids while they fit <see cref="ExactLimit"/>, so that while the distinct values fit
    /// everything is what counting every value here would give. Values that do not fit go to the overflow sketch
    /// with their counts, and later's overflow joins this one's, except that a value of later's overflow counted
    /// here by id is counted under its id (with later's upper bound when later's sketch lists it; a value its sketch
    /// dropped loses at most that sketch's error bound). Both must have the same <see cref="ExactLimit"/>;
    /// <paramref name="later"/> is left unchanged.
    /// </summary>
    public void MergeFrom(CategoryCounter later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (ReferenceEquals(later, this)) throw new ArgumentException("A counter cannot be merged into itself.", nameof(later));
        if (later.ExactLimit != ExactLimit)
            throw new ArgumentException($"Only counters with the same exact limit can be merged ({ExactLimit} and {later.ExactLimit}).", nameof(later));

        Count += later.Count;
        for (var id = 0; id < later._values.Count; id++) MergeCount(later._values[id], later._counts[id]);
        if (later._overflow is { } overflow) MergeOverflow(overflow);
    }

    /// <summary>Counts a value <paramref name="count"/> times: under its id, under a new one while there is room, else in the overflow.</summary>
    private void MergeCount(string value, long count)
    {
        if (_ids.TryGetValue(value, out var id))
        {
            _counts[id] += count;
        }
        else if (_ids.Count < ExactLimit)
        {
            _ids.Add(value, _values.Count);
            _values.Add(value);
            _counts.Add(count);
            _keys.Add(RowHash.KeyOf(value));
        }
        else
        {
            (_overflow ??= new CategorySummary()).Add(value, count);
        }
    }

    /// <summary>
    /// Takes in later's overflow. Exact, it is counted value by value as later's ids are. A sketch cannot be split:
    /// the values it lists that have ids here go to their ids, the rest of it merges into the overflow, and the ids'
    /// values join the overflow's distinct count so that a value on both sides is one distinct value.
    /// </summary>
    private void MergeOverflow(CategorySummary later)
    {
        if (later.ExactCounts is { } counts)
        {
            foreach (var (value, count) in counts) MergeCount(value, count);
            return;
        }

        foreach (var (value, count) in later.Top(int.MaxValue))
            if (_ids.TryGetValue(value, out var id)) _counts[id] += count;
        (_overflow ??= new CategorySummary()).MergeFrom(later, countedElsewhere: _ids.ContainsKey);
        if (_overflowCountsIds) return; // the ids are full once there is an overflow: their values are in it already
        foreach (var value in _values) _overflow.AddToDistinct(value);
        _overflowCountsIds = true;
    }

    /// <summary>The hash of the value an id stands for (<see cref="RowHash.KeyOf"/>): the same in every counter, so row hashes agree across the parts of a file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong KeyOf(int id) => _keys[id];

    /// <summary>The value an id stands for (the one string kept for it).</summary>
    public string ValueOf(int id) => _values[id];

    /// <summary>The most frequent values, by count then value.</summary>
    public IReadOnlyList<(string Value, long Count)> Top(int k) =>
        _values.Select((value, id) => (value, _counts[id]))
            .Concat(_overflow?.Top(k) ?? [])
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal)
            .Take(k).ToList();
}
