using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class CategorySummaryTests
{
    private static CategorySummary Summary(IEnumerable<string> values, int exactLimit = CategorySummary.DefaultExactLimit, int sketchCapacity = CategorySummary.DefaultSketchCapacity)
    {
        var summary = new CategorySummary(exactLimit, sketchCapacity);
        foreach (var value in values) summary.Add(value);
        return summary;
    }

    private static IEnumerable<string> Repeat(params (string Value, int Times)[] values) =>
        values.SelectMany(v => Enumerable.Repeat(v.Value, v.Times));

    [TestMethod]
    public void CountsEveryValueExactlyAndListsTheMostFrequentFirst()
    {
        var summary = Summary(Repeat(("b", 3), ("c", 5), ("a", 3), ("B", 3), ("d", 1)));

        Assert.AreEqual(15, summary.Count);
        Assert.AreEqual(5, summary.DistinctCount);
        Assert.IsTrue(summary.DistinctIsExact);
        Assert.AreEqual(0, summary.CountErrorBound);
        Assert.IsNotNull(summary.ExactCounts);
        Assert.AreEqual(3, summary.ExactCounts["B"]);
        Assert.AreEqual(3, summary.ExactCounts["b"]); // ordinal: case matters
        // Ties by ordinal order: "B" (0x42) before "a" (0x61) before "b".
        CollectionAssert.AreEqual(new[] { ("c", 5L), ("B", 3L), ("a", 3L) }, summary.Top(3).ToArray());
        Assert.HasCount(5, summary.Top(100));
        Assert.IsEmpty(summary.Top(0));
    }

    [TestMethod]
    public void NullAndNegativeKAreRejected()
    {
        var summary = new CategorySummary();
        Assert.ThrowsExactly<ArgumentNullException>(() => summary.Add(null!));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => summary.Top(-1));
    }

    [TestMethod]
    public void BeyondTheLimitCountsBecomeBoundedEstimates()
    {
        // "hot" 100 times, then 50 values once each, with "warm" between every other one (25 times).
        var values = new List<string>(Repeat(("hot", 100)));
        for (var i = 0; i < 50; i++)
        {
            values.Add($"rare{i}");
            if (i % 2 == 0) values.Add("warm");
        }

        // 175 values in 10 counters: anything seen more than 175 / 10 = 17.5 times is surely counted, and a value
        // seen once can take over a counter at no more than 17.5 + 1, below "warm".
        var summary = Summary(values, exactLimit: 5, sketchCapacity: 10);

        Assert.IsNull(summary.ExactCounts);
        Assert.AreEqual(values.Count, summary.Count);
        // Still exact: the distinct counter keeps every hash up to 100,000 values.
        Assert.AreEqual(52, summary.DistinctCount);
        Assert.IsTrue(summary.DistinctIsExact);

        var top = summary.Top(2);
        Assert.AreEqual("hot", top[0].Value);
        Assert.AreEqual("warm", top[1].Value);
        // SpaceSaving: a count is never below the true one, nor above it by more than the error bound.
        Assert.IsGreaterThan(0L, summary.CountErrorBound);
        Assert.IsGreaterThanOrEqualTo(100L, top[0].Count);
        Assert.IsLessThanOrEqualTo(100L + summary.CountErrorBound, top[0].Count);
        Assert.IsGreaterThanOrEqualTo(25L, top[1].Count);
        Assert.IsLessThanOrEqualTo(25L + summary.CountErrorBound, top[1].Count);
    }

    [TestMethod]
    public void AMillionDistinctValuesKeepTheHeavyHittersAndEstimateTheRest()
    {
        var summary = new CategorySummary();
        for (var i = 0; i < 1_000_000; i++)
        {
            summary.Add($"id-{i}");
            if (i % 10 == 0) summary.Add("hot");   // 100,000 times
            if (i % 25 == 0) summary.Add("warm");  // 40,000 times
        }

        Assert.AreEqual(1_140_000, summary.Count);
        Assert.IsNull(summary.ExactCounts);
        Assert.IsFalse(summary.DistinctIsExact);
        Assert.IsLessThanOrEqualTo(0.02, Math.Abs(summary.DistinctCount - 1_000_002) / 1_000_002.0, $"estimated {summary.DistinctCount}");

        var top = summary.Top(2);
        Assert.AreEqual("hot", top[0].Value);
        Assert.AreEqual("warm", top[1].Value);
        // Error at most total / capacity = 1,140,000 / 10,000 = 114.
        Assert.IsLessThanOrEqualTo(114L, summary.CountErrorBound);
        Assert.IsLessThanOrEqualTo(114.0, Math.Abs(top[0].Count - 100_000.0));
        Assert.IsLessThanOrEqualTo(114.0, Math.Abs(top[1].Count - 40_000.0));
    }

    [TestMethod]
    public void TheSameValuesInTheSameOrderGiveTheSameSketch()
    {
        static CategorySummary Make()
        {
            var random = new Random(11);
            // Zipf-like: value k about 1/k as often, so the sketch has real competition for its counters.
            return Summary(Enumerable.Range(0, 50_000).Select(_ => $"k{(int)(1 / (random.NextDouble() + 1e-4))}"), exactLimit: 50, sketchCapacity: 20);
        }

        CollectionAssert.AreEqual(Make().Top(20).ToArray(), Make().Top(20).ToArray());
    }
}
