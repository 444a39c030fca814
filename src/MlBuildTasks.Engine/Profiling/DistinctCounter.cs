using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using System.Text;

namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// Counts distinct values in fixed memory. Values are known by a 64-bit hash (XxHash64 of their UTF-8 bytes, or one
/// the caller made, say of a whole row). While at most <see cref="ExactLimit"/> distinct hashes have been seen they
/// are all kept, so the count is exact (but for a 64-bit hash collision: about 3 chances in 10^10 at 100,000 values)
/// and the first duplicate is known, with its tag. One more and the counter becomes a HyperLogLog of 2^14 one-byte
/// registers (16 KiB, a standard error of 1.04 / 2^7 = 0.81%) and forgets the hashes: from then on
/// <see cref="Estimate"/> is an estimate and no further duplicate is noticed. The exact mode costs about 24 bytes
/// per distinct value (2.4 MB at the default limit): raise the limit where exact duplicates matter more than memory.
/// Deterministic; not thread-safe.
/// </summary>
public sealed class DistinctCounter
{
    public const int DefaultExactLimit = 100_000;

    /// <summary>Bits of the hash that choose a register: 2^14 registers.</summary>
    public const int Precision = 14;

    private const int RegisterCount = 1 << Precision;
    private const int MaxRank = 64 - Precision + 1;
    private const double AlphaInfinity = 0.721347520444481703680; // 1 / (2 ln 2)

    /// <summary>The seed of <see cref="HashOf"/>, fixed so that hashes (and so estimates) never change.</summary>
    private const long HashSeed = 0;

    // Exact mode: each hash seen with the tag it was first added with. Null once the counter is a HyperLogLog.
    private Dictionary<ulong, long>? _seen = [];
    private byte[]? _registers;
    private long _distinctAtSwitch;

