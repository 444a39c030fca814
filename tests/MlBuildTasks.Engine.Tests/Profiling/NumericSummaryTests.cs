using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class NumericSummaryTests
{
    private static NumericSummary Summary(IEnumerable<double> values, int sampleCapacity = NumericSummary.DefaultSampleCapacity, int seed = NumericSummary.DefaultSeed)
    {
        var summary = new NumericSummary(sampleCapacity, seed);
        var tag = 0L;
        foreach (var value in values) summary.Add(value, tag++);
        return summary;
    }

    /// <summary>Uniform values in [0, 1), the same every run.</summary>
    private static IEnumerable<double> Uniform(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++) yield return random.NextDouble();
    }

    [TestMethod]
    public void MeanVarianceAndSumOfASmallSet()
    {
        // 2 4 4 4 5 5 7 9: sum 40, mean 40 / 8 = 5; squared deviations 9 1 1 1 0 0 4 16 = 32,
        // population variance 32 / 8 = 4 (sd 2), sample variance 32 / 7.
        var summary = Summary([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.AreEqual(8, summary.Count);
        Assert.AreEqual(2.0, summary.Min);
        Assert.AreEqual(9.0, summary.Max);
        Assert.AreEqual(40.0, summary.Sum, 1e-12);
        Assert.AreEqual(5.0, summary.Mean, 1e-12);
        Assert.AreEqual(4.0, summary.Variance, 1e-12);
        Assert.AreEqual(2.0, summary.StdDev, 1e-12);
        Assert.AreEqual(32.0 / 7, summary.SampleVariance, 1e-12);
        Assert.AreEqual(Math.Sqrt(32.0 / 7), summary.SampleStdDev, 1e-12);
        Assert.IsTrue(summary.IsExact);
    }

    [TestMethod]
    [DataRow(0.0, 2.0)]   // the minimum
    [DataRow(0.1, 3.4)]   // h = 7 * 0.1 = 0.7: x[0] + 0.7 (x[1] - x[0]) = 2 + 0.7 * 2
    [DataRow(0.25, 4.0)]  // h = 1.75: 4 + 0.75 * (4 - 4)
    [DataRow(0.5, 4.5)]   // h = 3.5: 4 + 0.5 * (5 - 4)
    [DataRow(0.75, 5.5)]  // h = 5.25: 5 + 0.25 * (7 - 5)
    [DataRow(0.9, 7.6)]   // h = 6.3: 7 + 0.3 * (9 - 7)
    [DataRow(1.0, 9.0)]   // the maximum
    public void QuantilesInterpolateLinearlyLikeNumpy(double p, double expected)
    {
        // Sorted: x = 2 4 4 4 5 5 7 9 (n = 8), h = (n - 1) p; given out of order on purpose.
        var summary = Summary([9, 4, 5, 2, 7, 4, 5, 4]);
        Assert.AreEqual(expected, summary.Quantile(p), 1e-12);
    }

    [TestMethod]
    public void QuantilesOfAnOddSet()
    {
        // 1 2 3 4 10 (n = 5): h = 4p. p = 0.3: h = 1.2, 2 + 0.2 * (3 - 2) = 2.2; median h = 2: 3.
        var summary = Summary([10, 1, 3, 2, 4]);
        Assert.AreEqual(2.2, summary.Quantile(0.3), 1e-12);
        Assert.AreEqual(3.0, summary.Median);
        Assert.AreEqual(2.0, summary.Quantile(0.25));
        Assert.AreEqual(4.0, summary.Quantile(0.75));
    }

    [TestMethod]
    public void EmptySummaryHasNoStatistics()
    {
        var summary = new NumericSummary();

        Assert.AreEqual(0, summary.Count);
        Assert.AreEqual(0.0, summary.Sum);
        Assert.IsTrue(double.IsNaN(summary.Min));
        Assert.IsTrue(double.IsNaN(summary.Max));
        Assert.IsTrue(double.IsNaN(summary.Mean));
        Assert.IsTrue(double.IsNaN(summary.Variance));
        Assert.IsTrue(double.IsNaN(summary.Quantile(0.5)));
        Assert.IsEmpty(summary.Sample);
        Assert.ThrowsExactly<InvalidOperationException>(() => summary.Histogram(10));
    }

    [TestMethod]
    public void OneValueHasNoSpreadAndNoSampleVariance()
    {
        var summary = Summary([3.5]);
        Assert.AreEqual(0.0, summary.Variance);
        Assert.IsTrue(double.IsNaN(summary.SampleVariance));
        Assert.AreEqual(3.5, summary.Quantile(0.37));
    }

    [TestMethod]
    public void NonFiniteValuesAndBadProbabilitiesAreRejected()
    {
        var summary = new NumericSummary();
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => summary.Add(double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => summary.Add(double.PositiveInfinity));
        Assert.AreEqual(0, summary.Count);

        summary.Add(1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => summary.Quantile(1.5));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => summary.Quantile(double.NaN));
    }

    [TestMethod]
    public void SumKeepsSmallValuesNextToALargeOne()
    {
        // Naively 1e16 + 1 == 1e16 (doubles there are 2 apart), so ten 1s would vanish and the sum be 0.
        var summary = Summary([1e16, .. Enumerable.Repeat(1.0, 10), -1e16]);
        Assert.AreEqual(10.0, summary.Sum);
    }

    [TestMethod]
    public void VarianceIsAccurateFarFromZero()
    {
        // 1e9 + (4 7 13 16): mean 1e9 + 10, deviations -6 -3 3 6, squares 36 9 9 36 = 90; variance 90 / 4 = 22.5,
        // sample variance 90 / 3 = 30. Sums of squares (1e18 each) would lose all of it.
        var summary = Summary([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
        Assert.AreEqual(1e9 + 10, summary.Mean, 1e-6);
        Assert.AreEqual(22.5, summary.Variance, 1e-6);
        Assert.AreEqual(30.0, summary.SampleVariance, 1e-6);
    }

    [TestMethod]
    public void WhileExactTheSampleIsEveryValueWithItsTagInOrder()
    {
        var summary = new NumericSummary(sampleCapacity: 3);
        summary.Add(5, tag: 100);
        summary.Add(-1, tag: 7);
        summary.Add(5, tag: 3);

        Assert.IsTrue(summary.IsExact);
        CollectionAssert.AreEqual(new[] { (5.0, 100L), (-1.0, 7L), (5.0, 3L) }, summary.Sample.ToArray());

        summary.Add(0, tag: 1);
        Assert.IsFalse(summary.IsExact);
        Assert.HasCount(3, summary.Sample);
    }

    [TestMethod]
    public void AMillionValuesKeepTheReservoirAtItsCapacityInBoundedMemory()
    {
        var summary = new NumericSummary();
        var random = new Random(3);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000_000; i++) summary.Add(random.NextDouble(), i);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.AreEqual(1_000_000, summary.Count);
        Assert.HasCount(NumericSummary.DefaultSampleCapacity, summary.Sample);
        Assert.IsFalse(summary.IsExact);
        // The reservoir is 10,000 x 16 bytes, grown by doubling: well under 1 MB however many values come.
        Assert.IsLessThan(1_000_000L, allocated, $"{allocated} bytes allocated");
    }

    [TestMethod]
    public void QuantilesOfAUniformStreamAreClose()
    {
        var summary = Summary(Uniform(1_000_000, seed: 5));

        Assert.IsFalse(summary.IsExact);
        foreach (var p in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
            Assert.AreEqual(p, summary.Quantile(p), 0.02, $"p = {p}");
        // The ends are the exact minimum and maximum, not the sample's.
        Assert.AreEqual(summary.Min, summary.Quantile(0));
        Assert.AreEqual(summary.Max, summary.Quantile(1));
        Assert.AreEqual(0.5, summary.Mean, 0.002);
        Assert.AreEqual(1.0 / 12, summary.Variance, 0.001);
    }

    [TestMethod]
    public void TheSameValuesInTheSameOrderGiveTheSameSample()
    {
        var first = Summary(Uniform(100_000, seed: 8));
        var second = Summary(Uniform(100_000, seed: 8));

        CollectionAssert.AreEqual(first.Sample.ToArray(), second.Sample.ToArray());
        foreach (var p in new[] { 0.05, 0.5, 0.95 }) Assert.AreEqual(first.Quantile(p), second.Quantile(p));
    }

    [TestMethod]
    public void ADifferentSeedSamplesDifferently()
    {
        var first = Summary(Uniform(100_000, seed: 8), seed: 1);
        var second = Summary(Uniform(100_000, seed: 8), seed: 2);
        CollectionAssert.AreNotEqual(first.Sample.ToArray(), second.Sample.ToArray());
    }

    [TestMethod]
    public void WhileExactOrderDoesNotChangeQuantilesOrHistogram()
    {
        var values = Uniform(1_000, seed: 4).ToArray();
        var shuffled = values.ToArray();
        new Random(9).Shuffle(shuffled);

        var first = Summary(values);
        var second = Summary(shuffled);

        foreach (var p in new[] { 0.0, 0.1, 0.33, 0.5, 0.9, 1.0 }) Assert.AreEqual(first.Quantile(p), second.Quantile(p));
        CollectionAssert.AreEqual(first.Histogram(7).Counts.ToArray(), second.Histogram(7).Counts.ToArray());
        Assert.AreEqual(first.Mean, second.Mean, 1e-12);
    }

    [TestMethod]
    public void SampledValuesKeepTheirTags()
    {
        var summary = new NumericSummary(sampleCapacity: 100);
        for (var i = 0; i < 10_000; i++) summary.Add(i * 0.5, tag: i);

        Assert.IsTrue(summary.Sample.All(s => s.Value == s.Tag * 0.5));
        Assert.AreEqual(100, summary.Sample.Select(s => s.Tag).Distinct().Count());
    }

    [TestMethod]
    public void ExactHistogramCountsEveryValue()
    {
        // [0, 10] in 5 bins of width 2: [0,2) holds 0 1 1.5; [2,4) holds 2; [8,10] holds 9.99 and 10.
        var histogram = Summary([0, 1, 1.5, 2, 9.99, 10]).Histogram(5);

        CollectionAssert.AreEqual(new[] { 0.0, 2, 4, 6, 8, 10 }, histogram.Edges.ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 1, 0, 0, 2 }, histogram.Counts.ToArray());
        Assert.IsTrue(histogram.IsExact);
        Assert.AreEqual(6, histogram.Total);
    }

    [TestMethod]
    public void SampledHistogramIsScaledToTheCount()
    {
        var summary = Summary(Uniform(1_000_000, seed: 6));
        var histogram = summary.Histogram(10);

        Assert.IsFalse(histogram.IsExact);
        Assert.AreEqual(summary.Count, histogram.Total);
        Assert.AreEqual(summary.Min, histogram.Edges[0]);
        Assert.AreEqual(summary.Max, histogram.Edges[^1]);
        // 100,000 expected per bin; a 10,000-value sample puts about 1,000 +- 30 in each, so 3% is 1 sd.
        foreach (var count in histogram.Counts) Assert.AreEqual(100_000.0, count, 12_000.0);
    }
}
