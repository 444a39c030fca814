namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// The two-sample Kolmogorov-Smirnov test of a small reference sample, kept whole, against a stream of current
/// values that is not kept: <see cref="Add"/> costs a binary search over the reference and two counters per
/// distinct reference value are all the state, whatever the number of current values.
/// </summary>
public sealed class KolmogorovSmirnov
{
    private readonly double[] _reference; // distinct reference values, ascending
    private readonly double[] _referenceCdf; // F_ref at each of them: share of reference values <= it
    // _equal[j]: current values equal to _reference[j]; _between[j]: current values in (_reference[j-1], _reference[j]),
    // with _between[k] the ones above the largest reference value. Together they give, for every reference point,
    // the current values below it and at or below it.
    private readonly long[] _equal;
    private readonly long[] _between;

    /// <param name="reference">The reference sample (any order, ties allowed), finite values, at least one.</param>
    public KolmogorovSmirnov(IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Count == 0) throw new ArgumentException("The reference sample is empty.", nameof(reference));
        var sorted = reference.ToArray();
        foreach (var value in sorted)
            if (!double.IsFinite(value)) throw new ArgumentException($"Reference values must be finite; found {value}.", nameof(reference));
        Array.Sort(sorted);

        var distinct = new List<double>();
        var cdf = new List<double>();
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i + 1 < sorted.Length && sorted[i + 1] == sorted[i]) continue; // the last of a run of ties
            distinct.Add(sorted[i]);
            cdf.Add((double)(i + 1) / sorted.Length);
        }

        _reference = [.. distinct];
        _referenceCdf = [.. cdf];
        _equal = new long[_reference.Length];
        _between = new long[_reference.Length + 1];
        ReferenceCount = sorted.Length;
    }

    public long ReferenceCount { get; }

    /// <summary>The current values added.</summary>
    public long CurrentCount { get; private set; }

    /// <summary>The longs of state: fixed by the reference, never by the current values' number.</summary>
    internal int StateSize => _equal.Length + _between.Length;

    /// <summary>Adds a finite current value.</summary>
    public void Add(double value)
    {
        var at = Array.BinarySearch(_reference, value);
        if (at >= 0) _equal[at]++;
        else _between[~at]++; // ~at: the first reference value above it (k when none)
        CurrentCount++;
    }

    /// <summary>
    /// D = sup over x of |F_ref(x) - F_cur(x)|, exactly, with F the right-continuous empirical CDFs.
    /// Why the reference points suffice: F_ref is a step function that only jumps at reference values, so on each
    /// interval [r_j, r_j+1) it is the constant F_ref(r_j) (0 before r_1, 1 from r_k on). F_cur is non-decreasing, so on
    /// such an interval |constant - F_cur| is largest at one of its ends: at x = r_j, where F_cur(r_j) = (current values
    /// &lt;= r_j) / m, or just below r_j+1, where F_cur tends to (current values &lt; r_j+1) / m. Before r_1 the sup is
    /// (current values &lt; r_1) / m against 0; from r_k on it is at r_k (F_cur only climbs towards 1 = F_ref). So
    /// D = max over j of |F_ref(r_j) - (cur &lt;= r_j) / m| and |F_ref(r_j-1) - (cur &lt; r_j) / m| (F_ref(r_0) = 0).
    /// 0 when no current value was added.
    /// </summary>
    public double Statistic()
    {
        if (CurrentCount == 0) return 0;
        var m = (double)CurrentCount;
        long below = 0; // current values < r_j
        var d = 0.0;
        var previousCdf = 0.0;
        for (var j = 0; j < _reference.Length; j++)
        {
            below += _between[j];
            var atOrBelow = below + _equal[j];
            d = Math.Max(d, Math.Abs(previousCdf - below / m));
            d = Math.Max(d, Math.Abs(_referenceCdf[j] - atOrBelow / m));
            previousCdf = _referenceCdf[j];
            below = atOrBelow;
        }

        return d;
    }

    /// <summary>The test's p-value for <see cref="Statistic"/> (see <see cref="PValue(double, long, long)"/>); 1 with no current values.</summary>
    public double PValue() => CurrentCount == 0 ? 1 : PValue(Statistic(), ReferenceCount, CurrentCount);

    /// <summary>
    /// The p-value of a two-sample KS statistic <paramref name="d"/> from samples of <paramref name="n"/> and
    /// <paramref name="m"/> values, from the ASYMPTOTIC Kolmogorov distribution with Stephens' small-sample correction
    /// (as in Numerical Recipes' <c>kstwo</c>): with ne = n m / (n + m) and λ = (√ne + 0.12 + 0.11 / √ne) D,
    /// p = Q_KS(λ) = 2 Σ_{k≥1} (-1)^(k-1) e^(-2 k² λ²). This is not scipy's default "exact" mode for small samples
    /// (the exact distribution of D); for samples of a few values the two may differ in the second digit, and an exact
    /// p-value could be computed here only by keeping the current values, which a stream cannot.
    /// </summary>
    public static double PValue(double d, long n, long m)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        if (!(d >= 0 && d <= 1)) throw new ArgumentOutOfRangeException(nameof(d), d, "D must be between 0 and 1.");
        var ne = (double)n * m / (n + m);
        var root = Math.Sqrt(ne);
        return KolmogorovQ((root + 0.12 + 0.11 / root) * d);
    }

    /// <summary>
    /// Q_KS(λ) = 2 Σ_{k≥1} (-1)^(k-1) e^(-2 k² λ²), the Kolmogorov distribution's upper tail, in [0, 1].
    /// For λ &lt; 1.18 the alternating series converges slowly, so the equivalent (Jacobi theta) form
    /// 1 - (√(2π) / λ) Σ_{k≥1} e^(-(2k-1)² π² / (8 λ²)) is summed instead (Numerical Recipes, 3rd ed., 6.14.12).
    /// </summary>
    public static double KolmogorovQ(double lambda)
    {
        if (!(lambda >= 0)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be 0 or more.");
        if (lambda < 1e-3) return 1;
        double sum = 0;
        if (lambda < 1.18)
        {
            var y = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (var k = 1; k <= 50; k++)
            {
                var term = Math.Exp((2 * k - 1) * (2 * k - 1) * y);
                sum += term;
                if (term < 1e-17 * sum) break;
            }

            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * sum, 0, 1);
        }

        var a = -2 * lambda * lambda;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(a * k * k);
            sum += (k % 2 == 1 ? 2 : -2) * term;
            if (term < 1e-17) break;
        }

        return Math.Clamp(sum, 0, 1);
    }
}
