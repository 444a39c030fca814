using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

[TestClass]
public sealed class CategoryDriftTests
{
    private static ColumnDrift Run(CategoryDrift drift, params string?[] values)
    {
        foreach (var value in values) drift.Add(value);
        return drift.Result();
    }

    private static CategoryDrift Counted(CategoryDrift drift, params (string Value, int Count)[] counts)
    {
        foreach (var (value, count) in counts)
            for (var i = 0; i < count; i++) drift.Add(value);
        return drift;
    }

    [TestMethod]
    public void UnseenCategoriesMissingValuesAndChiSquaredByHand()
    {
        // Reference a x3, b x1, complete (distinct 2, exact). Current a, c, c, d and two missing (null, blank).
        var drift = new CategoryDrift(DriftProfiles.Category([("a", 3), ("b", 1)]));
        var result = Run(drift, "a", "c", null, "c", "  ", "d");

        // Unseen: c, c, d = 3 of the 4 non-missing values. Missing: 2 of 6.
        Assert.IsTrue(drift.ReferenceIsComplete);
        Assert.AreEqual(0.75, result.UnseenRate);
        Assert.AreEqual((6L, 2L), (result.CurrentCount, result.CurrentMissing));
        Assert.AreEqual(2.0 / 6, result.CurrentMissingRate, 1e-15);
        Assert.AreEqual(0.0, result.ReferenceMissingRate);

        //              a    b    c    d   total
        // reference    3    1    0    0     4
        // current      1    0    2    1     4
        // Expected: half of each column, 2, .5, 1, .5 on both rows.
        // reference: 1/2 + .25/.5 + 1/1 + .25/.5 = 2.5; current: 1/2 + .25/.5 + 1/1 + .25/.5 = 2.5; χ² = 5, dof 3.
        // 3 dof: p = 2 (1 - Φ(√5)) + √(2·5/π) e^(-5/2) = 2 (0.012673659) + 1.784124116 (0.082084999) = 0.025347319 + 0.146449826 = 0.171797144.
        Assert.AreEqual(DriftTest.ChiSquared, result.Test);
        Assert.AreEqual(5.0, result.Statistic!.Value, 1e-12);
        Assert.AreEqual(0.171797144, result.PValue!.Value, 1e-9);
        Assert.IsFalse(result.Drifted);

        // Chart: reference values first, then unseen ones by count.
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d" }, result.Bins.Select(b => b.Label).ToArray());
        CollectionAssert.AreEqual(new[] { 0.75, 0.25, 0, 0 }, result.Bins.Select(b => b.ReferenceShare).ToArray());
        CollectionAssert.AreEqual(new[] { 0.25, 0, 0.5, 0.25 }, result.Bins.Select(b => b.CurrentShare).ToArray());
    }

    [TestMethod]
    public void IncompleteReferencePoolsTheRestAsOtherAndHasNoUnseenRate()
    {
        // 100 rows; top values a 50, b 30 of 5 distinct: 20 rows are "(other)". Current a, b, z, z: z may or may not be new.
        var profile = new ColumnProfileDocument("c", "c", "category", "feature", 100, 0, Distinct: 5, DistinctIsExact: true,
            TopValues: [new ValueCount("a", 50), new ValueCount("b", 30)]);
        var drift = new CategoryDrift(profile);
        var result = Run(drift, "a", "b", "z", "z");

        Assert.IsFalse(drift.ReferenceIsComplete);
        Assert.IsNull(result.UnseenRate);
        CollectionAssert.AreEqual(new[] { "a", "b", "(other)" }, result.Bins.Select(b => b.Label).ToArray());
        CollectionAssert.AreEqual(new[] { 0.5, 0.3, 0.2 }, result.Bins.Select(b => b.ReferenceShare).ToArray());
        CollectionAssert.AreEqual(new[] { 0.25, 0.25, 0.5 }, result.Bins.Select(b => b.CurrentShare).ToArray());
    }

    [TestMethod]
    public void AnEstimatedDistinctCountIsIncompleteEvenWhenItMatches()
    {
        var profile = DriftProfiles.Category([("a", 5), ("b", 5)], distinctIsExact: false);

        Assert.IsFalse(new CategoryDrift(profile).ReferenceIsComplete);
        Assert.IsNull(Run(new CategoryDrift(profile), "a", "z").UnseenRate);
    }

