using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="DistinctCounter.MergeFrom"/>: exact and with the one pass's first duplicate while the union fits, a
/// HyperLogLog of both after that (the same registers one pass would fill).
/// </summary>
[TestClass]
public sealed class DistinctCounterMergeTests
{
    /// <summary>Values tagged by their position in the whole file: the later part's tags go on from the first's.</summary>
    private static DistinctCounter Count(IEnumerable<string> values, long firstTag = 0, int exactLimit = DistinctCounter.DefaultExactLimit)
    {
        var counter = new DistinctCounter(exactLimit);
        var tag = firstTag;
        foreach (var value in values) counter.Add(value, tag++);
        return counter;
    }

    private static DistinctCounter Merged(string[] values, int split, int exactLimit = DistinctCounter.DefaultExactLimit)
    {
        var counter = Count(values[..split], 0, exactLimit);
        counter.MergeFrom(Count(values[split..], split, exactLimit));
        return counter;
    }

    private static void AssertSame(DistinctCounter expected, DistinctCounter actual)
    {
        Assert.AreEqual(expected.Count, actual.Count);
        Assert.AreEqual(expected.IsExact, actual.IsExact);
        Assert.AreEqual(expected.Estimate, actual.Estimate);
        Assert.AreEqual(expected.SawDuplicate, actual.SawDuplicate);
        Assert.AreEqual(expected.FirstDuplicateTag, actual.FirstDuplicateTag);
        Assert.AreEqual(expected.FirstDuplicateOriginalTag, actual.FirstDuplicateOriginalTag);
    }

    private static void AssertWithin(double fraction, long expected, long actual) =>
        Assert.IsLessThanOrEqualTo(fraction, Math.Abs(actual - expected) / (double)expected, $"estimated {actual}, true {expected}");

    [TestMethod]
    [DataRow(new[] { "x", "y", "z", "z", "x" }, 2, DisplayName = "later's own repeat (z, tag 3) before its repeat of x")]
    [DataRow(new[] { "x", "y", "y", "z", "z" }, 2, DisplayName = "a repeat across the parts (y, tag 2) first")]
    [DataRow(new[] { "x", "x", "y", "y", "x" }, 2, DisplayName = "the first part's own repeat stays")]
    [DataRow(new[] { "x", "z", "x", "x" }, 1, DisplayName = "the later part's first x repeats the first part's")]
    [DataRow(new[] { "x", "y", "z", "w" }, 2, DisplayName = "no repeat")]
    [DataRow(new[] { "x", "y" }, 0, DisplayName = "an empty first part")]
    [DataRow(new[] { "x", "x" }, 2, DisplayName = "an empty later part")]
    public void WhileTheUnionFitsTheMergeIsWhatOnePassGives(string[] values, int split)
    {
        AssertSame(Count(values), Merged(values, split));
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    public void RandomPartsWithRepeatsMergeIntoWhatOnePassGives(int seed)
    {
        var random = new Random(seed);
        // Few distinct values and few of them repeated early, so that the first repeat falls anywhere.
        var values = Enumerable.Range(0, 400).Select(i => $"v{(random.Next(4) == 0 ? random.Next(1_000) : 1_000 + i)}").ToArray();
        foreach (var split in new[] { 0, 1, 37, 200, 399, 400 }) AssertSame(Count(values), Merged(values, split));
    }

    [TestMethod]
    public void TheUnionBeyondTheLimitBecomesAHyperLogLogKnowingTheUnionsSize()
    {
        // 700 and 700 distinct values, 200 in both: 1,200 together, beyond the limit of 1,000.
        var first = Enumerable.Range(0, 700).Select(i => $"v{i}").ToArray();
        var later = Enumerable.Range(500, 700).Select(i => $"v{i}").ToArray();
        var merged = Count(first, 0, exactLimit: 1_000);
        merged.MergeFrom(Count(later, 700, exactLimit: 1_000));

        Assert.IsFalse(merged.IsExact);
        Assert.AreEqual(1_400, merged.Count);
        // The union's size is known at the switch: the estimate is at least that, and the registers keep it close.
        Assert.IsGreaterThanOrEqualTo(1_200L, merged.Estimate);
        AssertWithin(0.02, 1_200, merged.Estimate);
        // Repeats across the parts were still seen while both kept their hashes: the first, v500, at tag 700.
        Assert.AreEqual(700L, merged.FirstDuplicateTag);
        Assert.AreEqual(500L, merged.FirstDuplicateOriginalTag);
    }

    [TestMethod]
    public void BothBeyondTheLimitMergeTheirRegistersIntoWhatOnePassFills()
    {
        // 300,000 and 300,000 distinct values, 100,000 in both: 500,000 together.
        var first = Enumerable.Range(0, 300_000).Select(i => $"customer-{i}").ToArray();
        var later = Enumerable.Range(200_000, 300_000).Select(i => $"customer-{i}").ToArray();
        var merged = Count(first);
        merged.MergeFrom(Count(later, first.Length));
        var expected = Count(first.Concat(later));

        Assert.IsFalse(merged.IsExact);
        Assert.AreEqual(600_000, merged.Count);
        AssertWithin(0.02, 500_000, merged.Estimate);
        Assert.AreEqual(expected.Estimate, merged.Estimate, "the same registers");
        Assert.IsFalse(merged.SawDuplicate, "neither part saw one while exact");
    }

    [TestMethod]
    public void AnExactSideJoinsASketchByItsHashesEitherWay()
    {
        var small = Enumerable.Range(0, 5_000).Select(i => $"v{i}").ToArray();
        var large = Enumerable.Range(2_000, 150_000).Select(i => $"v{i}").ToArray();
        var expected = Count(small.Concat(large));

        var exactFirst = Count(small);
        exactFirst.MergeFrom(Count(large, small.Length));
        var sketchFirst = Count(large);
        sketchFirst.MergeFrom(Count(small, large.Length));

        foreach (var merged in new[] { exactFirst, sketchFirst })
        {
            Assert.IsFalse(merged.IsExact);
            Assert.AreEqual(155_000, merged.Count);
            Assert.AreEqual(expected.Estimate, merged.Estimate);
            AssertWithin(0.02, 152_000, merged.Estimate);
        }

        // A counter that is a sketch from the start takes an exact one's values too.
        var hyperLogLog = Count(small, 0, exactLimit: 0);
        hyperLogLog.MergeFrom(Count(large, small.Length));
        Assert.AreEqual(expected.Estimate, hyperLogLog.Estimate);
    }

    [TestMethod]
    public void ASketchWithoutARepeatTakesTheExactLatersOwn()
    {
        var merged = Count(Enumerable.Range(0, 200).Select(i => $"v{i}"), 0, exactLimit: 0);
        merged.MergeFrom(Count(["a", "b", "a"], 200));

        Assert.AreEqual(202L, merged.FirstDuplicateTag);
        Assert.AreEqual(200L, merged.FirstDuplicateOriginalTag);
        Assert.AreEqual(203, merged.Count);
    }

    [TestMethod]
    public void EmptyPartsChangeNothingAndItselfIsRejected()
    {
        var counter = Count(["a", "b", "a"]);
        counter.MergeFrom(new DistinctCounter(exactLimit: 0));
        Assert.IsTrue(counter.IsExact);
        Assert.AreEqual((3L, 2L, 2L), (counter.Count, counter.Estimate, counter.FirstDuplicateTag!.Value));

        var empty = new DistinctCounter();
        empty.MergeFrom(counter);
        AssertSame(counter, empty);
        Assert.ThrowsExactly<ArgumentException>(() => counter.MergeFrom(counter));
    }
}
