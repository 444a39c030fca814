using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="NumericSummary.MergeFrom"/>: a file read as two ranges comes together as if read in one pass, exactly while
/// the values fit the reservoir, and as a fair sample of all of them beyond it.
/// </summary>
[TestClass]
public sealed class NumericSummaryMergeTests
{
    private static readonly double[] Probabilities = [0.0, 0.01, 0.1, 0.25, 0.33, 0.5, 0.75, 0.9, 0.99, 1.0];

    /// <summary>Values <paramref name="values"/> tagged from <paramref name="firstTag"/> on, as a range of rows would be.</summary>
    private static NumericSummary Summary(IEnumerable<double> values, long firstTag = 0, int sampleCapacity = NumericSummary.DefaultSampleCapacity, int seed = NumericSummary.DefaultSeed)
    {
        var summary = new NumericSummary(sampleCapacity, seed);
        var tag = firstTag;
        foreach (var value in values) summary.Add(value, tag++);
        return summary;
    }

    /// <summary>The summary of <paramref name="values"/> read as two ranges split at <paramref name="split"/>, then merged.</summary>
    private static NumericSummary Merged(double[] values, int split, int sampleCapacity, int seed = NumericSummary.DefaultSeed)
    {
        var first = Summary(values[..split], 0, sampleCapacity, seed);
        first.MergeFrom(Summary(values[split..], split, sampleCapacity, seed));
        return first;
    }

