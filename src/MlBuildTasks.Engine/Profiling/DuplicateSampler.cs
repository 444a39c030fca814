namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// Finds repeated values (or rows, by their hashes) in bounded memory. Every hash is tracked while fewer
/// than <see cref="Capacity"/> are held; beyond that only hashes in a shrinking hash-defined subset (1 in
/// 2, 1 in 4, ...) are kept. Equal values have equal hashes, so they are always in or out of the subset
/// together: a repeat found is a real repeat, and the repeated share of the subset estimates the whole
/// without bias. A data set with no repeats always reports none, however large it is.
/// </summary>
public sealed class DuplicateSampler(int capacity = DuplicateSampler.DefaultCapacity)
{
    public const int DefaultCapacity = 65_536;

    // An open-addressing table of mixed hashes with their counts side by side (a Dictionary's buckets, entries
    // and indirection cost several cache misses a value on large data; this costs one). Mixed hash 0 marks an
    // empty slot, so the one value whose mixed hash is 0 is counted on the side.
    private Entry[] _table = new Entry[1024];
    private Entry[]? _spare;
    private int _held;
    private int _zeroCount;
    private int _level;

    public int Capacity { get; } = capacity;

    /// <summary>True while every value is tracked (no sampling yet).</summary>
    public bool IsExact => _level == 0;

    /// <summary>The first repeat seen: its caller-given tag.</summary>
    public long? FirstRepeatTag { get; private set; }

    /// <summary>Adds a value's hash; false when it is a repeat (always known for tracked values; untracked ones count as new).</summary>
    public bool Add(ulong hash, long tag = 0)
    {
        var mixed = SplitMix64.Mix(hash); // spreads any input's bits, so weak hashes sample evenly
        if (!InSample(mixed)) return true;
        ref var count = ref mixed == 0 ? ref _zeroCount : ref Slot(_table, mixed);
        count++;
        if (count > 1)
        {
            FirstRepeatTag ??= tag;
            return false;
        }

        if (mixed != 0 && ++_held > Capacity) Shrink();
        else if (_held * 2 > _table.Length) Rehash(_table.Length * 2);
        return true;
    }

    /// <summary>The estimated share of values that repeat an earlier one.</summary>
    public double RepeatedFraction
    {
        get
        {
            long values = _zeroCount, repeats = Math.Max(_zeroCount - 1, 0);
            foreach (var entry in _table)
            {
                if (entry.Count == 0) continue;
                values += entry.Count;
                repeats += entry.Count - 1;
            }

            return values == 0 ? 0 : (double)repeats / values;
        }
    }

    /// <summary>The count of <paramref name="mixed"/> (its slot claimed when new), by linear probing from its high bits (the low ones decide the sample).</summary>
    private static ref int Slot(Entry[] table, ulong mixed)
    {
        var mask = table.Length - 1;
        var i = (int)(mixed >> (64 - System.Numerics.BitOperations.Log2((uint)table.Length))) & mask;
        while (table[i].Key != mixed && table[i].Key != 0) i = (i + 1) & mask;
        table[i].Key = mixed;
        return ref table[i].Count;
    }

    private void Shrink()
    {
        _level++;
        Rehash(_table.Length);
    }

    /// <summary>Moves the values still in the sample to a table of <paramref name="size"/> slots.</summary>
    private void Rehash(int size)
    {
        var old = _table;
        // A shrink keeps the size: the spare table of that size is reused instead of a new large array each time.
        var fresh = _spare is { } spare && spare.Length == size ? spare : new Entry[size];
        Array.Clear(fresh);
        (_table, _spare, _held) = (fresh, old, 0);
        foreach (var entry in old)
        {
            if (entry.Key == 0 || !InSample(entry.Key)) continue;
            Slot(_table, entry.Key) = entry.Count;
            _held++;
        }
    }

    private struct Entry
    {
        public ulong Key;
        public int Count;
    }

    private bool InSample(ulong mixed) => (mixed & ((1UL << _level) - 1)) == 0;
}
