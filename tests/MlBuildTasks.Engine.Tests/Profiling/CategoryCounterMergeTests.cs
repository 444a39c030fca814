using System.Globalization;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="CategoryCounter.MergeFrom"/>: two ranges of a column counted apart come together as one pass would count
/// them while the distinct values fit (ids included), and with a value never counted twice after that.
/// </summary>
[TestClass]
public sealed class CategoryCounterMergeTests
{
    private static CategoryCounter Count(IEnumerable<string> values, int exactLimit = CategoryCounter.DefaultExactLimit)
    {
        var counter = new CategoryCounter(exactLimit);
        foreach (var value in values) counter.Add(value);
        return counter;
    }

    private static CategoryCounter Merged(string[] values, int split, int exactLimit = CategoryCounter.DefaultExactLimit)
    {
        var counter = Count(values[..split], exactLimit);
        counter.MergeFrom(Count(values[split..], exactLimit));
        return counter;
    }

    /// <summary>Skewed values: a few often, many now and then.</summary>
    private static string[] Values(int count, int distinct, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => "v" + (random.Next(3) == 0 ? random.Next(distinct) : random.Next(10)).ToString(CultureInfo.InvariantCulture))];
    }

    private static void AssertSameCounts(CategoryCounter expected, CategoryCounter actual)
    {
        Assert.AreEqual(expected.Count, actual.Count);
        Assert.AreEqual(expected.DistinctCount, actual.DistinctCount);
        Assert.AreEqual(expected.DistinctIsExact, actual.DistinctIsExact);
        if (expected.ExactCounts is null) Assert.IsNull(actual.ExactCounts);
        else CollectionAssert.AreEquivalent(expected.ExactCounts.ToArray(), actual.ExactCounts!.ToArray());
        CollectionAssert.AreEqual(expected.Top(int.MaxValue).ToArray(), actual.Top(int.MaxValue).ToArray());
    }

    /// <summary>The ids of one pass: each value's id is the one the merged counter gives it, and adding goes on with the same ids.</summary>
    private static void AssertSameIds(CategoryCounter expected, CategoryCounter actual, IEnumerable<string> more)
    {
        var ids = Math.Min(expected.DistinctCount, expected.ExactLimit); // every id is in use once values overflow
        for (var id = 0; id < ids; id++) Assert.AreEqual(expected.ValueOf(id), actual.ValueOf(id), $"id {id}");
        foreach (var value in more) Assert.AreEqual(expected.Add(value), actual.Add(value), value);
        AssertSameCounts(expected, actual);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2_500)]
    [DataRow(4_999)]
    [DataRow(5_000)]
    public void WhileTheValuesFitTheMergeIsWhatOnePassGives(int split)
    {
        var values = Values(5_000, distinct: 400, seed: split);
        var merged = Merged(values, split);
        var expected = Count(values);

        Assert.IsNotNull(merged.ExactCounts);
        AssertSameCounts(expected, merged);
        AssertSameIds(expected, merged, Values(1_000, distinct: 600, seed: 77));
    }

    [TestMethod]
    public void CrossingTheLimitDuringTheMergeOverflowsWhatOnePassWould()
    {
        // 60 distinct values at most, 40 counted exactly: the later part's new values fill the ids, then overflow.
        var values = Values(3_000, distinct: 60, seed: 3);
        var split = 60;
        var first = Count(values[..split], exactLimit: 40);
        Assert.IsNotNull(first.ExactCounts, "the first part fits");
        var merged = Merged(values, split, exactLimit: 40);
        var expected = Count(values, exactLimit: 40);

        Assert.IsNull(expected.ExactCounts);
        AssertSameCounts(expected, merged);
        AssertSameIds(expected, merged, Values(500, distinct: 70, seed: 78));
    }

    [TestMethod]
    public void AValueLaterOverflowedIsCountedUnderItsIdHere()
    {
        // The later part fills its ids with values of its own, so "a" and "b" overflow there; here they have ids.
        string[] first = ["a", "b", "a"];
        string[] later = ["x", "y", "z", "a", "w", "a", "b", "x"];
        var merged = Count(first, exactLimit: 4);
        merged.MergeFrom(Count(later, exactLimit: 4));
        var expected = Count([.. first, .. later], exactLimit: 4);

        AssertSameCounts(expected, merged);
        CollectionAssert.AreEqual(new[] { ("a", 4L), ("b", 2L), ("x", 2L) }, merged.Top(3).ToArray());
        AssertSameIds(expected, merged, ["w", "z", "a", "q"]);
    }

    [TestMethod]
    public void ASketchedLaterOverflowDoesNotCountAValueWithAnIdTwice()
    {
        // 100 ids each. The first part's ids are common-0..99; the later part's are its own, so its 30,000 unique values
        // and the common ones it repeats all overflow there, into a sketch (beyond 10,000 distinct values).
        var first = Enumerable.Range(0, 100).Select(i => $"common-{i}").ToList();
        var later = Enumerable.Range(0, 100).Select(i => $"later-{i}").ToList();
        for (var i = 0; i < 30_000; i++)
        {
            later.Add($"unique-{i}");
            if (i % 6 == 0) later.Add("common-7");   // 5,000 times
            if (i % 300 == 0) later.Add($"common-{i / 300}"); // common-0..99 once each
        }

        var merged = Count(first, exactLimit: 100);
        var other = Count(later, exactLimit: 100);
        merged.MergeFrom(other);

        Assert.AreEqual(first.Count + later.Count, merged.Count);
        Assert.AreEqual(100 + 100 + 30_000, merged.DistinctCount, "each common value once");
        Assert.IsTrue(merged.DistinctIsExact);
        var top = merged.Top(int.MaxValue);
        Assert.AreEqual(top.Count, top.Select(t => t.Value).Distinct().Count(), "each value listed once");
        Assert.AreEqual("common-7", top[0].Value);
        Assert.IsGreaterThanOrEqualTo(1 + 5_000 + 1, top[0].Count);
        Assert.IsLessThanOrEqualTo(1 + 5_000 + 1 + 30_000 / 10_000 + 1, top[0].Count, "at most the later sketch's error above");
        Assert.AreEqual(7, merged.Add("common-7"), "the id stays");
        Assert.AreEqual(-1, merged.Add("later-3"), "no room for the later part's ids");
    }

    [TestMethod]
    public void BothOverTheLimitTheFrequentValuesAreFoundAndTheDistinctCountEstimated()
    {
        static CategoryCounter Part(int from, int to)
        {
            var counter = new CategoryCounter();
            for (var i = from; i < to; i++)
            {
                counter.Add($"id-{i}");
                if (i % 10 == 0) counter.Add("hot");
                if (i % 25 == 0) counter.Add("warm");
            }

            return counter;
        }

        // 0..139,999 and 110,000..249,999: 250,000 distinct ids, 30,000 of them in both parts, and "hot" and "warm".
        var merged = Part(0, 140_000);
        merged.MergeFrom(Part(110_000, 250_000));

        Assert.AreEqual(280_000 + 14_000 + 14_000 + 5_600 + 5_600, merged.Count);
        Assert.IsNull(merged.ExactCounts);
        Assert.IsFalse(merged.DistinctIsExact);
        Assert.IsLessThanOrEqualTo(0.02, Math.Abs(merged.DistinctCount - 250_002) / 250_002.0, $"estimated {merged.DistinctCount}");
        var top = merged.Top(3);
        Assert.AreEqual(("hot", "warm"), (top[0].Value, top[1].Value));
        // Both have ids on both sides: exact counts.
        Assert.AreEqual((28_000L, 11_200L), (top[0].Count, top[1].Count));
        // Any other value is an id seen at most twice, or an upper bound from the sketch.
        Assert.IsLessThanOrEqualTo(2 + 280_000 / 10_000, top[2].Count);
    }

    [TestMethod]
    public void DifferentLimitsAndItselfAreRejected()
    {
        var counter = Count(["a"], exactLimit: 5);
        Assert.ThrowsExactly<ArgumentException>(() => counter.MergeFrom(Count(["b"], exactLimit: 6)));
        Assert.ThrowsExactly<ArgumentException>(() => counter.MergeFrom(counter));
    }
}
