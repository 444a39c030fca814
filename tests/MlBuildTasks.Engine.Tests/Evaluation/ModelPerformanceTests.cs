using MlBuildTasks.Engine.Evaluation;

namespace MlBuildTasks.Engine.Tests.Evaluation;

[TestClass]
public sealed class ModelPerformanceTests
{
    private static readonly double[] OneToHundred = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

    [TestMethod]
    [DataRow(0.50, 50.0)]
    [DataRow(0.95, 95.0)]
    [DataRow(0.99, 99.0)]
    [DataRow(1.00, 100.0)]
    public void PercentilesAreByNearestRank(double p, double expected) => Assert.AreEqual(expected, ModelPerformance.Percentile(OneToHundred, p));

    [TestMethod]
    public void OneSampleIsEveryPercentile() => Assert.AreEqual(3.5, ModelPerformance.Percentile([3.5], 0.99));
}
