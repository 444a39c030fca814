using MlBuildTasks.Engine.Reports;

namespace MlBuildTasks.Engine.Tests.Reports;

[TestClass]
public sealed class ReportCurvesTests
{
    [TestMethod]
    public void SweepWalksThresholdsFromTheHighestScore()
    {
        // Scores 0.9 (positive), 0.8 (negative), 0.7 and 0.7 (one of each: they move together), 0.1 (negative).
        var (roc, pr) = ReportCurves.Sweep([true, false, true, false, false], [0.9f, 0.8f, 0.7f, 0.7f, 0.1f]);

        CollectionAssert.AreEqual(new ChartPoint[] { new(0, 0), new(0, 0.5), new(1.0 / 3, 0.5), new(2.0 / 3, 1), new(1, 1) }, roc.ToArray());
        CollectionAssert.AreEqual(new ChartPoint[] { new(0.5, 1), new(0.5, 0.5), new(1, 0.5), new(1, 0.4) }, pr.ToArray());
    }

    [TestMethod]
    public void ThinKeepsTheEndsAndAtMostTheLimit()
    {
        var points = Enumerable.Range(0, 1000).Select(i => new ChartPoint(i, i)).ToList();

        var thin = ReportCurves.Thin(points, ReportCurves.MaxCurvePoints);

        Assert.HasCount(ReportCurves.MaxCurvePoints, thin);
        Assert.AreEqual(points[0], thin[0]);
        Assert.AreEqual(points[^1], thin[^1]);
        Assert.AreSame(points, ReportCurves.Thin(points, 5000), "few enough points are kept as they are");
    }
}
