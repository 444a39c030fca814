using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class CategoryCounterTests
{
    private static CategoryCounter Count(IEnumerable<string> values, int exactLimit = CategoryCounter.DefaultExactLimit)
    {
        var counter = new CategoryCounter(exactLimit);
        foreach (var value in values) counter.Add(value);
        return counter;
    }

    [TestMethod]
    public void CountsEveryValueAndListsTheMostFrequentFirstThenByValue()
    {
        var counter = Count(["b", "c", "a", "c", "b", "c", "B"]);

        Assert.AreEqual(7, counter.Count);
        Assert.AreEqual(4, counter.DistinctCount);
        Assert.IsTrue(counter.DistinctIsExact);
        Assert.AreEqual(2, counter.ExactCounts!["b"]);
        Assert.AreEqual(1, counter.ExactCounts["B"], "ordinal: case matters");
        CollectionAssert.AreEqual(new[] { ("c", 3L), ("b", 2L), ("B", 1L), ("a", 1L) }, counter.Top(10).ToArray());
        CollectionAssert.AreEqual(new[] { ("c", 3L) }, counter.Top(1).ToArray());
    }

    [TestMethod]
    public void ValuesBeyondTheExactLimitGoToASketch()
    {
        var counter = Count(["a", "b", "c", "d", "d", "d", "d", "e", "a"], exactLimit: 3);

        Assert.AreEqual(9, counter.Count);
        Assert.AreEqual(5, counter.DistinctCount);
        Assert.IsNull(counter.ExactCounts);
        Assert.IsTrue(counter.DistinctIsExact, "the sketch is exact while it is small");
        CollectionAssert.AreEqual(new[] { ("d", 4L), ("a", 2L) }, counter.Top(2).ToArray());
    }

    [TestMethod]
    public void AKnownValueIsCountedWithoutAllocating()
    {
        var counter = new CategoryCounter();
        var text = "plan,premium".AsMemory();
        counter.Add(text.Span[5..]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) counter.Add(text.Span[5..]);
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.AreEqual(1001, counter.ExactCounts!["premium"]);
    }
}
