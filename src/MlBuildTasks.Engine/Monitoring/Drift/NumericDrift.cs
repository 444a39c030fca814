using System.Globalization;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// Drift of a number column. Current values are counted into the reference's histogram bins, plus a bin below the
/// reference's range and one above it (with the values' total distance to the range, for Wasserstein's tails).
/// A small reference (its profile kept its sorted <c>values</c>) is also fed to an exact streaming
/// <see cref="KolmogorovSmirnov"/> test, which decides drift (p &lt; threshold); a large one is judged by the normed
/// Wasserstein distance on the bins (≥ threshold). PSI is computed on the same 22 bins (reference: 0 outside its range;
/// an empty bin's share counts as 1e-4, as Evidently does). NaN and infinities count as missing.
/// </summary>
public sealed class NumericDrift : ColumnDriftAccumulator
{
    private readonly double[]? _edges;
    private readonly long[]? _referenceCounts;
    private readonly long[]? _counts;
    private readonly KolmogorovSmirnov? _ks;
    private long _below, _above;
    private double _belowGap, _aboveGap;
    private readonly double _lower, _upper, _referenceMin; // the histogram's range; the reference's smallest value
    private double _absoluteDeviation; // Σ |x - reference min|: W1 exactly when the reference is one value

    public NumericDrift(ColumnProfileDocument reference, DriftThresholds? thresholds = null) : base(reference, thresholds)
    {
        if (reference.Type != "number") throw new ArgumentException($"Column '{reference.Name}' is a {reference.Type} column, not a number column.", nameof(reference));
        if (ReferenceValues > 0 && reference.Histogram is { Counts.Count: > 0 } histogram && histogram.Edges.Count == histogram.Counts.Count + 1)
        {
            _edges = [.. histogram.Edges];
            _referenceCounts = [.. histogram.Counts];
            _counts = new long[_referenceCounts.Length];
            (_lower, _upper, _referenceMin) = (_edges[0], _edges[^1], reference.Min ?? _edges[0]);
        }

        if (IsSmallReference && reference.Values is { Count: > 0 } values) _ks = new KolmogorovSmirnov(values);
    }

    /// <summary>The test that decides drift: Kolmogorov-Smirnov for a small reference with its values, else Wasserstein.</summary>
    public DriftTest Test => _ks is not null ? DriftTest.KolmogorovSmirnov : DriftTest.Wasserstein;

    internal override int StateSize => (_counts?.Length ?? 0) + (_ks?.StateSize ?? 0);

    /// <summary>Adds a current value; NaN (missing) and infinities count as missing.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            AddMissing();
            return;
        }

        CurrentCount++;
        _ks?.Add(value);
        if (_edges is null) return;
        _absoluteDeviation += Math.Abs(value - _referenceMin);
        if (value < _lower)
        {
            _below++;
            _belowGap += _lower - value;
        }
        else if (value > _upper)
        {
            _above++;
            _aboveGap += value - _upper;
        }
        else
        {
            _counts![Histogram.BinOf(_edges, value)]++;
        }
    }

    /// <summary>Adds a value that may be missing (null).</summary>
    public void Add(double? value) => Add(value ?? double.NaN);

    public override ColumnDrift Result()
    {
        var currentValues = CurrentCount - CurrentMissing;
        var note = NothingToCompare(currentValues);
        if (note is not null || _edges is null)
            return Build(Test, null, null, null, null, [], note ?? "The reference profile has no histogram: nothing to compare.");

        double statistic;
        double? pValue = null;
        if (_ks is not null)
        {
            statistic = _ks.Statistic();
            pValue = _ks.PValue();
        }
        else
        {
            // A one-value reference (min = max) is a point mass: W1 is exactly the mean distance to it (its histogram
            // spreads it over min ± 0.5, which the binned form would take literally).
            var w1 = Reference.Min == Reference.Max
                ? _absoluteDeviation / currentValues
                : Wasserstein.Binned(_edges, _referenceCounts, _counts, _below, _belowGap, _above, _aboveGap);
            statistic = Wasserstein.Normed(w1, Reference.StdDev ?? 0);
        }

        long[] reference = [0, .. _referenceCounts!, 0];
        long[] current = [_below, .. _counts!, _above];
        var psi = DistributionDistance.PopulationStabilityIndex(reference, current, DistributionDistance.DefaultPsiEpsilon);
        return Build(Test, statistic, pValue, psi, null, Bins(reference, current), null);
    }

    /// <summary>The chart's 22 bins: below the range, the reference's 20, above the range.</summary>
    private List<DriftBin> Bins(long[] reference, long[] current)
    {
        double referenceTotal = reference.Sum(), currentTotal = current.Sum();
        var edges = _edges!;
        var bins = new List<DriftBin>(reference.Length);
        for (var i = 0; i < reference.Length; i++)
        {
            double? lower = i == 0 ? null : edges[i - 1];
            double? upper = i == reference.Length - 1 ? null : edges[i];
            var label = lower is null ? $"< {Format(edges[0])}"
                : upper is null ? $"> {Format(edges[^1])}"
                : i == reference.Length - 2 ? $"[{Format(lower.Value)}, {Format(upper.Value)}]"
                : $"[{Format(lower.Value)}, {Format(upper.Value)})";
            bins.Add(new DriftBin(label, lower, upper, reference[i] / referenceTotal, current[i] / currentTotal));
        }

        return bins;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
