namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// The most frequent values of a stream in fixed memory: Metwally, Agrawal and El Abbadi's SpaceSaving with
/// <c>capacity</c> counters on a min-heap. A value not counted yet takes the smallest counter over, count and all,
/// so every count is an upper bound, too high by at most the counter it took over, and any value seen more than
/// total / capacity times is surely counted. Deterministic: ties on the heap fall the same way for the same input.
/// </summary>
internal sealed class HeavyHitters
{
    // A counter stays in its slot; the heap orders slot numbers, so moving a counter never touches the dictionary.
    private readonly string[] _values;
    private readonly long[] _counts;
    private readonly int[] _heap;
    private readonly int[] _heapIndex;
    private readonly Dictionary<string, int> _slots;
    private int _size;

    public HeavyHitters(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _values = new string[capacity];
        _counts = new long[capacity];
        _heap = new int[capacity];
        _heapIndex = new int[capacity];
        _slots = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
    }

    public int Capacity => _values.Length;

    /// <summary>
    /// The most any count is too high by, and the most any value not listed can have been seen: the smallest
    /// counter once all are in use, 0 before (nothing was ever dropped then, so every count is exact).
    /// </summary>
    public long ErrorBound => _size == Capacity ? _counts[_heap[0]] : 0;

    /// <summary>
    /// Starts counting <paramref name="value"/> at an exact <paramref name="count"/>, as when taking over from exact
    /// counts. To keep the guarantees, values must come in order of decreasing count, at most <see cref="Capacity"/> of them.
    /// </summary>
    public void Seed(string value, long count)
    {
        if (_size == Capacity) throw new InvalidOperationException("The sketch is full.");
        Insert(value, count);
    }

    public void Add(string value) => Add(value, 1);

    /// <summary>
    /// Counts <paramref name="value"/> <paramref name="count"/> times at once (weighted SpaceSaving, which keeps the
    /// same guarantees with the total of the weights in place of the number of values).
    /// </summary>
    public void Add(string value, long count)
    {
        if (_slots.TryGetValue(value, out var slot))
        {
            _counts[slot] += count;
            SiftDown(_heapIndex[slot]);
        }
        else if (_size < Capacity)
        {
            Insert(value, count);
        }
        else
        {
            // Take over the smallest counter: the newcomer may have been seen that often before, uncounted.
            slot = _heap[0];
            _slots.Remove(_values[slot]);
            _values[slot] = value;
            _counts[slot] += count;
            _slots.Add(value, slot);
            SiftDown(0);
        }
    }

    /// <summary>
    /// Takes in the counters of <paramref name="later"/> (Agarwal et al., "Mergeable summaries", 2012): each value's
    /// count is the sum of its two counts, a side that does not list it adding its <see cref="ErrorBound"/> (the most
    /// it can have been seen there), and the <see cref="Capacity"/> largest stay. Every count stays an upper bound and
    /// <see cref="ErrorBound"/> stays the most a count is too high by or an unlisted value was seen, which adding
    /// later's counters one by one would not keep (a value later dropped would lose its count there). Values for which
    /// <paramref name="countedElsewhere"/> is true are left out of later's side. Ties by ordinal order of the value.
    /// </summary>
    public void MergeFrom(HeavyHitters later, Func<string, bool>? countedElsewhere = null)
    {
        var (ownBound, laterBound) = (ErrorBound, later.ErrorBound);
        var merged = new Dictionary<string, long>(_size + later._size, StringComparer.Ordinal);
        foreach (var (value, count) in Entries())
            merged[value] = count + (later._slots.TryGetValue(value, out var slot) && countedElsewhere?.Invoke(value) != true ? later._counts[slot] : laterBound);
        foreach (var (value, count) in later.Entries())
            if (!merged.ContainsKey(value) && countedElsewhere?.Invoke(value) != true) merged[value] = ownBound + count;

        _slots.Clear();
        _size = 0;
        foreach (var (value, count) in merged.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(Capacity))
            Insert(value, count);
    }

    /// <summary>The counted values with their (upper-bound) counts, in no particular order.</summary>
    public IEnumerable<(string Value, long Count)> Entries()
    {
        for (var slot = 0; slot < _size; slot++) yield return (_values[slot], _counts[slot]);
    }

    private void Insert(string value, long count)
    {
        var slot = _size++;
        _values[slot] = value;
        _counts[slot] = count;
        _slots.Add(value, slot);
        _heap[slot] = slot;
        _heapIndex[slot] = slot;
        SiftUp(slot);
    }

    private long CountAt(int heapIndex) => _counts[_heap[heapIndex]];

    private void SiftUp(int at)
    {
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (CountAt(parent) <= CountAt(at)) return;
            Swap(at, parent);
            at = parent;
        }
    }

    private void SiftDown(int at)
    {
        while (true)
        {
            var smallest = at;
            var left = 2 * at + 1;
            var right = left + 1;
            if (left < _size && CountAt(left) < CountAt(smallest)) smallest = left;
            if (right < _size && CountAt(right) < CountAt(smallest)) smallest = right;
            if (smallest == at) return;
            Swap(at, smallest);
            at = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
        _heapIndex[_heap[a]] = a;
        _heapIndex[_heap[b]] = b;
    }
}
