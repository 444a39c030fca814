namespace MlBuildTasks.Engine.Profiling;

/// <summary>Fences outside which a numeric value counts as an outlier.</summary>
public static class Outliers
{
    /// <summary>
    /// Tukey's fences: (Q1 - k IQR, Q3 + k IQR) with IQR = Q3 - Q1 and the quartiles from
    /// <see cref="NumericSummary.Quantile"/> (linear interpolation; estimated from the sample on large data).
    /// k = 1.5 marks outliers, 3 "far out" ones.
    /// </summary>
    public static (double Lower, double Upper) IqrFences(NumericSummary summary, double k = 1.5)
    {
        RequireValues(summary);
        if (!(k >= 0)) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be zero or more.");
        var q1 = summary.Quantile(0.25);
        var q3 = summary.Quantile(0.75);
        var iqr = q3 - q1;
        return (q1 - k * iqr, q3 + k * iqr);
    }

    /// <summary>
    /// (mean - z sd, mean + z sd) with the population standard deviation (<see cref="NumericSummary.StdDev"/>, as
    /// scipy's <c>zscore</c>); exact on any amount of data.
    /// </summary>
    public static (double Lower, double Upper) ZScoreFences(NumericSummary summary, double z = 3)
    {
        RequireValues(summary);
        if (!(z >= 0)) throw new ArgumentOutOfRangeException(nameof(z), z, "z must be zero or more.");
        return (summary.Mean - z * summary.StdDev, summary.Mean + z * summary.StdDev);
    }

    private static void RequireValues(NumericSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0) throw new ArgumentException("Outlier fences need at least one value.", nameof(summary));
    }
}
