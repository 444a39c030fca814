using System.Collections.ObjectModel;

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

        var total = _sum + value;
        _sumCompensation += Math.Abs(_sum) >= Math.Abs(value) ? _sum - total + value : value - total + _sum;
        _sum = total;

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
