using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="CategorySummary"/>'s weighted add and merge: exact while the distinct values fit, and after that the
/// heavy hitters' guarantees (every count an upper bound, too high by at most <see cref="CategorySummary.CountErrorBound"/>,
/// and no value left out that was seen more often than that).
/// </summary>
[TestClass]
public sealed class CategorySummaryMergeTests
{
    private static CategorySummary Summary(IEnumerable<string> values, int exactLimit = CategorySummary.DefaultExactLimit, int sketchCapacity = CategorySummary.DefaultSketchCapacity)
    {
        var summary = new CategorySummary(exactLimit, sketchCapacity);
        foreach (var value in values) summary.Add(value);
        return summary;
    }

    /// <summary>Zipf-like values, k about 1/k as often: real competition for a small sketch's counters.</summary>
    private static string[] Zipf(int count, int seed, string prefix = "k")
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => $"{prefix}{(int)(1 / (random.NextDouble() + 1e-3))}")];
    }

    private static Dictionary<string, long> TrueCounts(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    /// <summary>SpaceSaving's promises against the true counts: listed counts are upper bounds within the error bound, unlisted values were rare.</summary>
    private static void AssertHeavyHitterGuarantees(CategorySummary summary, Dictionary<string, long> truth)
    {
        var listed = summary.Top(int.MaxValue);
        Assert.AreEqual(listed.Count, listed.Select(e => e.Value).Distinct(StringComparer.Ordinal).Count(), "each value listed once");
        foreach (var (value, count) in listed)
        {
            var actual = truth.GetValueOrDefault(value);
            Assert.IsGreaterThanOrEqualTo(actual, count, $"'{value}' counted {count}, seen {actual} times");
            Assert.IsLessThanOrEqualTo(actual + summary.CountErrorBound, count, $"'{value}' counted {count}, seen {actual} times, bound {summary.CountErrorBound}");
        }

        var names = listed.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var (value, count) in truth)
            if (!names.Contains(value)) Assert.IsLessThanOrEqualTo(summary.CountErrorBound, count, $"'{value}' seen {count} times is not listed");
    }

    [TestMethod]
    public void AWeightedAddIsThatManyAdds()
    {
        // (value, times) pairs, then each expanded to single adds: exact and, past 4 distinct values, in the sketch.
        (string Value, int Times)[] adds = [("a", 3), ("b", 1), ("a", 2), ("c", 5), ("d", 1), ("e", 4), ("f", 2), ("a", 1), ("g", 7), ("b", 3)];
        var weighted = new CategorySummary(exactLimit: 4, sketchCapacity: 3);
        foreach (var (value, times) in adds) weighted.Add(value, times);
        var single = Summary(adds.SelectMany(a => Enumerable.Repeat(a.Value, a.Times)), exactLimit: 4, sketchCapacity: 3);

        Assert.AreEqual(single.Count, weighted.Count);
        Assert.AreEqual(single.DistinctCount, weighted.DistinctCount);
        Assert.AreEqual(single.CountErrorBound, weighted.CountErrorBound);
        CollectionAssert.AreEqual(single.Top(10).ToArray(), weighted.Top(10).ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => weighted.Add("a", 0));
    }

    [TestMethod]
    public void TwoExactSummariesMergeIntoWhatOnePassGives()
    {
        var values = Zipf(3_000, seed: 1);
        var merged = Summary(values[..1_000]);
        merged.MergeFrom(Summary(values[1_000..]));
        var expected = Summary(values);

        Assert.AreEqual(expected.Count, merged.Count);
        Assert.AreEqual(expected.DistinctCount, merged.DistinctCount);
        Assert.IsTrue(merged.DistinctIsExact);
        Assert.AreEqual(0, merged.CountErrorBound);
        CollectionAssert.AreEquivalent(expected.ExactCounts!.ToArray(), merged.ExactCounts!.ToArray());
        CollectionAssert.AreEqual(expected.Top(50).ToArray(), merged.Top(50).ToArray());
    }

    [TestMethod]
    public void CrossingTheExactLimitDuringTheMergeKeepsTheGuarantees()
    {
        // The first part just fits the limit; the later part has 300 values of its own besides, so the two do not.
        var first = Zipf(2_000, seed: 2);
        var later = Zipf(2_000, seed: 3).Concat(Enumerable.Range(0, 300).Select(i => $"new{i}")).ToArray();
        var limit = first.Distinct().Count() + 5;
        var truth = TrueCounts(first.Concat(later));

        var merged = Summary(first, exactLimit: limit, sketchCapacity: 50);
        Assert.IsNotNull(merged.ExactCounts);
        merged.MergeFrom(Summary(later, exactLimit: 1_000, sketchCapacity: 50));

        Assert.IsNull(merged.ExactCounts);
        Assert.AreEqual(truth.Values.Sum(), merged.Count);
        Assert.AreEqual(truth.Count, merged.DistinctCount);
        Assert.IsTrue(merged.DistinctIsExact);
        AssertHeavyHitterGuarantees(merged, truth);
        Assert.AreEqual("k1", merged.Top(1)[0].Value);
    }

    [TestMethod]
    public void AnExactSummaryMergesASketchedOneAndASketchedOneAnExactOne()
    {
        var first = Zipf(2_000, seed: 4);
        var later = Zipf(3_000, seed: 5, prefix: "a").Concat(Zipf(1_000, seed: 6)).ToArray();
        var truth = TrueCounts(first.Concat(later));

        var exactFirst = Summary(first, exactLimit: 1_000, sketchCapacity: 50);
        var sketchedLater = Summary(later, exactLimit: 30, sketchCapacity: 50);
        Assert.IsNotNull(exactFirst.ExactCounts);
        Assert.IsNull(sketchedLater.ExactCounts);
        exactFirst.MergeFrom(sketchedLater);

        var sketchedFirst = Summary(first, exactLimit: 30, sketchCapacity: 50);
        var exactLater = Summary(later, exactLimit: 1_000, sketchCapacity: 50);
        Assert.IsNull(sketchedFirst.ExactCounts);
        Assert.IsNotNull(exactLater.ExactCounts);
        sketchedFirst.MergeFrom(exactLater);

        foreach (var merged in new[] { exactFirst, sketchedFirst })
        {
            Assert.AreEqual(truth.Values.Sum(), merged.Count);
            Assert.AreEqual(truth.Count, merged.DistinctCount);
            AssertHeavyHitterGuarantees(merged, truth);
            Assert.AreEqual("k1", merged.Top(1)[0].Value);
        }
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(5)]
    [DataRow(6)]
    [DataRow(7)]
    public void TwoSketchesMergeWithSpaceSavingsGuarantees(int seed)
    {
        // Different mixes on each side, so that a value may be counted on one side and dropped on the other.
        var first = Zipf(20_000, seed, "k").Concat(Zipf(5_000, seed + 100, "a")).ToArray();
        var later = Zipf(8_000, seed + 200, "a").Concat(Zipf(12_000, seed + 300, "k")).ToArray();
        new Random(seed).Shuffle(first);
        var merged = Summary(first, exactLimit: 30, sketchCapacity: 40);
        merged.MergeFrom(Summary(later, exactLimit: 30, sketchCapacity: 40));
        var truth = TrueCounts(first.Concat(later));

        Assert.AreEqual(45_000, merged.Count);
        AssertHeavyHitterGuarantees(merged, truth);
        Assert.IsLessThanOrEqualTo(merged.Count / merged.SketchCapacity, merged.CountErrorBound);
        Assert.AreEqual(truth.Count, merged.DistinctCount);
        Assert.AreEqual("k1", merged.Top(1)[0].Value);
    }

    [TestMethod]
    public void LargeSketchesKeepTheValuesFrequentOnBothSidesAndEstimateTheDistinctCount()
    {
        static CategorySummary Part(int from, int to)
        {
            var summary = new CategorySummary();
            for (var i = from; i < to; i++)
            {
                summary.Add($"id-{i}");
                if (i % 10 == 0) summary.Add("hot");
                if (i % 25 == 0) summary.Add("warm");
            }

            return summary;
        }

        // 0..129,999 and 100,000..239,999: 240,000 distinct ids (30,000 on both sides) and the two frequent values.
        var merged = Part(0, 130_000);
        merged.MergeFrom(Part(100_000, 240_000));

        Assert.IsFalse(merged.DistinctIsExact);
        Assert.IsLessThanOrEqualTo(0.02, Math.Abs(merged.DistinctCount - 240_002) / 240_002.0, $"estimated {merged.DistinctCount}");
        var top = merged.Top(2);
        Assert.AreEqual(("hot", "warm"), (top[0].Value, top[1].Value));
        Assert.IsGreaterThanOrEqualTo(13_000 + 14_000, top[0].Count);
        Assert.IsGreaterThanOrEqualTo(5_200 + 5_600, top[1].Count);
        Assert.IsLessThanOrEqualTo(13_000 + 14_000 + merged.CountErrorBound, top[0].Count);
    }

    [TestMethod]
    public void DifferentSketchCapacitiesAndItselfAreRejected()
    {
        var summary = Summary(["a"], sketchCapacity: 10);
        Assert.ThrowsExactly<ArgumentException>(() => summary.MergeFrom(Summary(["b"], sketchCapacity: 11)));
        Assert.ThrowsExactly<ArgumentException>(() => summary.MergeFrom(summary));
    }
}
