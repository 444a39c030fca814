using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class DriftThresholdsTests
{
    [TestMethod]
    public void DefaultsAreEvidentlys()
    {
        Assert.AreEqual(new DriftThresholds(0.05, 0.1, 0.1, 0.25, 1000, 0.5), DriftThresholds.Default);
    }

    [TestMethod]
    public void PValueDriftsStrictlyBelowTheThreshold()
    {
        var thresholds = DriftThresholds.Default;

        Assert.IsFalse(thresholds.IsDriftByPValue(0.05));
        Assert.IsTrue(thresholds.IsDriftByPValue(Math.BitDecrement(0.05)));
        Assert.IsFalse(thresholds.IsDriftByPValue(Math.BitIncrement(0.05)));
    }

    [TestMethod]
    public void DistanceDriftsAtOrAboveTheThreshold()
    {
        var thresholds = DriftThresholds.Default;

        Assert.IsTrue(thresholds.IsDriftByDistance(0.1));
        Assert.IsTrue(thresholds.IsDriftByDistance(Math.BitIncrement(0.1)));
        Assert.IsFalse(thresholds.IsDriftByDistance(Math.BitDecrement(0.1)));
    }

    [TestMethod]
    public void PsiBandsIncludeTheirLowerBound()
    {
        var thresholds = DriftThresholds.Default;

        Assert.AreEqual(PsiBand.None, thresholds.BandOf(0));
        Assert.AreEqual(PsiBand.None, thresholds.BandOf(Math.BitDecrement(0.1)));
        Assert.AreEqual(PsiBand.Moderate, thresholds.BandOf(0.1));
        Assert.AreEqual(PsiBand.Moderate, thresholds.BandOf(Math.BitDecrement(0.25)));
        Assert.AreEqual(PsiBand.Major, thresholds.BandOf(0.25));
        Assert.AreEqual(PsiBand.None, new DriftThresholds(PsiModerate: 0.2).BandOf(0.15));
    }

    /// <summary>A column's result against thresholds set exactly at its own p-value, distance and PSI.</summary>
    [TestMethod]
    public void ColumnResultsAtTheirThresholds()
    {
        // Chi-squared: reference 10/20/30 (small), current 20/20/20: p = e^(-8/3) = 0.069483 (ChiSquaredTestTests).
        var reference = DriftProfiles.Category([("a", 10), ("b", 20), ("c", 30)]);
        ColumnDrift ChiSquared(DriftThresholds thresholds)
        {
            var drift = new CategoryDrift(reference, thresholds);
            foreach (var value in new[] { "a", "b", "c" })
                for (var i = 0; i < 20; i++) drift.Add(value);
            return drift.Result();
        }

        var p = ChiSquared(DriftThresholds.Default).PValue!.Value;
        Assert.AreEqual(Math.Exp(-8.0 / 3), p, 1e-12);
        Assert.IsFalse(ChiSquared(new DriftThresholds(PValue: p)).Drifted);
        Assert.IsTrue(ChiSquared(new DriftThresholds(PValue: Math.BitIncrement(p))).Drifted);

        // Jensen-Shannon: the same counts with a large reference (x 100).
        var large = DriftProfiles.Category([("a", 1000), ("b", 2000), ("c", 3000)]);
        ColumnDrift JensenShannon(DriftThresholds thresholds)
        {
            var drift = new CategoryDrift(large, thresholds);
            foreach (var value in new[] { "a", "b", "c" })
                for (var i = 0; i < 20; i++) drift.Add(value);
            return drift.Result();
        }

        var result = JensenShannon(DriftThresholds.Default);
        var distance = result.Statistic!.Value;
        Assert.AreEqual(DriftTest.JensenShannon, result.Test);
        Assert.IsTrue(JensenShannon(new DriftThresholds(Distance: distance)).Drifted);
        Assert.IsFalse(JensenShannon(new DriftThresholds(Distance: Math.BitIncrement(distance))).Drifted);
        Assert.AreEqual(PsiBand.Moderate, JensenShannon(new DriftThresholds(PsiModerate: result.Psi!.Value, PsiMajor: 10)).PsiBand);
        Assert.AreEqual(PsiBand.None, JensenShannon(new DriftThresholds(PsiModerate: Math.BitIncrement(result.Psi.Value), PsiMajor: 10)).PsiBand);
    }

    private static ColumnDrift Column(bool drifted, bool compared = true) =>
        new("x", "number", DriftTest.Wasserstein, compared ? 0.5 : null, null, 0.1, drifted, compared ? 0 : null, PsiBand.None,
            10, 0, 10, 0, 0, 0, null, []);

    [TestMethod]
    public void DatasetDriftsWhenAtLeastHalfTheComparedColumnsDo()
    {
        var half = DatasetDrift.Of([Column(true), Column(true), Column(false), Column(false), Column(false, compared: false)]);
        Assert.AreEqual(new DatasetDrift(4, 2, 0.5, 0.5, true), half);

        Assert.IsFalse(DatasetDrift.Of([Column(true), Column(false), Column(false)]).Drifted);
        Assert.IsTrue(DatasetDrift.Of([Column(true), Column(false), Column(false)], new DriftThresholds(DatasetShare: 1.0 / 3)).Drifted);
        Assert.AreEqual(new DatasetDrift(0, 0, 0, 0.5, false), DatasetDrift.Of([Column(false, compared: false)]));
    }
}