    /// <param name="exactLimit">The most distinct values counted exactly; 0 makes a HyperLogLog from the start.</param>
    public DistinctCounter(int exactLimit = DefaultExactLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exactLimit);
        ExactLimit = exactLimit;
        if (exactLimit > 0) return;
        _seen = null;
        _registers = new byte[RegisterCount];
    }

    public int ExactLimit { get; }

    /// <summary>The number of values added, duplicates included.</summary>
    public long Count { get; private set; }

    /// <summary>True while every distinct hash is kept: <see cref="Estimate"/> is then exact and duplicates are seen.</summary>
    public bool IsExact => _seen is not null;

    /// <summary>
    /// The number of distinct values: exact while <see cref="IsExact"/>, else the HyperLogLog estimate (Ertl's
    /// improved estimator, nearly unbiased from a few values to billions with no empirical tables), kept between the
    /// distinct values known when the counter switched and <see cref="Count"/>.
    /// </summary>
    public long Estimate => _seen?.Count ?? Math.Clamp(EstimateFromRegisters(), _distinctAtSwitch, Count);

    /// <summary>True when a value was added that had been added before, while the counter was exact.</summary>
    public bool SawDuplicate => FirstDuplicateTag is not null;

    /// <summary>The tag of the first add that repeated an earlier value (while the counter was exact); null if none.</summary>
    public long? FirstDuplicateTag { get; private set; }

    /// <summary>The tag of the earlier add that <see cref="FirstDuplicateTag"/> repeats; null if none.</summary>
    public long? FirstDuplicateOriginalTag { get; private set; }

    /// <summary>Adds a value, known by <see cref="HashOf"/>.</summary>
    public void Add(ReadOnlySpan<char> value, long tag = 0) => Add(HashOf(value), tag);

    /// <summary>
    /// Adds a value known by a 64-bit hash of the caller's. Any good hash will do, and even a poor one (a row
    /// number) is mixed before it reaches the registers. To hash several fields as one value, make the hash
    /// unambiguous (prefix each field with its length), or "a,b" + "c" and "a" + "b,c" will be one value.
    /// </summary>
    public void Add(ulong hash, long tag = 0)
    {
        Count++;
        if (_seen is null)
        {
            AddToRegisters(hash);
            return;
        }

        if (_seen.TryGetValue(hash, out var original))
        {
            if (FirstDuplicateTag is null)
            {
                FirstDuplicateTag = tag;
                FirstDuplicateOriginalTag = original;
            }

            return;
        }

        if (_seen.Count < ExactLimit)
        {
            _seen.Add(hash, tag);
            return;
        }

        SwitchToSketch(_seen.Count + 1L); // the hashes kept, and the new one that did not fit
        AddToRegisters(hash);
    }

    /// <summary>
    /// Takes in the values <paramref name="later"/> counted, as if they had been added here after this counter's own
    /// (parts of one file come together in file order; tags are taken to grow in that order). Two exact counters stay
    /// exact while their union fits <see cref="ExactLimit"/>, and then <see cref="Estimate"/> is what adding every
    /// value here would give. Otherwise the result is a HyperLogLog of both (registers merge by maximum, an exact
    /// side's hashes are added to them), its estimate kept between the distinct values known for sure and
    /// <see cref="Count"/>. The first duplicate stays this counter's if it has one, else it is later's earliest: its
    /// own, or a hash later first added that this counter already had. <paramref name="later"/> is left unchanged.
    /// </summary>
    public void MergeFrom(DistinctCounter later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (ReferenceEquals(later, this)) throw new ArgumentException("A counter cannot be merged into itself.", nameof(later));
        if (later.Count == 0) return;
        if (FirstDuplicateTag is null) TakeFirstDuplicate(later);

        var known = DistinctKnownWith(later);
        if (_seen is not null && later._seen is not null && known <= ExactLimit)
        {
            foreach (var (hash, tag) in later._seen) _seen.TryAdd(hash, tag);
        }
        else
        {
            if (_seen is not null) SwitchToSketch(known);
            else _distinctAtSwitch = known;
            AddRegistersOf(later);
        }

        Count += later.Count;
    }

    /// <summary>
    /// The earliest duplicate <paramref name="later"/> knows of: its own first one, or, while both keep their hashes,
    /// a hash it first added that this counter already had (that add repeats this counter's).
    /// </summary>
    private void TakeFirstDuplicate(DistinctCounter later)
    {
        (FirstDuplicateTag, FirstDuplicateOriginalTag) = (later.FirstDuplicateTag, later.FirstDuplicateOriginalTag);
        if (_seen is null || later._seen is null) return;
        foreach (var (hash, tag) in later._seen)
            if ((FirstDuplicateTag is not { } first || tag < first) && _seen.TryGetValue(hash, out var original))
                (FirstDuplicateTag, FirstDuplicateOriginalTag) = (tag, original);
    }

    /// <summary>
    /// The most distinct values surely among both counters' together: the size of the union while both keep their
    /// hashes, else the larger of what each knows for sure (its hashes, or its count at its switch).
    /// </summary>
    private long DistinctKnownWith(DistinctCounter later)
    {
        if (_seen is not null && later._seen is not null)
        {
            var seen = _seen;
            return seen.Count + later._seen.Keys.Count(hash => !seen.ContainsKey(hash));
        }

        return Math.Max(_seen?.Count ?? _distinctAtSwitch, later._seen?.Count ?? later._distinctAtSwitch);
    }

    /// <summary>Adds <paramref name="later"/>'s values to the registers: its registers by maximum, or each of its hashes.</summary>
    private void AddRegistersOf(DistinctCounter later)
    {
        if (later._registers is { } registers)
        {
            for (var i = 0; i < RegisterCount; i++) _registers![i] = Math.Max(_registers[i], registers[i]);
            return;
        }

        foreach (var hash in later._seen!.Keys) AddToRegisters(hash);
    }

    /// <summary>XxHash64 (seed 0) of the UTF-8 bytes of <paramref name="value"/>: the hash by which a text value is known.</summary>
    public static ulong HashOf(ReadOnlySpan<char> value)
    {
        const int StackBytes = 256;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            return XxHash64.HashToUInt64(buffer[..length], HashSeed);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Becomes a HyperLogLog of the hashes kept; <paramref name="distinctKnown"/> distinct values are known for sure.</summary>
    private void SwitchToSketch(long distinctKnown)
    {
        _registers = new byte[RegisterCount];
        _distinctAtSwitch = distinctKnown;
        foreach (var hash in _seen!.Keys) AddToRegisters(hash);
        _seen = null;
    }

    private void AddToRegisters(ulong hash)
    {
        // Mixed so that a caller's weak hash still spreads evenly; a bijection, so distinct stays distinct.
        var mixed = SplitMix64.Mix(hash);
        var register = (int)(mixed >> (64 - Precision));
        // The rank is the position of the first 1 bit in the rest of the hash, at most 64 - Precision + 1.
        var rest = (mixed << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers![register]) _registers[register] = rank;
    }

    /// <summary>
    /// Ertl, "New cardinality estimation algorithms for HyperLogLog sketches" (2017), section 4, as Redis uses it:
    /// from the histogram C of register values, m / (2 ln 2) * m / (m sigma(C0/m) + ... + m tau(1 - C[q+1]/m) / 2^q).
    /// </summary>
    private long EstimateFromRegisters()
    {
        const double m = RegisterCount;
        Span<int> histogram = stackalloc int[MaxRank + 1];
        foreach (var value in _registers!) histogram[value]++;

        var z = m * Tau((m - histogram[MaxRank]) / m);
        for (var k = MaxRank - 1; k >= 1; k--) z = (z + histogram[k]) * 0.5;
        z += m * Sigma(histogram[0] / m);
        return (long)Math.Round(AlphaInfinity * m * m / z);
    }

    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }
}
