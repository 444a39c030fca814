using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class KolmogorovSmirnovTests
{
    private static KolmogorovSmirnov Test(double[] reference, double[] current)
    {
        var test = new KolmogorovSmirnov(reference);
        foreach (var value in current) test.Add(value);
        return test;
    }

    [TestMethod]
    public void TinySamplesByHand()
    {
        // Reference 1 2 3 4, current 3 4 5 6 (n = m = 4).
        //   x:      <1   1    2    3    4    5    6
        //   F_ref:   0  .25  .50  .75   1    1    1
        //   F_cur:   0   0    0   .25  .50  .75   1
        //   |diff|:  0  .25  .50  .50  .50  .25   0   -> D = 0.5 (scipy's ks_2samp gives 0.5 too)
        // ne = 4 * 4 / 8 = 2, sqrt(ne) = 1.414213562, 0.11 / sqrt(ne) = 0.077781746
        // λ = (1.414213562 + 0.12 + 0.077781746) * 0.5 = 0.805997654
        // 2λ² = 1.299264437: Q = 2 (e^-1.299264437 - e^-5.197057748 + e^-11.693379933 - ...)
        //                      = 2 (0.272732331 - 0.005532819 + 0.000008349) = 0.534415719
        var test = Test([1, 2, 3, 4], [3, 4, 5, 6]);

        Assert.AreEqual(0.5, test.Statistic(), 1e-15);
        Assert.AreEqual(0.534415719, test.PValue(), 1e-8);
        Assert.AreEqual(0.534415719, KolmogorovSmirnov.PValue(0.5, 4, 4), 1e-8);
    }

    [TestMethod]
    public void TiesOnBothSides()
    {
        // Reference 1 1 2, current 1 2 2: F_ref(1) = 2/3, F_cur(1) = 1/3; both are 1 from 2 on, and 0 below 1. D = 1/3.
        var test = Test([1, 1, 2], [2, 1, 2]);

        Assert.AreEqual(1.0 / 3, test.Statistic(), 1e-15);
        Assert.AreEqual(3L, test.ReferenceCount);
        Assert.AreEqual(3L, test.CurrentCount);
    }

    [TestMethod]
    public void CurrentValuesBetweenAndOutsideTheReferencePoints()
    {
        // Reference 10 20, current 0 15 15 15: just below 10 F_ref = 0 while F_cur = 1/4; just below 20 F_ref = 1/2 and
        // F_cur = 1 (the sup of this interval is at its right end, never a reference point itself): D = 1/2.
        Assert.AreEqual(0.5, Test([10, 20], [0, 15, 15, 15]).Statistic(), 1e-15);
        // All current values above the reference: D = 1.
        Assert.AreEqual(1.0, Test([1, 2, 3], [4, 5]).Statistic(), 1e-15);
        // All below: D = 1.
        Assert.AreEqual(1.0, Test([1, 2, 3], [-4, 0.5]).Statistic(), 1e-15);
    }

    [TestMethod]
    public void SameSampleIsNoDrift()
    {
        var test = Test([3, 1, 2, 5, 4], [1, 2, 3, 4, 5]);

        Assert.AreEqual(0.0, test.Statistic());
        Assert.AreEqual(1.0, test.PValue());
    }

    [TestMethod]
    public void StreamingStatisticEqualsTheSupOverAllPoints()
    {
        // Against a brute force sup over every point of both samples (and just below each), on rounded normal data (ties).
        for (var seed = 1; seed <= 20; seed++)
        {
            var reference = DriftProfiles.Normal(200, 0, 1, seed).Select(v => Math.Round(v, 1)).ToArray();
            var current = DriftProfiles.Normal(300 + seed, 0.2, 1.3, seed + 100).Select(v => Math.Round(v, 1)).ToArray();
            var brute = 0.0;
            foreach (var x in reference.Concat(current))
            {
                foreach (var at in new[] { x, Math.BitDecrement(x) })
                {
                    var fRef = reference.Count(r => r <= at) / (double)reference.Length;
                    var fCur = current.Count(c => c <= at) / (double)current.Length;
                    brute = Math.Max(brute, Math.Abs(fRef - fCur));
                }
            }

            Assert.AreEqual(brute, Test(reference, current).Statistic(), 1e-12, $"seed {seed}");
        }
    }

    [TestMethod]
    public void KolmogorovDistributionKnownValues()
    {
        // Q_KS at the classic critical values: 1.2239 (10%), 1.3581 (5%), 1.6276 (1%); Q(1) = 0.2700, Q(0.5) = 0.9639.
        Assert.AreEqual(0.10, KolmogorovSmirnov.KolmogorovQ(1.2239), 1e-4);
        Assert.AreEqual(0.05, KolmogorovSmirnov.KolmogorovQ(1.3581), 1e-4);
        Assert.AreEqual(0.01, KolmogorovSmirnov.KolmogorovQ(1.6276), 1e-4);
        Assert.AreEqual(0.2699996717, KolmogorovSmirnov.KolmogorovQ(1.0), 1e-9);
        Assert.AreEqual(0.9639452437, KolmogorovSmirnov.KolmogorovQ(0.5), 1e-9);
        Assert.AreEqual(1.0, KolmogorovSmirnov.KolmogorovQ(0));
        // The two series meet where they switch (λ = 1.18): 0.1234538094.
        Assert.AreEqual(0.1234538094, KolmogorovSmirnov.KolmogorovQ(1.18), 1e-9);
        Assert.AreEqual(0.1234596324, KolmogorovSmirnov.KolmogorovQ(1.17999), 1e-9);
    }

    [TestMethod]
    public void ShiftedNormalIsFoundAndSameDistributionIsNot()
    {
        var reference = DriftProfiles.Normal(1000, 0, 1, 1);

        Assert.IsGreaterThan(0.05, Test(reference, DriftProfiles.Normal(20_000, 0, 1, 2)).PValue());
        Assert.IsLessThan(1e-6, Test(reference, DriftProfiles.Normal(20_000, 0.5, 1, 3)).PValue());
    }
}
