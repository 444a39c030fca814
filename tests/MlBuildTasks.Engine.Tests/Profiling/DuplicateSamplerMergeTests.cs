using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="DuplicateSampler.MergeFrom"/>: two ranges of a file tracked apart come together as one pass would track
/// them, each repeat across the ranges reported once with both first tags, and no repeat where there is none.
/// </summary>
[TestClass]
public sealed class DuplicateSamplerMergeTests
{
    /// <summary>Spread hashes of small integers, as a row hash would be (never 0, the one hash whose mix is 0).</summary>
    private static ulong HashOf(long i) => (ulong)(i + 1) * 0x9E3779B97F4A7C15UL;

    /// <summary>A sampler of <paramref name="values"/> (their hashes), tagged by their position in the whole file.</summary>
    private static DuplicateSampler Sample(IEnumerable<ulong> values, long firstTag = 0, int capacity = DuplicateSampler.DefaultCapacity)
    {
        var sampler = new DuplicateSampler(capacity);
        var tag = firstTag;
        foreach (var value in values) sampler.Add(value, tag++);
        return sampler;
    }

    /// <summary>Merges the part after <paramref name="split"/> into the part before it, noting each repeat across them.</summary>
    private static (DuplicateSampler Merged, List<(long Later, long Earlier)> Calls) Merged(ulong[] values, int split, int capacity = DuplicateSampler.DefaultCapacity)
    {
        var merged = Sample(values[..split], 0, capacity);
        var calls = new List<(long, long)>();
        merged.MergeFrom(Sample(values[split..], split, capacity), (later, earlier) => calls.Add((later, earlier)));
        return (merged, calls);
    }

    /// <summary>By hand: each value of the later part that the first part had, at its first tag in each.</summary>
    private static List<(long Later, long Earlier)> RepeatsAcross(ulong[] values, int split)
    {
        var first = new Dictionary<ulong, long>();
        for (var i = 0; i < split; i++) first.TryAdd(values[i], i);
        var seenLater = new HashSet<ulong>();
        var repeats = new List<(long, long)>();
        for (var i = split; i < values.Length; i++)
            if (seenLater.Add(values[i]) && first.TryGetValue(values[i], out var earlier)) repeats.Add((i, earlier));
        return repeats;
    }

    /// <summary>Values of which about <paramref name="repeatShare"/> repeat one before them (anywhere), the hash 0 among them.</summary>
    private static ulong[] Values(int count, double repeatShare, int seed)
    {
        var random = new Random(seed);
        var values = new ulong[count];
        var distinct = 0;
        for (var i = 0; i < count; i++)
            values[i] = i > 0 && random.NextDouble() < repeatShare ? values[random.Next(i)] : distinct++ == 3 ? 0 : HashOf(distinct);
        return values;
    }

    private static double TrueRepeatedShare(ulong[] values) => (values.Length - values.Distinct().Count()) / (double)values.Length;

    [TestMethod]
    [DataRow(1, 0.2, 500)]
    [DataRow(2, 0.2, 0)]
    [DataRow(3, 0.2, 3_000)]
    [DataRow(4, 0.05, 1_000)]
    [DataRow(5, 0.5, 2_999)]
    [DataRow(6, 0.0, 1_500)]
    public void UnderTheCapacityTheMergeIsWhatOnePassTracks(int seed, double repeatShare, int split)
    {
        var values = Values(3_000, repeatShare, seed);
        var (merged, calls) = Merged(values, split);
        var expected = Sample(values);

        Assert.IsTrue(merged.IsExact);
        Assert.AreEqual(expected.RepeatedFraction, merged.RepeatedFraction, 1e-12);
        Assert.AreEqual(TrueRepeatedShare(values), merged.RepeatedFraction, 1e-12);
        Assert.AreEqual(expected.FirstRepeatTag, merged.FirstRepeatTag);
        CollectionAssert.AreEqual(RepeatsAcross(values, split), calls);
    }

