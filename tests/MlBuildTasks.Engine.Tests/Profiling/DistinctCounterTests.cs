using System.IO.Hashing;
using System.Text;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class DistinctCounterTests
{
    private static void AssertWithin(double fraction, long expected, long actual) =>
        Assert.IsLessThanOrEqualTo(fraction, Math.Abs(actual - expected) / (double)expected, $"estimated {actual}, true {expected}");

    [TestMethod]
    public void CountsDistinctValuesExactlyWhileSmall()
    {
        var counter = new DistinctCounter();
        foreach (var value in new[] { "a", "b", "c", "a", "b" }) counter.Add(value);

        Assert.IsTrue(counter.IsExact);
        Assert.AreEqual(3, counter.Estimate);
        Assert.AreEqual(5, counter.Count);
    }

    [TestMethod]
    public void TheFirstDuplicateIsKnownWithBothTags()
    {
        var counter = new DistinctCounter();
        counter.Add("x", tag: 10);
        counter.Add("y", tag: 11);
        counter.Add("z", tag: 12);
        counter.Add("y", tag: 13); // the first repeat: of "y", first added with tag 11
        counter.Add("x", tag: 14); // a later repeat does not replace it

        Assert.IsTrue(counter.SawDuplicate);
        Assert.AreEqual(13L, counter.FirstDuplicateTag);
        Assert.AreEqual(11L, counter.FirstDuplicateOriginalTag);
    }

    [TestMethod]
    public void NoDuplicateNoTag()
    {
        var counter = new DistinctCounter();
        for (var i = 0; i < 1000; i++) counter.Add($"row {i}", i);

        Assert.IsFalse(counter.SawDuplicate);
        Assert.IsNull(counter.FirstDuplicateTag);
        Assert.IsNull(counter.FirstDuplicateOriginalTag);
        Assert.AreEqual(1000, counter.Estimate);
    }

    [TestMethod]
    public void ATextIsKnownByTheXxHash64OfItsUtf8Bytes()
    {
        var longText = new string('é', 500); // beyond the stack buffer: the pooled path must hash the same
        foreach (var text in new[] { "", "abc", "é", longText })
            Assert.AreEqual(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text)), DistinctCounter.HashOf(text), text);

        var counter = new DistinctCounter();
        counter.Add("abc", tag: 1);
        counter.Add(DistinctCounter.HashOf("abc"), tag: 2);
        Assert.AreEqual(1, counter.Estimate);
        Assert.AreEqual(2L, counter.FirstDuplicateTag);
    }

    [TestMethod]
    public void OneValueBeyondTheExactLimitSwitchesToTheSketch()
    {
        var counter = new DistinctCounter(exactLimit: 10);
        for (var i = 0; i < 10; i++) counter.Add($"v{i}");
        counter.Add("v3"); // a repeat does not count towards the limit
        Assert.IsTrue(counter.IsExact);
        Assert.AreEqual(10, counter.Estimate);

        counter.Add("v10");
        Assert.IsFalse(counter.IsExact);
        Assert.AreEqual(11, counter.Estimate);
    }

    [TestMethod]
    public void AMillionDistinctStringsAreEstimatedWithinTwoPercent()
    {
        var counter = new DistinctCounter();
        for (var i = 0; i < 1_000_000; i++) counter.Add($"customer-{i}");

        Assert.IsFalse(counter.IsExact);
        AssertWithin(0.02, 1_000_000, counter.Estimate);
    }

    [TestMethod]
    [DataRow(1_000)]
    [DataRow(20_000)]
    [DataRow(300_000)]
    public void TheSketchAloneIsWithinTwoPercentAndIgnoresRepeats(int distinct)
    {
        var counter = new DistinctCounter(exactLimit: 0);
        for (var round = 0; round < 3; round++)
            for (var i = 0; i < distinct; i++) counter.Add($"{i}");

        Assert.IsFalse(counter.IsExact);
        Assert.IsFalse(counter.SawDuplicate); // a sketch cannot tell
        AssertWithin(0.02, distinct, counter.Estimate);
    }

    [TestMethod]
    public void WeakCallerHashesAreMixedBeforeTheyReachTheSketch()
    {
        // Consecutive numbers differ only in their low bits, which alone would pick very few registers.
        var counter = new DistinctCounter(exactLimit: 0);
        for (var i = 0UL; i < 200_000; i++) counter.Add(i);
        AssertWithin(0.02, 200_000, counter.Estimate);
    }

    [TestMethod]
    public void NothingCountsAsZeroInBothModes()
    {
        Assert.AreEqual(0, new DistinctCounter().Estimate);
        Assert.AreEqual(0, new DistinctCounter(exactLimit: 0).Estimate);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DistinctCounter(-1));
    }
}
