using MathNet.Numerics;

namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>The outcome of a chi-squared test: the statistic, its degrees of freedom and the p-value.</summary>
public readonly record struct ChiSquaredResult(double Statistic, int DegreesOfFreedom, double PValue);

/// <summary>
/// Pearson's chi-squared test of homogeneity on a 2 × k table: do the reference and the current counts come from one
/// distribution over the k categories? Expected counts come from the pooled proportions,
/// E = row total × category total / grand total; χ² = Σ (O - E)² / E over the 2k cells; k - 1 degrees of freedom,
/// k being the categories with a count on either side (a category with none on both sides is left out). No Yates
/// continuity correction, for 2 × 2 tables (booleans) too, where scipy's <c>chi2_contingency</c> applies one by default.
/// (Evidently's "chisquare" test is a goodness-of-fit test with the reference's proportions as expected values,
/// which fails on a category the reference lacks; this homogeneity test takes both sides as samples.) The p-value is the
/// chi-squared distribution's upper tail, Q(dof / 2, χ² / 2) (MathNet.Numerics' regularized upper incomplete gamma).
/// </summary>
public static class ChiSquaredTest
{
    /// <summary>
    /// The test on paired counts, one pair per category. With fewer than two categories, or no count on one side,
    /// there is nothing to compare: χ² = 0, 0 degrees of freedom, p = 1.
    /// </summary>
    public static ChiSquaredResult Homogeneity(IEnumerable<(long Reference, long Current)> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var cells = counts.Where(c => c.Reference + c.Current > 0).ToList();
        foreach (var (reference, current) in cells)
            if (reference < 0 || current < 0) throw new ArgumentException("Counts must be 0 or more.", nameof(counts));

        double referenceTotal = cells.Sum(c => (double)c.Reference), currentTotal = cells.Sum(c => (double)c.Current);
        if (cells.Count < 2 || referenceTotal == 0 || currentTotal == 0) return new ChiSquaredResult(0, 0, 1);

        var total = referenceTotal + currentTotal;
        var statistic = 0.0;
        foreach (var (reference, current) in cells)
        {
            var column = (double)reference + current;
            var expectedReference = referenceTotal * column / total;
            var expectedCurrent = currentTotal * column / total;
            statistic += Square(reference - expectedReference) / expectedReference + Square(current - expectedCurrent) / expectedCurrent;
        }

        var dof = cells.Count - 1;
        return new ChiSquaredResult(statistic, dof, UpperTail(statistic, dof));
    }

    /// <summary>P(X ≥ χ²) for X chi-squared with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double UpperTail(double chiSquared, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(chiSquared);
        return chiSquared == 0 ? 1 : Math.Clamp(SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, chiSquared / 2), 0, 1);
    }

    private static double Square(double x) => x * x;
}
