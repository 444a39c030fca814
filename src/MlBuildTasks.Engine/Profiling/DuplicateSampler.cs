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
    public const int DefaultCapacity = 200_000;

    private readonly Dictionary<ulong, int> _counts = [];
    private int _level;

    public int Capacity { get; } = capacity;

    /// <summary>True while every value is tracked (no sampling yet).</summary>
    public bool IsExact => _level == 0;

    /// <summary>The first repeat seen: its caller-given tag.</summary>
    public long? FirstRepeatTag { get; private set; }

    /// <summary>Adds a value's hash; false when it is a repeat (always known for tracked values; untracked ones count as new).</summary>
    public bool Add(ulong hash, long tag = 0)
    {
        var mixed = Mix(hash);
        if (!InSample(mixed)) return true;
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, hash, out var existed);
        count++;
        if (existed)
        {
            FirstRepeatTag ??= tag;
            return false;
        }

        if (_counts.Count > Capacity) Shrink();
        return true;
    }

    /// <summary>The estimated share of values that repeat an earlier one.</summary>
    public double RepeatedFraction
    {
        get
        {
            long values = 0, repeats = 0;
            foreach (var count in _counts.Values)
            {
                values += count;
                repeats += count - 1;
            }

            return values == 0 ? 0 : (double)repeats / values;
        }
    }

    private void Shrink()
    {
        _level++;
        foreach (var hash in _counts.Keys.Where(h => !InSample(Mix(h))).ToList()) _counts.Remove(hash);
    }

    private bool InSample(ulong mixed) => (mixed & ((1UL << _level) - 1)) == 0;

    /// <summary>SplitMix64's finalizer: spreads any input's bits, so weak hashes sample evenly.</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
