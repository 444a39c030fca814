namespace MlBuildTasks.Engine.Profiling;

/// <summary>
/// Equal-width bins: <see cref="Edges"/> holds <c>bins + 1</c> increasing bounds and <see cref="Counts"/> one count
/// per bin. Bin <c>i</c> holds the values in <c>[Edges[i], Edges[i+1])</c>, and the last bin its upper edge too
/// (numpy's rule), so every value from <c>Edges[0]</c> to <c>Edges[^1]</c> falls in exactly one bin.
/// Plain data for reports (record equality compares the lists by reference).
/// </summary>
/// <param name="Edges">The bounds of the bins, <c>Counts.Count + 1</c> of them, first the minimum and last the maximum.</param>
/// <param name="Counts">The values in each bin; they add up to the number of values described.</param>
/// <param name="IsExact">
/// False when the counts were scaled up from a sample (see <see cref="NumericSummary.Histogram"/>): then they are
/// estimates, still whole numbers and still adding up to the number of values.
/// </param>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts, bool IsExact)
{
    public int Bins => Counts.Count;

    /// <summary>The number of values the histogram describes.</summary>
    public long Total => Counts.Sum();

    /// <summary>
    /// The exact histogram of <paramref name="values"/> in <paramref name="bins"/> equal-width bins from their minimum
    /// to their maximum. When all values are equal the range is that value ± 0.5, as numpy does, so the bins keep a width.
    /// </summary>
    public static Histogram Of(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("A histogram needs at least one value.", nameof(values));
        var (min, max) = RangeOf(values, nameof(values));
        return Of(values, min, max, bins);
    }

    /// <summary>The exact histogram over a given range; every value must lie inside it.</summary>
    internal static Histogram Of(IReadOnlyList<double> values, double lower, double upper, int bins)
    {
        var edges = EqualWidthEdges(lower, upper, bins);
        var counts = new long[bins];
        foreach (var value in values) counts[BinOf(edges, value)]++;
        return new Histogram(edges, counts, IsExact: true);
    }

    /// <summary>The smallest and largest of <paramref name="values"/>, which must all be finite.</summary>
    internal static (double Min, double Max) RangeOf(IReadOnlyList<double> values, string parameter)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var value in values)
        {
            if (!double.IsFinite(value)) throw new ArgumentException($"Values must be finite; found {value}.", parameter);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return (min, max);
    }

    /// <summary>
    /// <paramref name="bins"/> + 1 edges from <paramref name="lower"/> to <paramref name="upper"/> (exactly, at both
    /// ends), spaced like numpy's <c>linspace</c>: <c>lower + i * width</c>.
    /// </summary>
    internal static double[] EqualWidthEdges(double lower, double upper, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentException($"The range [{lower}, {upper}] is not a finite, ordered range.");
        if (lower == upper)
        {
            lower -= 0.5;
            upper += 0.5;
        }

        // Halving first keeps the width finite even for a range as wide as the whole double line.
        var width = upper - lower;
        width = double.IsFinite(width) ? width / bins : (upper / 2 - lower / 2) / bins * 2;
        var edges = new double[bins + 1];
        for (var i = 0; i < bins; i++) edges[i] = Math.Min(lower + i * width, upper);
        edges[bins] = upper;
        return edges;
    }

    /// <summary>The bin of <paramref name="value"/>, which must lie within the edges.</summary>
    internal static int BinOf(ReadOnlySpan<double> edges, double value)
    {
        var bins = edges.Length - 1;
        var lower = edges[0];
        var upper = edges[bins];
        if (!(value >= lower && value <= upper))
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The value lies outside the histogram's range [{lower}, {upper}].");

        // Arithmetic gives the bin to within one; the edges themselves decide, so a value on an edge goes up.
        var guess = (value / 2 - lower / 2) / (upper / 2 - lower / 2) * bins;
        var bin = guess >= bins ? bins - 1 : guess > 0 ? (int)guess : 0;
        while (bin > 0 && value < edges[bin]) bin--;
        while (bin < bins - 1 && value >= edges[bin + 1]) bin++;
        return bin;
    }
}
