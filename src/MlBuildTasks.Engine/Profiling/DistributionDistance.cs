namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// How far a current distribution is from a reference one, for training/serving skew and drift. Categorical
/// distributions are counts per value, compared over the union of values (a value missing on one side has
/// probability 0 there). Numeric ones are binned first: equal-width bins shared by both sides, over the smallest
/// range holding both (numpy's rule when that range is a single value: value ± 0.5, so identical constant data is
/// at distance 0). Values are visited in ordinal order, so the result never depends on a dictionary's order.
/// </summary>
public static class DistributionDistance
{
    public const int DefaultJensenShannonBins = 20;

    /// <summary>Ten bins: the usual choice for PSI, whose rule-of-thumb thresholds were set with deciles.</summary>
    public const int DefaultPsiBins = 10;

    /// <summary>What an empty bin's proportion counts as in PSI (0 would make it infinite), as Evidently does.</summary>
    public const double DefaultPsiEpsilon = 1e-4;

    /// <summary>
    /// The Jensen-Shannon distance: the square root of the Jensen-Shannon divergence with base-2 logarithms,
    /// JSD = (KL(P || M) + KL(Q || M)) / 2 with M = (P + Q) / 2. Symmetric, in [0, 1]: 0 for the same proportions,
    /// 1 for distributions with no value in common. A metric, so distances can be compared and thresholded.
    /// </summary>
    public static double JensenShannon(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        var (p, q) = Align(reference, current);
        return JensenShannon(p, q);
    }

    /// <summary>The Jensen-Shannon distance of two numeric samples, each put in the same <paramref name="bins"/> equal-width bins.</summary>
    public static double JensenShannon(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = DefaultJensenShannonBins)
    {
        var (p, q) = Bin(reference, current, bins);
        return JensenShannon(p, q);
    }

    /// <summary>
    /// The population stability index, sum over values of (c - r) ln(c / r) with r and c the proportions of a value
    /// in the reference and the current data; a proportion of exactly 0 counts as <paramref name="epsilon"/>.
    /// 0 for the same proportions; by the usual rule of thumb below 0.1 is no shift, 0.1 to 0.25 a moderate one and
    /// above 0.25 a major one.
    /// </summary>
    public static double PopulationStabilityIndex(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current, double epsilon = DefaultPsiEpsilon)
    {
        var (r, c) = Align(reference, current);
        return PopulationStabilityIndex(r, c, epsilon);
    }

    /// <summary>The population stability index of two numeric samples, each put in the same <paramref name="bins"/> equal-width bins.</summary>
    public static double PopulationStabilityIndex(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = DefaultPsiBins, double epsilon = DefaultPsiEpsilon)
    {
        var (r, c) = Bin(reference, current, bins);
        return PopulationStabilityIndex(r, c, epsilon);
    }

    internal static double JensenShannon(long[] p, long[] q)
    {
        var (pTotal, qTotal) = (Total(p, "reference"), Total(q, "current"));
        var divergence = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var (pi, qi) = (p[i] / pTotal, q[i] / qTotal);
            var mi = (pi + qi) / 2;
            if (pi > 0) divergence += pi * Math.Log2(pi / mi);
            if (qi > 0) divergence += qi * Math.Log2(qi / mi);
        }

        // Rounding can take the divergence a hair outside [0, 1].
        return Math.Sqrt(Math.Clamp(divergence / 2, 0, 1));
    }

    internal static double PopulationStabilityIndex(long[] r, long[] c, double epsilon)
    {
        if (!(epsilon > 0 && epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be between 0 and 1 (exclusive).");
        var (rTotal, cTotal) = (Total(r, "reference"), Total(c, "current"));
        var index = 0.0;
        for (var i = 0; i < r.Length; i++)
        {
            var ri = r[i] == 0 ? epsilon : r[i] / rTotal;
            var ci = c[i] == 0 ? epsilon : c[i] / cTotal;
            index += (ci - ri) * Math.Log(ci / ri);
        }

        return index;
    }

    /// <summary>The counts of both sides over the union of their values, in ordinal order.</summary>
    private static (long[] Reference, long[] Current) Align(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var values = reference.Keys.Union(current.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return (
            values.Select(v => reference.GetValueOrDefault(v)).ToArray(),
            values.Select(v => current.GetValueOrDefault(v)).ToArray());
    }

    /// <summary>Both samples' counts in the same equal-width bins over the range of both.</summary>
    private static (long[] Reference, long[] Current) Bin(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (reference.Count == 0) throw new ArgumentException("The reference has no values.", nameof(reference));
        if (current.Count == 0) throw new ArgumentException("The current data has no values.", nameof(current));

        var (referenceMin, referenceMax) = Histogram.RangeOf(reference, nameof(reference));
        var (currentMin, currentMax) = Histogram.RangeOf(current, nameof(current));
        var (lower, upper) = (Math.Min(referenceMin, currentMin), Math.Max(referenceMax, currentMax));
        return (
            [.. Histogram.Of(reference, lower, upper, bins).Counts],
            [.. Histogram.Of(current, lower, upper, bins).Counts]);
    }

    /// <summary>The sum of the counts as a double; every count must be 0 or more and at least one above 0.</summary>
    private static double Total(long[] counts, string side)
    {
        var total = 0.0;
        foreach (var count in counts)
        {
            if (count < 0) throw new ArgumentException($"The {side} counts include a negative count ({count}).");
            total += count;
        }

        return total > 0 ? total : throw new ArgumentException($"The {side} distribution has no counts.");
    }
}