    [TestMethod]
    public void TheFirstRepeatIsTheFirstPartsOwnOrTheEarliestInTheLaterPart()
    {
        // 1 2 1 | 3 3 2: the first part's own repeat (tag 2) stays.
        Assert.AreEqual(2L, Merged([1, 2, 1, 3, 3, 2], 3).Merged.FirstRepeatTag);
        // 1 2 | 3 3 2: the later part's own repeat (tag 3) comes before its repeat of 2 (tag 4).
        var (merged, calls) = Merged([1, 2, 3, 3, 2], 2);
        Assert.AreEqual(3L, merged.FirstRepeatTag);
        CollectionAssert.AreEqual(new[] { (4L, 1L) }, calls);
        // 1 2 | 2 3 3 1: the repeat of 2 across the parts (tag 2) comes first; both repeats across are reported in order.
        (merged, calls) = Merged([1, 2, 2, 3, 3, 1], 2);
        Assert.AreEqual(2L, merged.FirstRepeatTag);
        CollectionAssert.AreEqual(new[] { (2L, 1L), (5L, 0L) }, calls);
    }

    [TestMethod]
    public void TheHashWhoseMixIsZeroRepeatsAcrossThePartsToo()
    {
        var (merged, calls) = Merged([5, 0, 6, 0, 7, 0], 3);
        CollectionAssert.AreEqual(new[] { (3L, 1L) }, calls);
        Assert.AreEqual(3L, merged.FirstRepeatTag);
        Assert.AreEqual(2.0 / 6, merged.RepeatedFraction, 1e-12);

        // Only in the later part: taken over as it is.
        (merged, calls) = Merged([5, 6, 0, 0], 2);
        Assert.IsEmpty(calls);
        Assert.AreEqual(3L, merged.FirstRepeatTag);
        Assert.AreEqual(1.0 / 4, merged.RepeatedFraction, 1e-12);
    }

    [TestMethod]
    [DataRow(100_000)]
    [DataRow(150_000)]
    [DataRow(190_000)]
    public void BeyondTheCapacityTheMergedShareIsFairAndWhatOnePassEstimates(int split)
    {
        // 200,000 values, one in ten a repeat of any value before it (in its own part or the other), capacity 4,096:
        // each part samples at its own level, and the merge at the higher one (and higher while over the capacity).
        const int Capacity = 4_096;
        var values = Values(200_000, 0.1, seed: split);
        var (merged, calls) = Merged(values, split, Capacity);
        var expected = Sample(values, capacity: Capacity);

        Assert.IsFalse(merged.IsExact);
        Assert.AreEqual(TrueRepeatedShare(values), merged.RepeatedFraction, 0.02);
        Assert.AreEqual(expected.RepeatedFraction, merged.RepeatedFraction, 1e-12, "the same values at the same level, with the same counts");
        Assert.IsNotEmpty(calls);
        var across = RepeatsAcross(values, split).ToHashSet();
        Assert.IsTrue(calls.All(across.Contains), "a repeat across the parts is a real one, with the right tags");
        CollectionAssert.AreEqual(calls.OrderBy(c => c.Later).ToList(), calls, "in the order of the later part's tags");
        Assert.AreEqual(expected.FirstRepeatTag, merged.FirstRepeatTag, "the first part has its own repeat early");
    }

    [TestMethod]
    public void ValuesWithoutRepeatsHaveNoneAfterAMerge()
    {
        var values = Enumerable.Range(0, 300_000).Select(i => HashOf(i)).ToArray();
        foreach (var (split, capacity) in new[] { (100_000, 4_096), (299_000, 4_096), (1_000, DuplicateSampler.DefaultCapacity), (150_000, 100) })
        {
            var (merged, calls) = Merged(values, split, capacity);
            Assert.AreEqual(0.0, merged.RepeatedFraction);
            Assert.IsNull(merged.FirstRepeatTag);
            Assert.IsEmpty(calls);
            Assert.IsFalse(merged.IsExact);
        }
    }

    [TestMethod]
    public void ThreePartsMergedInOrderAreWhatOnePassTracks()
    {
        var values = Values(6_000, 0.3, seed: 9);
        var merged = Sample(values[..1_000], 0, capacity: 2_000);
        merged.MergeFrom(Sample(values[1_000..2_500], 1_000, capacity: 2_000));
        merged.MergeFrom(Sample(values[2_500..], 2_500, capacity: 2_000));
        var expected = Sample(values, capacity: 2_000);

        Assert.AreEqual(expected.IsExact, merged.IsExact);
        Assert.AreEqual(expected.RepeatedFraction, merged.RepeatedFraction, 1e-12);
        Assert.AreEqual(expected.FirstRepeatTag, merged.FirstRepeatTag);
    }

    [TestMethod]
    public void ItselfIsRejected()
    {
        var sampler = Sample([1, 2, 3]);
        Assert.ThrowsExactly<ArgumentException>(() => sampler.MergeFrom(sampler));
    }
}
