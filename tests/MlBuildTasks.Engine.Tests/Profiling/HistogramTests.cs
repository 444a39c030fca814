using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class HistogramTests
{
    [TestMethod]
    public void ValuesOnAnInnerEdgeGoUpAndTheMaximumStaysInTheLastBin()
    {
        // [1, 4] in 3 bins: edges 1 2 3 4; 2 and 3 are on inner edges and go up, 4 closes the last bin.
        var histogram = Histogram.Of([1, 2, 2.5, 3, 4], 3);

        CollectionAssert.AreEqual(new[] { 1.0, 2, 3, 4 }, histogram.Edges.ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 2, 2 }, histogram.Counts.ToArray());
        Assert.AreEqual(3, histogram.Bins);
        Assert.IsTrue(histogram.IsExact);
    }

    [TestMethod]
    public void OneRepeatedValueGetsARangeOfWidthOne()
    {
        // As numpy: the range is 3 +- 0.5, edges 2.5 3 3.5, and 3 sits on the inner edge, so in the upper bin.
        var histogram = Histogram.Of([3, 3, 3, 3], 2);

        CollectionAssert.AreEqual(new[] { 2.5, 3, 3.5 }, histogram.Edges.ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 4 }, histogram.Counts.ToArray());
    }

    [TestMethod]
    public void TheWidestRangeOfDoublesStillHasFiniteEdges()
    {
        var histogram = Histogram.Of([-double.MaxValue, 0, double.MaxValue], 4);

        Assert.IsTrue(histogram.Edges.All(double.IsFinite));
        CollectionAssert.AreEqual(new long[] { 1, 0, 1, 1 }, histogram.Counts.ToArray());
    }

    [TestMethod]
    public void EmptyOrNonFiniteValuesAndNoBinsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Histogram.Of([], 3));
        Assert.ThrowsExactly<ArgumentException>(() => Histogram.Of([1, double.NaN], 3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Histogram.Of([1, 2], 0));
    }
}
