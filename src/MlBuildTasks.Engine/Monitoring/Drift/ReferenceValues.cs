using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// The sorted values a profile keeps for a number column with at most <see cref="MaxValues"/> non-missing values
/// (<c>values</c> in profile.json), so that drift monitoring can run an exact two-sample Kolmogorov-Smirnov test against
/// a small reference. Taken from the summary's reservoir, which holds every value while the column is that small:
/// nothing is added to the validators' per-value work.
/// </summary>
public static class ReferenceValues
{
    /// <summary>The most values kept: the default <see cref="DriftThresholds.SmallReferenceRows"/>.</summary>
    public const int MaxValues = 1000;

    /// <summary>The column's values, ascending, when it has 1 to <see cref="MaxValues"/> of them; null otherwise.</summary>
    internal static IReadOnlyList<double>? Of(NumericSummary numbers)
    {
        // The reservoir is the whole column while IsExact; the count check guards against any other sampling.
        if (numbers.Count is 0 or > MaxValues || !numbers.IsExact || numbers.Sample.Count != numbers.Count) return null;
        var values = new double[numbers.Sample.Count];
        for (var i = 0; i < values.Length; i++) values[i] = numbers.Sample[i].Value;
        Array.Sort(values);
        return values;
    }
}