    [TestMethod]
    public void UnseenValuesBeyondTheCapArePooledAndTheRateStaysExact()
    {
        var drift = new CategoryDrift(DriftProfiles.Category([("a", 3), ("b", 1)]), maxUnseenValues: 2);
        var result = Run(drift, "a", "u1", "u2", "u3", "u4", "u5");

        Assert.AreEqual(5.0 / 6, result.UnseenRate!.Value, 1e-15);
        Assert.AreEqual(2 + 2, drift.StateSize);
        StringAssert.Contains(result.Note, "(other unseen)");
        // 2x6 table: a, b, u1, u2, (other unseen) x3: chi-squared's dof = 5 - 1.
        CollectionAssert.AreEqual(new[] { "a", "b", "u1", "u2", "(other unseen)" }, result.Bins.Select(b => b.Label).ToArray());
        Assert.AreEqual(0.5, result.Bins[^1].CurrentShare, 1e-15);
    }

    [TestMethod]
    public void LargeReferenceUsesJensenShannonAndPsi()
    {
        // Reference a 1000, b 1000 (2,000 values: large). Current a 900, b 100: P = (.5, .5), Q = (.9, .1).
        // JS distance 0.383135880 (worked out in DistributionDistanceTests).
        // PSI = (.9 - .5) ln(.9 / .5) + (.1 - .5) ln(.1 / .5) = .4 (0.587786665) + .4 (1.609437912) = 0.235114666 + 0.643775165 = 0.878889831.
        var drift = Counted(new CategoryDrift(DriftProfiles.HalfAndHalf(2000)), ("a", 900), ("b", 100));
        var result = drift.Result();

        Assert.AreEqual(DriftTest.JensenShannon, result.Test);
        Assert.AreEqual(0.38313587985994224, result.Statistic!.Value, 1e-9);
        Assert.IsNull(result.PValue);
        Assert.IsTrue(result.Drifted);
        Assert.AreEqual(0.878889831, result.Psi!.Value, 1e-9);
        Assert.AreEqual(PsiBand.Major, result.PsiBand);
        Assert.AreEqual(0.0, result.UnseenRate);
    }

    [TestMethod]
    public void SmallPsiIsNoShift()
    {
        // a 50, b 50 against a 60, b 40: PSI = .1 ln(1.2) + (-.1) ln(.8) = 0.018232156 + 0.022314355 = 0.040546511: none.
        var result = Counted(new CategoryDrift(DriftProfiles.HalfAndHalf(100)), ("a", 60), ("b", 40)).Result();

        Assert.AreEqual(0.040546511, result.Psi!.Value, 1e-9);
        Assert.AreEqual(PsiBand.None, result.PsiBand);
    }

    [TestMethod]
    [DataRow(1000L, 0L, DriftTest.ChiSquared)]
    [DataRow(1001L, 0L, DriftTest.JensenShannon)]
    [DataRow(1000L, 1L, DriftTest.ChiSquared)] // 1,001 rows, 1,000 non-missing
    public void SmallReferenceEndsAtOneThousandValues(long values, long missing, DriftTest expected)
    {
        var profile = DriftProfiles.Category([("a", values - values / 2), ("b", values / 2)], missing: missing);
        var result = Counted(new CategoryDrift(profile), ("a", 10), ("b", 10)).Result();

        Assert.AreEqual(expected, result.Test);
        Assert.AreEqual(expected == DriftTest.ChiSquared, result.PValue is not null);
    }

    [TestMethod]
    public void BooleansAreTrueAndFalse()
    {
        var drift = new CategoryDrift(DriftProfiles.Category([("true", 30), ("false", 10)], type: "boolean"));
        drift.Add(true);
        drift.Add(false);
        drift.Add((bool?)null);
        var result = drift.Result();

        Assert.AreEqual("boolean", result.Type);
        Assert.AreEqual(0.0, result.UnseenRate);
        Assert.AreEqual(1L, result.CurrentMissing);
        CollectionAssert.AreEqual(new[] { 0.5, 0.5 }, result.Bins.Select(b => b.CurrentShare).ToArray());
    }
}