    /// <summary>Values far from zero with a spread, so relative errors of the mean and spread mean something.</summary>
    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => 1_000 + random.NextDouble() * 50 - (random.Next(10) == 0 ? 200 : 0))];
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.IsLessThanOrEqualTo(tolerance, Math.Abs(actual - expected) / Math.Abs(expected), $"{what}: {actual}, expected {expected}");

    [TestMethod]
    [DataRow(300, 500)]
    [DataRow(1, 999)]
    [DataRow(999, 1)]
    [DataRow(600, 400)] // exactly the capacity together
    [DataRow(0, 700)]
    [DataRow(700, 0)]
    public void WhileBothFitTheReservoirTheMergeIsWhatOnePassGives(int firstCount, int laterCount)
    {
        const int Capacity = 1_000;
        var values = Values(firstCount + laterCount, seed: firstCount);
        var merged = Merged(values, firstCount, Capacity);
        var expected = Summary(values, sampleCapacity: Capacity);

        Assert.IsTrue(merged.IsExact);
        Assert.AreEqual(expected.Count, merged.Count);
        Assert.AreEqual(expected.Min, merged.Min);
        Assert.AreEqual(expected.Max, merged.Max);
        CollectionAssert.AreEqual(expected.Sample.ToArray(), merged.Sample.ToArray());
        foreach (var p in Probabilities) Assert.AreEqual(expected.Quantile(p), merged.Quantile(p), $"p = {p}");
        var (histogram, expectedHistogram) = (merged.Histogram(13), expected.Histogram(13));
        Assert.IsTrue(histogram.IsExact);
        CollectionAssert.AreEqual(expectedHistogram.Edges.ToArray(), histogram.Edges.ToArray());
        CollectionAssert.AreEqual(expectedHistogram.Counts.ToArray(), histogram.Counts.ToArray());
        AssertRelative(expected.Mean, merged.Mean, 1e-12, "mean");
        AssertRelative(expected.StdDev, merged.StdDev, 1e-12, "standard deviation");
        AssertRelative(expected.SampleStdDev, merged.SampleStdDev, 1e-12, "sample standard deviation");
        AssertRelative(expected.Sum, merged.Sum, 1e-12, "sum");

        // And it goes on as one pass would: the next values are sampled the same way.
        foreach (var (value, tag) in Values(2_000, seed: 99).Select((v, i) => (v, 10_000L + i)))
        {
            merged.Add(value, tag);
            expected.Add(value, tag);
        }

        CollectionAssert.AreEqual(expected.Sample.ToArray(), merged.Sample.ToArray());
    }

    [TestMethod]
    public void MomentsOfLargePartsAreThoseOfOnePass()
    {
        var values = Values(250_000, seed: 3);
        var merged = Merged(values, 180_000, NumericSummary.DefaultSampleCapacity);
        var expected = Summary(values);

        Assert.AreEqual(250_000, merged.Count);
        Assert.AreEqual(expected.Min, merged.Min);
        Assert.AreEqual(expected.Max, merged.Max);
        AssertRelative(expected.Mean, merged.Mean, 1e-12, "mean");
        AssertRelative(expected.Variance, merged.Variance, 1e-10, "variance");
        AssertRelative(expected.Sum, merged.Sum, 1e-14, "sum");
        Assert.AreEqual(values.Order().ElementAt(0), merged.Quantile(0));
    }

    [TestMethod]
    public void TheSumKeepsSmallValuesNextToALargeOneAcrossTheMerge()
    {
        // Naively 1e16 + 1 == 1e16: each part's compensation holds its five 1s, and the merge keeps both.
        var first = Summary([1e16, 1, 1, 1, 1, 1]);
        first.MergeFrom(Summary([1, 1, 1, 1, 1, -1e16]));
        Assert.AreEqual(10.0, first.Sum);
    }

    [TestMethod]
    public void AnEmptyLaterChangesNothingAndAnEmptySummaryBecomesACopyOfLater()
    {
        var values = Values(5_000, seed: 4);
        var summary = Summary(values, sampleCapacity: 1_000);
        var sample = summary.Sample.ToArray();
        var (mean, variance, sum) = (summary.Mean, summary.Variance, summary.Sum);
        summary.MergeFrom(new NumericSummary(1_000));
        Assert.AreEqual(5_000, summary.Count);
        CollectionAssert.AreEqual(sample, summary.Sample.ToArray());
        Assert.AreEqual((mean, variance, sum), (summary.Mean, summary.Variance, summary.Sum));

        var empty = new NumericSummary(1_000, seed: 7);
        empty.MergeFrom(summary);
        Assert.AreEqual(summary.Count, empty.Count);
        Assert.AreEqual((summary.Min, summary.Max, summary.Mean, summary.Variance, summary.Sum), (empty.Min, empty.Max, empty.Mean, empty.Variance, empty.Sum));
        Assert.IsFalse(empty.IsExact);
        CollectionAssert.AreEqual(sample, empty.Sample.ToArray());
        // The generator is copied too: the copy samples what follows as the original does.
        for (var i = 0; i < 3_000; i++)
        {
            summary.Add(i, i);
            empty.Add(i, i);
        }

        CollectionAssert.AreEqual(summary.Sample.ToArray(), empty.Sample.ToArray());
    }

    [TestMethod]
    public void DifferentCapacitiesAndItselfAreRejected()
    {
        var summary = Summary([1, 2, 3], sampleCapacity: 100);
        Assert.ThrowsExactly<ArgumentException>(() => summary.MergeFrom(Summary([4], sampleCapacity: 101)));
        Assert.ThrowsExactly<ArgumentException>(() => summary.MergeFrom(summary));
        Assert.ThrowsExactly<ArgumentNullException>(() => summary.MergeFrom(null!));
        Assert.AreEqual(3, summary.Count);
    }

    [TestMethod]
    public void BeyondTheReservoirTheMergedSampleIsUniformOverBothParts()
    {
        // 0..29,999 in the first part, 30,000..39,999 in the later one: a uniform sample of 1,000 from the 40,000 has
        // 750 from the first part on average (hypergeometric, standard error sqrt(1000 * 3/4 * 1/4 * 39000/39999) = 13.5),
        // a median near 19,999.5 (standard error about 40,000 * 0.5 / sqrt(1000) = 632) and, within each part, values
        // spread evenly (means 14,999.5 and 34,999.5).
        const int Capacity = 1_000, FirstCount = 30_000, LaterCount = 10_000, Runs = 40;
        const double ShareError = 13.5, MedianError = 632;
        double shares = 0, medians = 0, firstMeans = 0, laterMeans = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var merged = Summary(Enumerable.Range(0, FirstCount).Select(i => (double)i), 0, Capacity, seed);
            merged.MergeFrom(Summary(Enumerable.Range(FirstCount, LaterCount).Select(i => (double)i), FirstCount, Capacity, seed));

            Assert.AreEqual(FirstCount + LaterCount, merged.Count);
            Assert.HasCount(Capacity, merged.Sample);
            Assert.IsTrue(merged.Sample.All(s => s.Value == s.Tag), "each value keeps its own tag");
            Assert.AreEqual(Capacity, merged.Sample.Select(s => s.Tag).Distinct().Count(), "no value is taken twice");
            var fromFirst = merged.Sample.Where(s => s.Value < FirstCount).Select(s => s.Value).ToList();
            double share = fromFirst.Count;
            Assert.AreEqual(750, share, 5 * ShareError, $"seed {seed}");
            Assert.AreEqual(19_999.5, merged.Median, 5 * MedianError, $"seed {seed}");
            shares += share;
            medians += merged.Median;
            firstMeans += fromFirst.Average();
            laterMeans += merged.Sample.Where(s => s.Value >= FirstCount).Average(s => s.Value);
        }

        Assert.AreEqual(750, shares / Runs, 4 * ShareError / Math.Sqrt(Runs));
        Assert.AreEqual(19_999.5, medians / Runs, 4 * MedianError / Math.Sqrt(Runs));
        // Standard errors of a part's mean: 8,660 / sqrt(750) = 316 and 2,887 / sqrt(250) = 183 a run.
        Assert.AreEqual(14_999.5, firstMeans / Runs, 4 * 316 / Math.Sqrt(Runs));
        Assert.AreEqual(34_999.5, laterMeans / Runs, 4 * 183 / Math.Sqrt(Runs));
    }

    [TestMethod]
    public void PartsThatFitAloneButNotTogetherGiveAFullSampleOfDistinctValues()
    {
        var merged = Summary(Enumerable.Range(0, 700).Select(i => (double)i), 0, sampleCapacity: 1_000);
        merged.MergeFrom(Summary(Enumerable.Range(700, 700).Select(i => (double)i), 700, sampleCapacity: 1_000));

        Assert.IsFalse(merged.IsExact);
        Assert.AreEqual(1_400, merged.Count);
        Assert.HasCount(1_000, merged.Sample);
        Assert.AreEqual(1_000, merged.Sample.Select(s => s.Tag).Distinct().Count());
        Assert.IsTrue(merged.Sample.All(s => s.Value == s.Tag && s.Value is >= 0 and < 1_400));
        Assert.AreEqual(0.0, merged.Quantile(0));
        Assert.AreEqual(1_399.0, merged.Quantile(1));
        Assert.AreEqual(merged.Count, merged.Histogram(10).Total);

        // Algorithm R goes on from the merged count: the reservoir stays full and no larger.
        for (var i = 1_400; i < 5_000; i++) merged.Add(i, i);
        Assert.HasCount(1_000, merged.Sample);
    }

    [TestMethod]
    public void TheSameInputsGiveTheSameMergedSample()
    {
        static NumericSummary Make()
        {
            var merged = Summary(Values(30_000, seed: 1), 0, sampleCapacity: 1_000);
            merged.MergeFrom(Summary(Values(10_000, seed: 2), 30_000, sampleCapacity: 1_000));
            return merged;
        }

        var (first, second) = (Make(), Make());
        CollectionAssert.AreEqual(first.Sample.ToArray(), second.Sample.ToArray());
        Assert.AreEqual(first.Median, second.Median);
    }

    [TestMethod]
    public void ThreePartsMergedInOrderAreExactWhileTheyFit()
    {
        var values = Values(900, seed: 5);
        var merged = Summary(values[..200], 0, sampleCapacity: 1_000);
        merged.MergeFrom(Summary(values[200..650], 200, sampleCapacity: 1_000));
        merged.MergeFrom(Summary(values[650..], 650, sampleCapacity: 1_000));
        var expected = Summary(values, sampleCapacity: 1_000);

        CollectionAssert.AreEqual(expected.Sample.ToArray(), merged.Sample.ToArray());
        AssertRelative(expected.Variance, merged.Variance, 1e-12, "variance");
    }
}
