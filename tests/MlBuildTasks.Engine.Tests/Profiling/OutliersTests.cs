using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class OutliersTests
{
    private static NumericSummary Summary(params double[] values)
    {
        var summary = new NumericSummary();
        foreach (var value in values) summary.Add(value);
        return summary;
    }

    [TestMethod]
    public void IqrFencesFromTheQuartiles()
    {
        // 2 4 4 4 5 5 7 9: Q1 = 4 (h = 1.75), Q3 = 5.5 (h = 5.25), IQR = 1.5.
        // k = 1.5: 4 - 2.25 = 1.75 and 5.5 + 2.25 = 7.75 (so 9 is an outlier); k = 3: 4 - 4.5 = -0.5 and 5.5 + 4.5 = 10.
        var summary = Summary(2, 4, 4, 4, 5, 5, 7, 9);

        Assert.AreEqual((1.75, 7.75), Outliers.IqrFences(summary));
        Assert.AreEqual((-0.5, 10.0), Outliers.IqrFences(summary, k: 3));
    }

    [TestMethod]
    public void IqrFencesFindTheOddOneOut()
    {
        // 1 2 3 4 10: Q1 = 2, Q3 = 4, IQR = 2, fences 2 - 3 = -1 and 4 + 3 = 7.
        var (lower, upper) = Outliers.IqrFences(Summary(1, 2, 3, 4, 10));
        Assert.AreEqual(-1.0, lower, 1e-12);
        Assert.AreEqual(7.0, upper, 1e-12);
    }

    [TestMethod]
    public void ZScoreFencesUseThePopulationStandardDeviation()
    {
        // 2 4 4 4 5 5 7 9: mean 5, population sd 2. z = 3: 5 -+ 6; z = 2: 5 -+ 4.
        var summary = Summary(2, 4, 4, 4, 5, 5, 7, 9);

        var (lower, upper) = Outliers.ZScoreFences(summary);
        Assert.AreEqual(-1.0, lower, 1e-12);
        Assert.AreEqual(11.0, upper, 1e-12);

        (lower, upper) = Outliers.ZScoreFences(summary, z: 2);
        Assert.AreEqual(1.0, lower, 1e-12);
        Assert.AreEqual(9.0, upper, 1e-12);
    }

    [TestMethod]
    public void FencesNeedValues()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Outliers.IqrFences(new NumericSummary()));
        Assert.ThrowsExactly<ArgumentException>(() => Outliers.ZScoreFences(new NumericSummary()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Outliers.IqrFences(Summary(1), k: -1));
    }
}
