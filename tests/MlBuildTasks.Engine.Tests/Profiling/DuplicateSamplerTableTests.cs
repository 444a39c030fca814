using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

/// <summary>
/// <see cref="DuplicateSampler"/>'s open-addressing table at its default capacity: exact while under it (through the
/// table's growth), a fair estimate beyond it, and never a repeat that is not one.
/// </summary>
[TestClass]
public sealed class DuplicateSamplerTableTests
{
    /// <summary>Spread hashes of small integers, as a row hash would be (the sampler mixes them again anyway).</summary>
    private static ulong HashOf(long i) => (ulong)(i + 1) * 0x9E3779B97F4A7C15UL;

    [TestMethod]
    public void UnderTheCapacityEveryAddSaysExactlyWhetherItIsARepeat()
    {
        var sampler = new DuplicateSampler();
        var seen = new HashSet<ulong>();
        var random = new Random(1);
        long added = 0, repeats = 0;
        long? firstRepeat = null;
        // 60,000 distinct values among 150,000 adds: the table grows from 1,024 slots to 131,072 on the way.
        for (long tag = 0; tag < 150_000; tag++)
        {
            var hash = HashOf(random.Next(60_000));
            var isNew = seen.Add(hash);
            if (!isNew)
            {
                repeats++;
                firstRepeat ??= tag;
            }

            added++;
            var reported = sampler.Add(hash, tag);
            if (reported != isNew) Assert.Fail($"Add #{tag} ({hash:X16}) said new={reported}, but it is {(isNew ? "new" : "a repeat")}");
        }

        Assert.IsTrue(sampler.IsExact);
        Assert.IsLessThanOrEqualTo(DuplicateSampler.DefaultCapacity, seen.Count);
        Assert.AreEqual(firstRepeat, sampler.FirstRepeatTag);
        Assert.AreEqual((double)repeats / added, sampler.RepeatedFraction, 1e-12);
    }

    [TestMethod]
    public void ExactlyTheCapacityIsStillExactAndOneMoreStartsSampling()
    {
        var sampler = new DuplicateSampler();
        Assert.AreEqual(65_536, sampler.Capacity);
        for (long i = 0; i < DuplicateSampler.DefaultCapacity; i++) Assert.IsTrue(sampler.Add(HashOf(i), i));
        Assert.IsTrue(sampler.IsExact);
        Assert.IsNull(sampler.FirstRepeatTag);

        // Every one of them again: all found, the first at its tag.
        for (long i = 0; i < DuplicateSampler.DefaultCapacity; i++)
            if (sampler.Add(HashOf(i), 100_000 + i)) Assert.Fail($"Value {i} added again was not seen as a repeat");
        Assert.IsTrue(sampler.IsExact);
        Assert.AreEqual(100_000L, sampler.FirstRepeatTag);
        Assert.AreEqual(0.5, sampler.RepeatedFraction, 1e-12);

        Assert.IsTrue(sampler.Add(HashOf(-2), 1));
        Assert.IsFalse(sampler.IsExact);
        Assert.AreEqual(100_000L, sampler.FirstRepeatTag, "the first repeat stays the first");
        Assert.AreEqual(0.5, sampler.RepeatedFraction, 0.02, "the sample keeps the share");
    }

    [TestMethod]
    public void TheFirstRepeatTagIsTheTagOfTheFirstRepeatNotOfTheValueItRepeats()
    {
        var sampler = new DuplicateSampler();
        for (long i = 0; i < 5_000; i++) sampler.Add(HashOf(i), tag: i);
        Assert.IsNull(sampler.FirstRepeatTag);
        Assert.IsFalse(sampler.Add(HashOf(1_234), tag: 9_001));
        Assert.IsFalse(sampler.Add(HashOf(7), tag: 9_002));
        Assert.AreEqual(9_001L, sampler.FirstRepeatTag);
    }

    [TestMethod]
    public void TheHashWhoseMixIsZeroIsCountedLikeAnyOther()
    {
        // SplitMix64's finalizer maps 0 to 0, the table's mark of an empty slot: that value is counted on the side.
        var sampler = new DuplicateSampler();
        Assert.IsTrue(sampler.Add(0, tag: 1));
        Assert.IsTrue(sampler.Add(5, tag: 2));
        Assert.IsFalse(sampler.Add(0, tag: 3));
        Assert.IsFalse(sampler.Add(0, tag: 4));
        Assert.AreEqual(3L, sampler.FirstRepeatTag);
        Assert.AreEqual(2.0 / 4, sampler.RepeatedFraction, 1e-12);
    }

    [TestMethod]
    public void BeyondTheCapacityTheRepeatedShareIsEstimatedWithinAFewPercent()
    {
        var sampler = new DuplicateSampler();
        var random = new Random(2026);
        var distinct = new List<ulong>();
        long repeats = 0;
        const int Values = 300_000;
        for (var i = 0; i < Values; i++)
        {
            // One value in ten repeats an earlier one (any of them), the rest are new.
            ulong hash;
            if (distinct.Count > 0 && random.NextDouble() < 0.1)
            {
                hash = distinct[random.Next(distinct.Count)];
                repeats++;
            }
            else
            {
                hash = HashOf(distinct.Count);
                distinct.Add(hash);
            }

            sampler.Add(hash, i);
        }

        var share = (double)repeats / Values;
        Assert.IsFalse(sampler.IsExact, $"{distinct.Count} distinct values are beyond the capacity");
        Assert.AreEqual(0.1, share, 0.005);
        Assert.AreEqual(share, sampler.RepeatedFraction, 0.01, $"estimated {sampler.RepeatedFraction:P2}, actual {share:P2}");
        Assert.IsNotNull(sampler.FirstRepeatTag);
    }

    [TestMethod]
    public void DistinctValuesFarBeyondTheDefaultCapacityNeverRepeat()
    {
        var sampler = new DuplicateSampler();
        for (long i = 0; i < 300_000; i++)
            if (!sampler.Add(HashOf(i), i)) Assert.Fail($"Distinct value {i} was reported as a repeat");

        Assert.IsFalse(sampler.IsExact);
        Assert.AreEqual(0.0, sampler.RepeatedFraction);
        Assert.IsNull(sampler.FirstRepeatTag);
    }

    [TestMethod]
    public void SequentialHashesBeyondTheCapacityNeverRepeatEither()
    {
        // Weak hashes (0, 1, 2, ...) still sample evenly and never collide with each other.
        var sampler = new DuplicateSampler();
        for (ulong i = 0; i < 200_000; i++)
            if (!sampler.Add(i)) Assert.Fail($"Distinct value {i} was reported as a repeat");
        Assert.AreEqual(0.0, sampler.RepeatedFraction);
    }
}
