using System.Globalization;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Gates;

/// <summary>One change bound a candidate missed: which bound (as the spec names it), its limit, and why, in words.</summary>
public sealed record MissedBound(string Bound, double Limit, string Reason);

/// <summary>
/// The arithmetic of change gates. Everything is in quality: <c>drop</c> = how much worse the candidate is than the
/// baseline (baseline - candidate for a higher-is-better metric, candidate - baseline for a lower-is-better one;
/// negative when it improved) and <c>gain</c> = -drop. Bounds are inclusive, like min and max.
/// </summary>
public static class ChangeBounds
{
    /// <summary>
    /// Slack for the rounding of the subtraction, relative to the values: 0.80 - 0.79 is 0.010000000000000009 in
    /// doubles, and a drop of exactly the bound must pass. Far below any difference a metric can meaningfully show.
    /// </summary>
    private const double RelativeTolerance = 1e-12;

    public static double Drop(double candidate, double baseline, bool higherIsBetter) =>
        higherIsBetter ? baseline - candidate : candidate - baseline;

    public static IReadOnlyList<MissedBound> Check(GateSpec gate, double candidate, double baseline, bool higherIsBetter)
    {
        var drop = Drop(candidate, baseline, higherIsBetter);
        var slack = RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(candidate), Math.Abs(baseline)));
        var change = Describe(drop, higherIsBetter);
        var missed = new List<MissedBound>();

        if (gate.MaxDrop is { } maxDrop && drop > maxDrop + slack)
            missed.Add(new(gate.DropField, maxDrop, $"{change}, more than the {gate.DropField} {F(maxDrop)}"));

        // Relative to the baseline's size: a baseline of 0 allows no drop at all.
        if (gate.MaxRelativeDrop is { } maxRelativeDrop && drop > maxRelativeDrop * Math.Abs(baseline) + slack)
            missed.Add(new("maxRelativeDrop", maxRelativeDrop,
                $"{change} ({Percent(drop, baseline)} of the baseline), more than the maxRelativeDrop {F(maxRelativeDrop)} ({F(maxRelativeDrop * 100)}%)"));

        if (gate.MinGain is { } minGain && -drop < minGain - slack)
            missed.Add(new("minGain", minGain, $"{change}, short of the minGain {F(minGain)} (the improvement required)"));

        return missed;
    }

    /// <summary>"fell by 0.02", "rose by 0.03 (worse)", "improved by 0.01": the raw direction, and whether it is a drop in quality.</summary>
    private static string Describe(double drop, bool higherIsBetter)
    {
        if (drop == 0) return "unchanged";
        var amount = F(Math.Abs(drop));
        var fell = higherIsBetter ? drop > 0 : drop < 0;
        var verb = fell ? "fell" : "rose";
        return drop > 0 ? $"{verb} by {amount} (worse)" : $"{verb} by {amount} (better)";
    }

    private static string Percent(double drop, double baseline) =>
        baseline == 0 ? "all" : (drop / Math.Abs(baseline)).ToString("0.##%", CultureInfo.InvariantCulture);

    internal static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
