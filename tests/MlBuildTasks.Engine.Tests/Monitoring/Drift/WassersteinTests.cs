using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class WassersteinTests
{
    [TestMethod]
    public void IntegralOfAbsoluteLinearFunction()
    {
        // Same sign: a trapezoid, 1 * (0.1 + 0.3) / 2 = 0.2. Sign change 0.2 -> -0.2: two triangles of 0.5 * 0.5 * 0.2 = 0.05.
        Assert.AreEqual(0.2, Wasserstein.IntegralOfAbsLinear(0.1, 0.3, 1), 1e-15);
        Assert.AreEqual(0.1, Wasserstein.IntegralOfAbsLinear(0.2, -0.2, 1), 1e-15);
        // 0.3 -> -0.1 over width 2: zero at t = 1.5; triangles 0.5 * 1.5 * 0.3 + 0.5 * 0.5 * 0.1 = 0.225 + 0.025 = 0.25
        // = 2 (0.09 + 0.01) / (2 * 0.4).
        Assert.AreEqual(0.25, Wasserstein.IntegralOfAbsLinear(0.3, -0.1, 2), 1e-15);
    }

    [TestMethod]
    public void BinnedDistributionsByHand()
    {
        // Bins [0,1) [1,2]: all of the reference in the first, all of the current in the second: U(0,1) against U(1,2),
        // a shift by 1. F_ref - F_cur at the edges: 0, 1, 0: W1 = 0.5 + 0.5 = 1.
        Assert.AreEqual(1.0, Wasserstein.Binned([0, 1, 2], [2, 0], [0, 2], 0, 0, 0, 0), 1e-15);

        // Bins [0,1) [1,2) [2,3]: reference (0.5, 0, 0.5), current (0, 1, 0). CDFs at the edges: reference 0, .5, .5, 1;
        // current 0, 0, 1, 1; differences 0, .5, -.5, 0. Bins: 0.25, then a sign change (0.25 + 0.25) / (2 * 1) = 0.25, then 0.25.
        // W1 = 0.75, as ∫|F_ref - F_cur| of U(0,1)/U(2,3) mixed half and half against U(1,2) is 0.25 + 0.25 + 0.25.
        Assert.AreEqual(0.75, Wasserstein.Binned([0, 1, 2, 3], [2, 0, 2], [0, 4, 0], 0, 0, 0, 0), 1e-15);
    }

    [TestMethod]
    public void TailsOutsideTheReferenceRangeAreExact()
    {
        // Reference: one bin [0, 1]. Current: -2, two values in the bin, 4 (m = 4).
        // Below: (0 - (-2)) / 4 = 0.5. Above: (4 - 1) / 4 = 0.75.
        // In the bin F_ref goes 0 -> 1 and F_cur 0.25 -> 0.75: differences -0.25 -> 0.25, (0.0625 + 0.0625) / (2 * 0.5) = 0.125.
        // W1 = 0.5 + 0.75 + 0.125 = 1.375.
        Assert.AreEqual(1.375, Wasserstein.Binned([0, 1], [4], [2], below: 1, belowGap: 2, above: 1, aboveGap: 3), 1e-15);
    }

    [TestMethod]
    public void ExactDistanceOfSamples()
    {
        // A shift by 5: W1 = 5. {0, 1} against {0, 3}: the CDFs differ only on [1, 3), by 1/2: W1 = 1.
        Assert.AreEqual(5.0, Wasserstein.Exact([0, 1, 3], [5, 6, 8]), 1e-12);
        Assert.AreEqual(1.0, Wasserstein.Exact([0, 1], [0, 3]), 1e-12);
        Assert.AreEqual(0.0, Wasserstein.Exact([2, 1, 2], [1, 2, 2]), 1e-12);
    }

    [TestMethod]
    public void NormedDividesByTheReferenceStandardDeviationWithEvidentlysFloor()
    {
        Assert.AreEqual(0.25, Wasserstein.Normed(0.5, 2), 1e-15);
        Assert.AreEqual(500.0, Wasserstein.Normed(0.5, 0), 1e-9); // std 0: divided by 0.001
    }

    /// <summary>
    /// The binning error: reference N(0, 1) and current samples of 5,000, the reference as its 20-bin histogram, the
    /// current values counted into its bins. The error is measured in reference standard deviations, the normed
    /// distance's unit.
    /// </summary>
    [TestMethod]
    [DataRow(0.0, 1.0, 2)]
    [DataRow(0.3, 1.0, 3)]
    [DataRow(0.3, 1.2, 4)]
    [DataRow(1.0, 1.0, 5)]
    [DataRow(-0.5, 0.7, 6)]
    public void BinnedEstimateIsCloseToTheExactDistance(double mean, double stdDev, int seed)
    {
        var reference = DriftProfiles.Normal(5_000, 0, 1, 1);
        var current = DriftProfiles.Normal(5_000, mean, stdDev, seed);
        var profile = DriftProfiles.Number(reference);
        var drift = new NumericDrift(profile);
        foreach (var value in current) drift.Add(value);

        var exact = Wasserstein.Exact(reference, current);
        var binned = drift.Result().Statistic!.Value * profile.StdDev!.Value;

        // Measured (exact -> binned): same distribution 0.02599 -> 0.01948 (binning smooths away sampling noise),
        // N(0.3, 1) 0.28518 -> 0.28538, N(0.3, 1.2) 0.30315 -> 0.30093, N(1, 1) 0.99682 -> 0.99563, N(-0.5, 0.7) 0.50209 -> 0.50407.
        // Largest error 0.0065 σ; asserted: within 0.01 σ (σ = 1 here), a tenth of the default threshold on the normed distance.
        Assert.AreEqual(exact, binned, 0.01, $"exact {exact}, binned {binned}");
    }
}
