using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Monitoring.Drift;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

/// <summary>Reference profiles of one column, built as ProfileBuilder builds them (20 bins, values when at most 1,000).</summary>
internal static class DriftProfiles
{
    public static ColumnProfileDocument Number(IReadOnlyList<double> values, long missing = 0, int bins = 20, bool keepValues = true)
    {
        var numbers = new NumericSummary(sampleCapacity: Math.Max(values.Count, 1));
        foreach (var value in values) numbers.Add(value);
        var histogram = numbers.Histogram(bins);
        return new ColumnProfileDocument("x", "x", "number", "feature", values.Count + missing, missing,
            Min: numbers.Min, Max: numbers.Max, Mean: numbers.Mean, StdDev: numbers.StdDev,
            Histogram: new HistogramDocument(histogram.Edges, histogram.Counts),
            Values: keepValues ? ReferenceValues.Of(numbers) : null);
    }

    /// <summary>A category column whose top values are <paramref name="counts"/>; <paramref name="distinct"/> defaults to their number (a complete list).</summary>
    public static ColumnProfileDocument Category(IReadOnlyList<(string Value, long Count)> counts, long missing = 0, long? distinct = null, bool distinctIsExact = true, string type = "category") =>
        new("c", "c", type, "feature", counts.Sum(c => c.Count) + missing, missing,
            Distinct: distinct ?? counts.Count, DistinctIsExact: distinctIsExact,
            TopValues: [.. counts.Select(c => new ValueCount(c.Value, c.Count))]);

    /// <summary>A category column of <paramref name="rows"/> values, half "a" and half "b".</summary>
    public static ColumnProfileDocument HalfAndHalf(long rows) => Category([("a", rows - rows / 2), ("b", rows / 2)]);

    /// <summary>Normal values (Box-Muller), the same every run.</summary>
    public static double[] Normal(int count, double mean, double stdDev, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            mean + stdDev * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }
}
