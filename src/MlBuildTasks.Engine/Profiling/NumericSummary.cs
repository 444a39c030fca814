using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// The summary of one numeric column, in one pass and fixed memory: count, min, max, sum, mean and variance over
/// every value (Welford's update, so no large sums cancel), and a seeded reservoir sample of at most
/// <see cref="SampleCapacity"/> values from which quantiles and histograms come. While the column has no more values
/// than the reservoir holds, the sample is the whole column and everything is exact (<see cref="IsExact"/>).
/// The same values in the same order always give the same sample; not thread-safe.
/// </summary>
public sealed class NumericSummary
{
    public const int DefaultSampleCapacity = 10_000;
    public const int DefaultSeed = 42;

    private readonly List<(double Value, long Tag)> _sample;
    private readonly ReadOnlyCollection<(double Value, long Tag)> _sampleView;
    private readonly SplitMix64 _random;
    private double _mean;
    private double _m2;
    private double _sum;
    private double _sumCompensation;
    private double[]? _sorted;

    /// <param name="sampleCapacity">The most values the reservoir keeps: the exactness limit and the memory bound.</param>
    /// <param name="seed">Chooses which values a full reservoir keeps.</param>
    public NumericSummary(int sampleCapacity = DefaultSampleCapacity, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCapacity, 1);
        SampleCapacity = sampleCapacity;
        _random = new SplitMix64((ulong)seed);
        // Grown by hand up to the capacity: a small column costs little, a large one never more than the capacity.
        _sample = new List<(double, long)>(Math.Min(sampleCapacity, 64));
        _sampleView = _sample.AsReadOnly();
    }

    public int SampleCapacity { get; }

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>True while every value added is in <see cref="Sample"/>: quantiles and histograms are then exact.</summary>
    public bool IsExact => Count <= SampleCapacity;

    /// <summary>The smallest value (always exact); NaN when there are none.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>The largest value (always exact); NaN when there are none.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>The sum of the values, compensated (Neumaier) so that small values are not lost next to a large total.</summary>
    public double Sum => _sum + _sumCompensation;

    /// <summary>The mean; NaN when there are no values.</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;

    /// <summary>The population variance (divides by n, numpy's default <c>ddof=0</c>); NaN when there are no values.</summary>
    public double Variance => Count == 0 ? double.NaN : _m2 / Count;

    /// <summary>The population standard deviation, <c>sqrt(Variance)</c>.</summary>
    public double StdDev => Math.Sqrt(Variance);

    /// <summary>The sample variance (divides by n - 1, pandas' default); NaN with fewer than two values.</summary>
    public double SampleVariance => Count < 2 ? double.NaN : _m2 / (Count - 1);

    /// <summary>The sample standard deviation, <c>sqrt(SampleVariance)</c>.</summary>
    public double SampleStdDev => Math.Sqrt(SampleVariance);

    /// <summary>
    /// The reservoir: every value with its tag, in the order added, while <see cref="IsExact"/>; after that a uniform
    /// random sample of <see cref="SampleCapacity"/> of them (Vitter's algorithm R). A live read-only view.
    /// </summary>
    public IReadOnlyList<(double Value, long Tag)> Sample => _sampleView;

    /// <summary>The median, <c>Quantile(0.5)</c>.</summary>
    public double Median => Quantile(0.5);

    /// <summary>
    /// Adds a finite value. The caller counts missing, NaN and infinite values itself: they have no place in a mean.
    /// <paramref name="tag"/> travels with the value into the sample, so an example (an outlier, say) can be traced
    /// back to its row.
    /// </summary>
    public void Add(double value, long tag = 0)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values can be added; count NaN and infinities separately.");
        AddFinite(value, tag);
    }

    /// <summary><see cref="Add"/> for a caller that has checked the value is finite (the validator's hot path).</summary>
    internal void AddFinite(double value, long tag)
    {
        Count++;
        if (Count == 1)
        {
            Min = value;
            Max = value;
        }
        else
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }

        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);

        AddToSum(value);

        if (_sample.Count < SampleCapacity)
        {
            if (_sample.Count == _sample.Capacity) _sample.Capacity = Math.Min(SampleCapacity, _sample.Capacity * 2);
            _sample.Add((value, tag));
            if (_sorted is not null) _sorted = null; // a reference store costs a GC write barrier: only when needed
            return;
        }

        // Algorithm R: the n-th value replaces a random slot with probability capacity / n.
        var slot = _random.NextBelow(Count);
        if (slot < SampleCapacity)
        {
            _sample[(int)slot] = (value, tag);
            if (_sorted is not null) _sorted = null;
        }
    }

    /// <summary>Neumaier's step: the part of <paramref name="value"/> that rounding drops from the sum goes to the compensation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per value, on the hot path of AddFinite
    private void AddToSum(double value)
    {
        var total = _sum + value;
        _sumCompensation += Math.Abs(_sum) >= Math.Abs(value) ? _sum - total + value : value - total + _sum;
        _sum = total;
    }

    /// <summary>
    /// Takes in the values that <paramref name="later"/> summarized, as if they had been added here after this summary's
    /// own: a file read as two ranges in parallel comes together in file order. Count, min and max are exact, the sum
    /// stays compensated, the mean and variance come from Chan, Golub and LeVeque's pairwise update. While both
    /// together fit the reservoir the sample is this one's then later's, in order, just as adding the values one by
    /// one would leave it; beyond that it is a uniform random sample of all of them, drawn with this summary's
    /// generator (so the same inputs give the same sample). Both must have the same <see cref="SampleCapacity"/>;
    /// <paramref name="later"/> is left unchanged.
    /// </summary>
    public void MergeFrom(NumericSummary later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (ReferenceEquals(later, this)) throw new ArgumentException("A summary cannot be merged into itself.", nameof(later));
        if (later.SampleCapacity != SampleCapacity)
            throw new ArgumentException($"Only summaries with the same sample capacity can be merged ({SampleCapacity} and {later.SampleCapacity}).", nameof(later));
        if (later.Count == 0) return;
        if (Count == 0)
        {
            CopyFrom(later);
            return;
        }

        MergeSample(later); // first: it needs both counts as they were
        MergeMoments(later);
    }

    /// <summary>Becomes <paramref name="later"/>'s state, generator included, as an empty summary merging it must.</summary>
    private void CopyFrom(NumericSummary later)
    {
        (Count, Min, Max, _mean, _m2, _sum, _sumCompensation) = (later.Count, later.Min, later.Max, later._mean, later._m2, later._sum, later._sumCompensation);
        _sample.Clear();
        GrowSample(later._sample.Count);
        _sample.AddRange(later._sample);
        _random.CopyFrom(later._random);
        _sorted = null;
    }

    /// <summary>Count, min, max, sum, mean and M2 of both parts together; Chan et al.'s formula for the mean and M2.</summary>
    private void MergeMoments(NumericSummary later)
    {
        var count = Count + later.Count;
        var delta = later._mean - _mean;
        _mean += delta * ((double)later.Count / count);
        _m2 += later._m2 + delta * delta * ((double)Count * later.Count / count);
        AddToSum(later._sum);
        _sumCompensation += later._sumCompensation;
        Min = Math.Min(Min, later.Min);
        Max = Math.Max(Max, later.Max);
        Count = count;
    }

    /// <summary>
    /// The sample of both parts: all values in order while they fit, else <see cref="SampleCapacity"/> of them chosen
    /// uniformly. Each part's reservoir is a uniform sample of that part, so drawing how many come from each
    /// (hypergeometric) and then that many uniformly from each reservoir is a uniform sample of the union.
    /// </summary>
    private void MergeSample(NumericSummary later)
    {
        _sorted = null;
        if (Count + later.Count <= SampleCapacity)
        {
            GrowSample(_sample.Count + later._sample.Count);
            _sample.AddRange(later._sample);
            return;
        }

        var fromThis = DrawsFromThis(Count, later.Count);
        var fromLater = SampleCapacity - fromThis;
        ChooseFront(CollectionsMarshal.AsSpan(_sample), fromThis);
        _sample.RemoveRange(fromThis, _sample.Count - fromThis);

        var theirs = later._sample.ToArray();
        ChooseFront(theirs, fromLater);
        GrowSample(SampleCapacity);
        _sample.AddRange(theirs.AsSpan(0, fromLater));
    }

    /// <summary>
    /// How many of <see cref="SampleCapacity"/> values drawn without replacement from <paramref name="own"/> +
    /// <paramref name="theirs"/> are this summary's, by sequential selection: each draw takes one of this summary's
    /// with probability (own values left) / (all values left).
    /// </summary>
    private int DrawsFromThis(long own, long theirs)
    {
        var total = own + theirs;
        var taken = 0;
        for (var i = 0; i < SampleCapacity; i++)
            if (_random.NextBelow(total - i) < own - taken) taken++;
        return taken;
    }

    /// <summary>Moves a uniform random choice of <paramref name="count"/> items to the front (a partial Fisher-Yates shuffle).</summary>
    private void ChooseFront(Span<(double Value, long Tag)> items, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)_random.NextBelow(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Room for <paramref name="needed"/> values, grown by doubling as <see cref="AddFinite"/> does and never past the capacity.</summary>
    private void GrowSample(int needed)
    {
        if (_sample.Capacity < needed) _sample.Capacity = Math.Min(SampleCapacity, Math.Max(needed, _sample.Capacity * 2));
    }

    /// <summary>
    /// The <paramref name="p"/>-quantile, 0 &lt;= p &lt;= 1, by linear interpolation between the two nearest order
    /// statistics (numpy's default, Hyndman and Fan's type 7): with the n values sorted as x[0..n-1] and
    /// h = (n - 1) p, it is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). Exact while <see cref="IsExact"/>;
    /// after that computed from the sample, except that p = 0 and p = 1 are always the exact <see cref="Min"/> and
    /// <see cref="Max"/>. NaN when there are no values.
    /// </summary>
    public double Quantile(double p)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A quantile's probability must be between 0 and 1.");
        if (Count == 0) return double.NaN;
        if (p == 0) return Min;
        if (p == 1) return Max;

        var sorted = Sorted();
        var h = (sorted.Length - 1) * p;
        var below = (int)Math.Floor(h);
        if (below >= sorted.Length - 1) return sorted[^1];
        var (a, b, t) = (sorted[below], sorted[below + 1], h - below);
        // numpy's lerp: from the nearer end, so the result stays between a and b and is monotone in p.
        return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
    }

    /// <summary>
    /// <paramref name="bins"/> equal-width bins from <see cref="Min"/> to <see cref="Max"/> (see <see cref="Profiling.Histogram"/>
    /// for the edges), counting every value while <see cref="IsExact"/>. After that the sample's counts are scaled
    /// to <see cref="Count"/> and rounded by largest remainder, so they are whole and still add up to <see cref="Count"/>.
    /// </summary>
    public Histogram Histogram(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (Count == 0) throw new InvalidOperationException("A histogram needs at least one value.");

        var edges = Profiling.Histogram.EqualWidthEdges(Min, Max, bins);
        var counts = new long[bins];
        foreach (var (value, _) in _sample) counts[Profiling.Histogram.BinOf(edges, value)]++;
        if (IsExact) return new Histogram(edges, counts, IsExact: true);

        return new Histogram(edges, ScaleTo(counts, _sample.Count, Count), IsExact: false);
    }

    /// <summary>Each count times total / sampled, rounded so the results add up to <paramref name="total"/> (ties to the lower bin).</summary>
    private static long[] ScaleTo(long[] counts, long sampled, long total)
    {
        var scaled = new long[counts.Length];
        var remainders = new Int128[counts.Length];
        var left = total;
        for (var i = 0; i < counts.Length; i++)
        {
            var product = (Int128)counts[i] * total;
            scaled[i] = (long)(product / sampled);
            remainders[i] = product % sampled;
            left -= scaled[i];
        }

        foreach (var i in Enumerable.Range(0, counts.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)left))
            scaled[i]++;
        return scaled;
    }

    private double[] Sorted()
    {
        if (_sorted is null)
        {
            _sorted = new double[_sample.Count];
            for (var i = 0; i < _sorted.Length; i++) _sorted[i] = _sample[i].Value;
            Array.Sort(_sorted);
        }

        return _sorted;
    }
}
