using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class NumericDriftTests
{
    /// <summary>10 values, 5 in [0, 1) and 5 in [1, 2]; mean 1, population std sqrt(4.4 / 10) = 0.663324958.</summary>
    private static readonly double[] TwoBinReference = [0, 0.2, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6, 1.8, 2];

    private static ColumnDrift Run(NumericDrift drift, params double[] values)
    {
        foreach (var value in values) drift.Add(value);
        return drift.Result();
    }

    [TestMethod]
    public void PsiWassersteinAndChartOnTheReferenceBinsByHand()
    {
        // Reference bins [0,1) [1,2] with 5 and 5; values not kept, so Wasserstein even though the reference is small.
        // Current -1 | 0.1 0.5 0.9 | 1.5 (m = 5): below 1, bins 3 and 1, above 0.
        var drift = new NumericDrift(DriftProfiles.Number(TwoBinReference, bins: 2, keepValues: false));
        var result = Run(drift, -1, 0.1, 0.5, 0.9, 1.5);

        // PSI on (below, bin 0, bin 1, above); a 0 share counts as 1e-4:
        // reference (1e-4, .5, .5, 1e-4), current (.2, .6, .2, 1e-4)
        // = (.2 - 1e-4) ln(.2 / 1e-4) + .1 ln(1.2) + (-.3) ln(.4) + 0
        // = 0.1999 * 7.600902460 + 0.1 * 0.182321557 + 0.3 * 0.916290732 = 1.519420402 + 0.018232156 + 0.274887220 = 1.812539777
        Assert.AreEqual(1.812539777, result.Psi!.Value, 1e-9);
        Assert.AreEqual(PsiBand.Major, result.PsiBand);

        // W1: below, (0 - (-1)) / 5 = 0.2; bin 0: F_ref 0 -> .5, F_cur .2 -> .8, differences -.2 -> -.3, (.2 + .3) / 2 = .25;
        // bin 1: F_ref .5 -> 1, F_cur .8 -> 1, differences -.3 -> 0, .15. W1 = 0.6; normed 0.6 / 0.663324958 = 0.904534034.
        Assert.AreEqual(DriftTest.Wasserstein, result.Test);
        Assert.AreEqual(0.904534034, result.Statistic!.Value, 1e-9);
        Assert.IsNull(result.PValue);
        Assert.AreEqual(0.1, result.Threshold);
        Assert.IsTrue(result.Drifted);

        CollectionAssert.AreEqual(new[] { "< 0", "[0, 1)", "[1, 2]", "> 2" }, result.Bins.Select(b => b.Label).ToArray());
        CollectionAssert.AreEqual(new double?[] { null, 0, 1, 2 }, result.Bins.Select(b => b.Lower).ToArray());
        CollectionAssert.AreEqual(new double?[] { 0, 1, 2, null }, result.Bins.Select(b => b.Upper).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 0.5, 0.5, 0 }, result.Bins.Select(b => b.ReferenceShare).ToArray());
        CollectionAssert.AreEqual(new[] { 0.2, 0.6, 0.2, 0 }, result.Bins.Select(b => b.CurrentShare).ToArray());
    }

    [TestMethod]
    public void ProfileBinsGiveTwentyTwoChartBins()
    {
        var result = Run(new NumericDrift(DriftProfiles.Number(DriftProfiles.Normal(2000, 0, 1, 1))), 0, 1, 2);

        Assert.HasCount(22, result.Bins);
        Assert.AreEqual(1.0, result.Bins.Sum(b => b.ReferenceShare), 1e-12);
        Assert.AreEqual(1.0, result.Bins.Sum(b => b.CurrentShare), 1e-12);
    }

    [TestMethod]
    public void SmallReferenceWithValuesIsTestedWithKolmogorovSmirnov()
    {
        // Reference 1 2 3 4 against 3 4 5 6: D = 0.5, p = 0.534415719 (see KolmogorovSmirnovTests): no drift.
        var drift = new NumericDrift(DriftProfiles.Number([1, 2, 3, 4]));
        var result = Run(drift, 3, 4, 5, 6);

        Assert.AreEqual(DriftTest.KolmogorovSmirnov, result.Test);
        Assert.AreEqual(0.5, result.Statistic!.Value, 1e-15);
        Assert.AreEqual(0.534415719, result.PValue!.Value, 1e-8);
        Assert.AreEqual(0.05, result.Threshold);
        Assert.IsFalse(result.Drifted);
        Assert.IsNull(result.UnseenRate);
    }

    [TestMethod]
    public void MissingRatesOnBothSides()
    {
        // Reference: 10 values and 2 missing, 2/12. Current: NaN, +inf, null and 5 values, 3/8.
        var drift = new NumericDrift(DriftProfiles.Number(TwoBinReference, missing: 2));
        drift.Add(double.NaN);
        drift.Add(double.PositiveInfinity);
        drift.Add((double?)null);
        var result = Run(drift, 0.1, 0.5, 0.9, 1.5, 1.9);

        Assert.AreEqual((12L, 2L, 8L, 3L), (result.ReferenceCount, result.ReferenceMissing, result.CurrentCount, result.CurrentMissing));
        Assert.AreEqual(2.0 / 12, result.ReferenceMissingRate, 1e-15);
        Assert.AreEqual(3.0 / 8, result.CurrentMissingRate, 1e-15);
    }

    [TestMethod]
    [DataRow(1000, 0, DriftTest.KolmogorovSmirnov)]
    [DataRow(1001, 0, DriftTest.Wasserstein)]
    [DataRow(1000, 1, DriftTest.KolmogorovSmirnov)] // 1,001 rows of which 1,000 non-missing: still small
    public void SmallReferenceEndsAtOneThousandValues(int values, int missing, DriftTest expected)
    {
        var profile = DriftProfiles.Number(DriftProfiles.Normal(values, 0, 1, 7), missing: missing);
        var drift = new NumericDrift(profile);
        var result = Run(drift, DriftProfiles.Normal(500, 0, 1, 8));

        Assert.AreEqual(expected, drift.Test);
        Assert.AreEqual(expected, result.Test);
        Assert.AreEqual(expected == DriftTest.KolmogorovSmirnov, result.PValue is not null);
        Assert.AreEqual(expected == DriftTest.KolmogorovSmirnov, profile.Values is not null);
    }

    [TestMethod]
    public void LowerSmallReferenceLimitSwitchesToWasserstein()
    {
        var profile = DriftProfiles.Number(DriftProfiles.Normal(1000, 0, 1, 7));

        Assert.AreEqual(DriftTest.KolmogorovSmirnov, new NumericDrift(profile, new DriftThresholds(SmallReferenceRows: 1000)).Test);
        Assert.AreEqual(DriftTest.Wasserstein, new NumericDrift(profile, new DriftThresholds(SmallReferenceRows: 999)).Test);
        // Raised above what the profile keeps: no values, so Wasserstein all the same.
        var large = DriftProfiles.Number(DriftProfiles.Normal(1500, 0, 1, 7));
        Assert.AreEqual(DriftTest.Wasserstein, new NumericDrift(large, new DriftThresholds(SmallReferenceRows: 5000)).Test);
    }

    [TestMethod]
    public void ConstantReferenceIsAPointMass()
    {
        // 1,001 values of 5 (std 0): W1 is the mean distance to 5, exactly; normed by Evidently's floor 0.001.
        // Current 5, 5, 7, 3: W1 = (0 + 0 + 2 + 2) / 4 = 1; normed 1000.
        var profile = DriftProfiles.Number(Enumerable.Repeat(5.0, 1001).ToArray());
        var result = Run(new NumericDrift(profile), 5, 5, 7, 3);
        Assert.AreEqual(1000.0, result.Statistic!.Value, 1e-9);
        Assert.IsTrue(result.Drifted);

        var same = Run(new NumericDrift(profile), 5, 5, 5);
        Assert.AreEqual(0.0, same.Statistic);
        Assert.IsFalse(same.Drifted);
        Assert.AreEqual(0.0, same.Psi!.Value, 1e-12);
    }

    [TestMethod]
    public void NoCurrentValuesIsNotCompared()
    {
        var drift = new NumericDrift(DriftProfiles.Number(TwoBinReference));
        drift.Add(double.NaN);
        var result = drift.Result();

        Assert.IsFalse(result.Compared);
        Assert.IsNull(result.Statistic);
        Assert.IsNull(result.Psi);
        Assert.IsFalse(result.Drifted);
        Assert.AreEqual(1.0, result.CurrentMissingRate);
        Assert.IsNotNull(result.Note);
    }

    [TestMethod]
    public void FactoryPicksTheAccumulatorByType()
    {
        Assert.IsInstanceOfType<NumericDrift>(ColumnDriftAccumulator.For(DriftProfiles.Number(TwoBinReference)));
        Assert.IsInstanceOfType<CategoryDrift>(ColumnDriftAccumulator.For(DriftProfiles.HalfAndHalf(10)));
        Assert.IsInstanceOfType<CategoryDrift>(ColumnDriftAccumulator.For(DriftProfiles.Category([("true", 3), ("false", 1)], type: "boolean")));
        Assert.IsNull(ColumnDriftAccumulator.For(DriftProfiles.HalfAndHalf(10) with { Type = "text" }));
        Assert.IsNull(ColumnDriftAccumulator.For(DriftProfiles.HalfAndHalf(10) with { Type = "date" }));
    }
}
