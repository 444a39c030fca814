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

    // An open-addressing table of mixed hashes with their counts and first tags side by side (a Dictionary's
    // buckets, entries and indirection cost several cache misses a value on large data; this costs one). Mixed hash
    // 0 marks an empty slot, so the one value whose mixed hash is 0 is counted on the side.
    private Entry[] _table = new Entry[1024];
    private Entry[]? _spare;
    private int _held;
    private Entry _zero;
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
        ref var entry = ref mixed == 0 ? ref _zero : ref Slot(_table, mixed);
        entry.Count++;
        if (entry.Count > 1)
        {
            FirstRepeatTag ??= tag;
            return false;
        }

        entry.FirstTag = tag;
        if (mixed != 0 && ++_held > Capacity) Shrink();
        else if (_held * 2 > _table.Length) Rehash(_table.Length * 2);
        return true;
    }

    /// <summary>The estimated share of values that repeat an earlier one.</summary>
    public double RepeatedFraction
    {
        get
        {
            long values = _zero.Count, repeats = Math.Max(_zero.Count - 1, 0);
            foreach (var entry in _table)
            {
                if (entry.Count == 0) continue;
                values += entry.Count;
                repeats += entry.Count - 1;
            }

            return values == 0 ? 0 : (double)repeats / values;
        }
    }

    /// <summary>
    /// Takes in the values <paramref name="later"/> tracked, as if they had been added here after this sampler's own
    /// (parts of one file come together in file order; tags are taken to grow in that order). Both sides are kept at
    /// the higher of their sampling levels, and at higher ones while more than <see cref="Capacity"/> values are
    /// held, so the table is what adding every value here would track. Equal values have equal hashes, so a value of
    /// later's that this sampler holds (at that higher level) is a repeat across the parts: the counts add, and
    /// <paramref name="crossRepeat"/> is called once for each such value with later's first tag for it and then this
    /// sampler's, in increasing order of later's tag. <see cref="FirstRepeatTag"/> stays this sampler's if it has
    /// one, else it is the earliest of later's and of those repeats. <paramref name="later"/> is left unchanged.
    /// </summary>
    public void MergeFrom(DuplicateSampler later, Action<long, long>? crossRepeat = null)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (ReferenceEquals(later, this)) throw new ArgumentException("A sampler cannot be merged into itself.", nameof(later));
        if (later._level > _level)
        {
            _level = later._level;
            Rehash(_table.Length);
        }

        var repeats = CrossRepeats(later);
        foreach (var entry in later._table)
            if (entry.Key != 0) MergeEntry(entry);
        if (later._zero.Count > 0)
        {
            if (_zero.Count == 0) _zero = later._zero;
            else _zero.Count += later._zero.Count;
        }

        if (FirstRepeatTag is null && repeats.Count > 0) FirstRepeatTag = Math.Min(repeats[0].LaterTag, later.FirstRepeatTag ?? long.MaxValue);
        else FirstRepeatTag ??= later.FirstRepeatTag;
        if (crossRepeat is null) return;
        foreach (var (laterTag, earlierTag) in repeats) crossRepeat(laterTag, earlierTag);
    }

    /// <summary>The values of later's, in the sample at this level, that this sampler holds too: both first tags, by later's tag.</summary>
    private List<(long LaterTag, long EarlierTag)> CrossRepeats(DuplicateSampler later)
    {
        var repeats = new List<(long LaterTag, long EarlierTag)>();
        if (later._zero.Count > 0 && _zero.Count > 0) repeats.Add((later._zero.FirstTag, _zero.FirstTag));
        foreach (var entry in later._table)
            if (entry.Key != 0 && InSample(entry.Key) && Find(_table, entry.Key) is { Count: > 0 } mine) repeats.Add((entry.FirstTag, mine.FirstTag));
        repeats.Sort();
        return repeats;
    }

    /// <summary>Adds one of later's entries as <see cref="Add"/> adds a value: counted, or held anew (shrinking the sample when over capacity).</summary>
    private void MergeEntry(Entry entry)
    {
        if (!InSample(entry.Key)) return;
        ref var mine = ref Slot(_table, entry.Key);
        if (mine.Count > 0)
        {
            mine.Count += entry.Count;
            return;
        }

        mine = entry;
        if (++_held > Capacity) Shrink();
        else if (_held * 2 > _table.Length) Rehash(_table.Length * 2);
    }

    /// <summary>The entry of <paramref name="mixed"/> (its slot claimed when new), by linear probing from its high bits (the low ones decide the sample).</summary>
    private static ref Entry Slot(Entry[] table, ulong mixed)
    {
        var mask = table.Length - 1;
        var i = Home(table, mixed);
        while (table[i].Key != mixed && table[i].Key != 0) i = (i + 1) & mask;
        table[i].Key = mixed;
        return ref table[i];
    }

    /// <summary>The entry of <paramref name="mixed"/>, or an empty one when the table does not hold it; claims no slot.</summary>
    private static Entry Find(Entry[] table, ulong mixed)
    {
        var mask = table.Length - 1;
        for (var i = Home(table, mixed); table[i].Key != 0; i = (i + 1) & mask)
            if (table[i].Key == mixed) return table[i];
        return default;
    }

    /// <summary>Where probing for <paramref name="mixed"/> starts: its high bits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // inside Slot, once per value
    private static int Home(Entry[] table, ulong mixed) =>
        (int)(mixed >> (64 - System.Numerics.BitOperations.Log2((uint)table.Length))) & (table.Length - 1);

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
            Slot(_table, entry.Key) = entry;
            _held++;
        }
    }

    private struct Entry
    {
        public ulong Key;
        public int Count;

        /// <summary>The tag the value was first added with.</summary>
        public long FirstTag;
    }

    private bool InSample(ulong mixed) => (mixed & ((1UL << _level) - 1)) == 0;
}
