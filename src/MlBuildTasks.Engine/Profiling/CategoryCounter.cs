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
    private CategorySummary? _overflow;

    /// <summary>Ids of values seen lately, by <see cref="RecentSlot"/>; -1 where none.</summary>
    private readonly int[] _recent = Enumerable.Repeat(-1, RecentSlots).ToArray();
    private const int RecentSlots = 256;

    public int ExactLimit { get; }
    public long Count { get; private set; }

    public bool DistinctIsExact => _overflow is null || _overflow.DistinctIsExact;

    public long DistinctCount => _ids.Count + (_overflow?.DistinctCount ?? 0);

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
        _recent[RecentSlot(value)] = id;
        return id;
    }

    /// <summary>The value an id stands for (the one string kept for it).</summary>
    public string ValueOf(int id) => _values[id];

    /// <summary>The most frequent values, by count then value.</summary>
    public IReadOnlyList<(string Value, long Count)> Top(int k) =>
        _values.Select((value, id) => (value, _counts[id]))
            .Concat(_overflow?.Top(k) ?? [])
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal)
            .Take(k).ToList();
}
