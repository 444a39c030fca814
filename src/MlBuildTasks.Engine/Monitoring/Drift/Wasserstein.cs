namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// The Wasserstein-1 (earth mover's) distance between two distributions on the line, W1 = ∫ |F_ref(x) - F_cur(x)| dx,
/// and its normed form (W1 divided by the reference's standard deviation, as Evidently's "wasserstein" drift test).
/// </summary>
public static class Wasserstein
{
    /// <summary>
    /// The divisor's floor when the reference's standard deviation is 0 (or tiny): Evidently's
    /// <c>max(np.std(reference), 0.001)</c>, so a constant reference gives a finite, large distance instead of infinity.
    /// </summary>
    public const double MinimumNorm = 0.001;

    /// <summary>W1 / max(<paramref name="referenceStdDev"/>, <see cref="MinimumNorm"/>).</summary>
    public static double Normed(double w1, double referenceStdDev) =>
        w1 / Math.Max(double.IsFinite(referenceStdDev) ? referenceStdDev : 0, MinimumNorm);

    /// <summary>The exact W1 of two samples (scipy's <c>wasserstein_distance</c> with equal weights); for tests and small data.</summary>
    public static double Exact(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count == 0 || current.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        var a = reference.Order().ToArray();
        var b = current.Order().ToArray();
        // Walk the merged points; between two consecutive points both CDFs are constant.
        int i = 0, j = 0;
        var x = Math.Min(a[0], b[0]);
        var w1 = 0.0;
        while (i < a.Length || j < b.Length)
        {
            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            w1 += Math.Abs((double)i / a.Length - (double)j / b.Length) * (next - x);
            x = next;
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
        }

        return w1;
    }

    /// <summary>
    /// W1 when the reference is known only as a histogram and the current values were counted into the same bins,
    /// plus, outside the histogram's range, their number and total distance to it.
    /// APPROXIMATION: within each bin both sides' values are taken as spread evenly, so both CDFs are linear in a bin
    /// and ∫|F_ref - F_cur| over it is the integral of |a linear function|, computed exactly (also when it changes sign).
    /// The error comes only from where values sit within bins (at most a bin's width times the two sides' mass in it,
    /// in practice far less: for normal samples of 5,000 on 20 bins at most 0.0065 reference standard deviations, so
    /// 0.0065 on the normed distance against a threshold of 0.1; for two samples of one distribution the binned value
    /// is a little lower than the exact one, binning smoothing away sampling noise; see the tests). Outside the
    /// range the reference has no mass, so there F_ref is 0 (below) or 1 (above) and the integral is exact:
    /// Σ (lower edge - x) / m below and Σ (x - upper edge) / m above.
    /// </summary>
    /// <param name="edges">The bins' edges, ascending, one more than the bins.</param>
    /// <param name="reference">The reference's count per bin.</param>
    /// <param name="current">The current values' count per bin (those within the range).</param>
    /// <param name="below">Current values below <c>edges[0]</c>.</param>
    /// <param name="belowGap">Their total distance to <c>edges[0]</c>, Σ (edges[0] - x).</param>
    /// <param name="above">Current values above <c>edges[^1]</c>.</param>
    /// <param name="aboveGap">Their total distance to <c>edges[^1]</c>, Σ (x - edges[^1]).</param>
    public static double Binned(ReadOnlySpan<double> edges, ReadOnlySpan<long> reference, ReadOnlySpan<long> current,
        long below, double belowGap, long above, double aboveGap)
    {
        if (edges.Length != reference.Length + 1 || current.Length != reference.Length)
            throw new ArgumentException("There must be one more edge than bins, and as many current bins as reference ones.");
        double referenceTotal = 0, currentTotal = below + above;
        foreach (var count in reference) referenceTotal += count;
        foreach (var count in current) currentTotal += count;
        if (referenceTotal <= 0 || currentTotal <= 0) throw new ArgumentException("Both sides need at least one value.");

        var w1 = belowGap / currentTotal + aboveGap / currentTotal;
        double fRef = 0, fCur = below / currentTotal; // both CDFs at the bin's lower edge
        for (var bin = 0; bin < reference.Length; bin++)
        {
            var nextRef = fRef + reference[bin] / referenceTotal;
            var nextCur = fCur + current[bin] / currentTotal;
            w1 += IntegralOfAbsLinear(fRef - fCur, nextRef - nextCur, edges[bin + 1] - edges[bin]);
            (fRef, fCur) = (nextRef, nextCur);
        }

        return w1;
    }

    /// <summary>∫ over [0, w] of |d0 + (d1 - d0) t / w| dt: a trapezoid, or two triangles when the sign changes.</summary>
    internal static double IntegralOfAbsLinear(double d0, double d1, double width)
    {
        if (d0 * d1 >= 0) return width * (Math.Abs(d0) + Math.Abs(d1)) / 2;
        // Zero at t = w |d0| / (|d0| + |d1|): triangles of areas w d0² / (2(|d0| + |d1|)) and w d1² / (2(|d0| + |d1|)).
        return width * (d0 * d0 + d1 * d1) / (2 * (Math.Abs(d0) + Math.Abs(d1)));
    }
}
