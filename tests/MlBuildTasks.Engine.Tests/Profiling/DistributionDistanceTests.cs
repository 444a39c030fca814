using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class DistributionDistanceTests
{
    private static Dictionary<string, long> Counts(params (string Value, long Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count);

    /// <summary>Normal values (Box-Muller), the same every run.</summary>
    private static double[] Normal(int count, double mean, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    [TestMethod]
    public void TheSameProportionsAreAtDistanceZero()
    {
        Assert.AreEqual(0.0, DistributionDistance.JensenShannon(Counts(("a", 1), ("b", 3)), Counts(("b", 30), ("a", 10))));
        Assert.AreEqual(0.0, DistributionDistance.JensenShannon(Counts(("a", 1)), Counts(("a", 5), ("b", 0))));
    }

    [TestMethod]
    public void NoValueInCommonIsDistanceOne()
    {
        Assert.AreEqual(1.0, DistributionDistance.JensenShannon(Counts(("a", 1), ("b", 2)), Counts(("c", 7))), 1e-12);
    }

    [TestMethod]
    public void JensenShannonWorkedExample()
    {
        // P = (0.5, 0.5), Q = (0.9, 0.1), M = (0.7, 0.3).
        // KL(P||M) = 0.5 log2(5/7) + 0.5 log2(5/3) = 0.5 (-0.485426827170) + 0.5 (0.736965594166) = 0.125769383498
        // KL(Q||M) = 0.9 log2(9/7) + 0.1 log2(1/3) = 0.9 (0.362570079385) + 0.1 (-1.584962500721) = 0.167816821374
        // JSD = (0.125769383498 + 0.167816821374) / 2 = 0.146793102436; distance = sqrt(JSD) = 0.383135879860
        var reference = Counts(("yes", 5), ("no", 5));
        var current = Counts(("yes", 9), ("no", 1));

        Assert.AreEqual(0.38313587985994224, DistributionDistance.JensenShannon(reference, current), 1e-9);
        Assert.AreEqual(0.38313587985994224, DistributionDistance.JensenShannon(current, reference), 1e-9);
    }

    [TestMethod]
    public void NumericJensenShannonSeparatesAShiftFromNoise()
    {
        var reference = Normal(5_000, mean: 0, seed: 1);
        var same = DistributionDistance.JensenShannon(reference, Normal(5_000, mean: 0, seed: 2));
        var halfShift = DistributionDistance.JensenShannon(reference, Normal(5_000, mean: 0.5, seed: 3));
        var fullShift = DistributionDistance.JensenShannon(reference, Normal(5_000, mean: 1, seed: 4));

        // Binned N(0,1) against itself gives about 0.04 from sampling noise, against N(0.5,1) about 0.21, against N(1,1) about 0.40.
        Assert.IsLessThan(0.1, same);
        Assert.IsGreaterThan(0.15, halfShift);
        Assert.IsLessThan(0.3, halfShift);
        Assert.IsGreaterThan(0.3, fullShift);
    }

    [TestMethod]
    public void NumericJensenShannonOfConstantData()
    {
        Assert.AreEqual(0.0, DistributionDistance.JensenShannon([2.0, 2, 2], [2.0, 2]));
        Assert.AreEqual(1.0, DistributionDistance.JensenShannon([1.0, 1], [2.0, 2]), 1e-12);
        Assert.AreEqual(0.0, DistributionDistance.JensenShannon([1.0, 2, 3, 4], [4.0, 3, 2, 1]));
    }

    [TestMethod]
    public void PopulationStabilityIndexWorkedExample()
    {
        // r = (0.5, 0.3, 0.2), c = (0.4, 0.3, 0.3):
        // (0.4 - 0.5) ln(0.4/0.5) + 0 + (0.3 - 0.2) ln(0.3/0.2) = -0.1 (-0.223143551314) + 0.1 (0.405465108108) = 0.062860865942
        var reference = Counts(("a", 50), ("b", 30), ("c", 20));
        var current = Counts(("a", 40), ("b", 30), ("c", 30));

        Assert.AreEqual(0.06286086594223741, DistributionDistance.PopulationStabilityIndex(reference, current), 1e-9);
        Assert.AreEqual(0.0, DistributionDistance.PopulationStabilityIndex(reference, reference));
    }

    [TestMethod]
    public void PopulationStabilityIndexCountsAnEmptyCategoryAsEpsilon()
    {
        // r = (0.5, 0.5), c = (1, 0 -> 1e-4):
        // (1 - 0.5) ln(1/0.5) + (1e-4 - 0.5) ln(1e-4/0.5) = 0.5 (0.693147180560) + (-0.4999) (-8.517193191416) = 4.604318466669
        var reference = Counts(("a", 50), ("b", 50));
        var current = Counts(("a", 100));

        Assert.AreEqual(4.60431846666895, DistributionDistance.PopulationStabilityIndex(reference, current), 1e-9);
    }

    [TestMethod]
    public void NumericPopulationStabilityIndexWorkedExample()
    {
        // Common range [0, 9] in 3 bins, edges 0 3 6 9.
        // reference 0..9: [0,3) 0 1 2, [3,6) 3 4 5, [6,9] 6 7 8 9 -> (0.3, 0.3, 0.4)
        // current 0 0 1 1 2 3 4 5 9 9:                                -> (0.5, 0.3, 0.2)
        // (0.5 - 0.3) ln(0.5/0.3) + 0 + (0.2 - 0.4) ln(0.2/0.4) = 0.2 (0.510825623766 + 0.693147180560) = 0.2 ln(10/3) = 0.240794560865
        double[] reference = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] current = [0, 0, 1, 1, 2, 3, 4, 5, 9, 9];

        Assert.AreEqual(0.24079456086518725, DistributionDistance.PopulationStabilityIndex(reference, current, bins: 3), 1e-9);
    }

    [TestMethod]
    public void EmptyOrNegativeDistributionsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => DistributionDistance.JensenShannon(Counts(), Counts(("a", 1))));
        Assert.ThrowsExactly<ArgumentException>(() => DistributionDistance.JensenShannon(Counts(("a", 0)), Counts(("a", 1))));
        Assert.ThrowsExactly<ArgumentException>(() => DistributionDistance.PopulationStabilityIndex(Counts(("a", -1), ("b", 2)), Counts(("a", 1))));
        Assert.ThrowsExactly<ArgumentException>(() => DistributionDistance.JensenShannon([1.0], Array.Empty<double>()));
        Assert.ThrowsExactly<ArgumentException>(() => DistributionDistance.JensenShannon([1.0], [double.PositiveInfinity]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DistributionDistance.PopulationStabilityIndex(Counts(("a", 1)), Counts(("a", 1)), epsilon: 0));
    }
}
