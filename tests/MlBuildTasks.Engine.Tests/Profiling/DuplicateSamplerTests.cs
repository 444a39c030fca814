using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Tests.Profiling;

[TestClass]
public sealed class DuplicateSamplerTests
{
    [TestMethod]
    public void WhileSmallEveryRepeatIsFoundWithTheTagOfTheFirst()
    {
        var sampler = new DuplicateSampler();

        Assert.IsTrue(sampler.Add(1, tag: 10));
        Assert.IsTrue(sampler.Add(2, tag: 11));
        Assert.IsFalse(sampler.Add(1, tag: 12));
        Assert.IsTrue(sampler.Add(3, tag: 13));
        Assert.IsFalse(sampler.Add(2, tag: 14));
        Assert.IsFalse(sampler.Add(1, tag: 15));

        Assert.IsTrue(sampler.IsExact);
        Assert.AreEqual(12L, sampler.FirstRepeatTag);
        Assert.AreEqual(3.0 / 6, sampler.RepeatedFraction, 1e-12);
    }

    [TestMethod]
    public void NothingAddedHasNoRepeats()
    {
        var sampler = new DuplicateSampler();
        Assert.AreEqual(0.0, sampler.RepeatedFraction);
        Assert.IsNull(sampler.FirstRepeatTag);
        Assert.IsTrue(sampler.IsExact);
    }

    [TestMethod]
    public void DistinctValuesFarBeyondTheCapacityNeverRepeat()
    {
        var sampler = new DuplicateSampler(capacity: 100);
        for (ulong i = 0; i < 50_000; i++) Assert.IsTrue(sampler.Add(i * 7919));

        Assert.IsFalse(sampler.IsExact);
        Assert.AreEqual(0.0, sampler.RepeatedFraction);
        Assert.IsNull(sampler.FirstRepeatTag);
    }

    [TestMethod]
    public void BeyondTheCapacityTheRepeatedShareIsEstimatedFromTheSample()
    {
        var sampler = new DuplicateSampler(capacity: 1000);
        var found = 0;
        // 40,000 values, each twice, the second time 10 values later: half of all 80,000 are repeats.
        for (ulong i = 0; i < 40_010; i++)
        {
            if (i < 40_000 && !sampler.Add(i)) found++;
            if (i >= 10 && !sampler.Add(i - 10)) found++;
        }

        Assert.IsFalse(sampler.IsExact);
        Assert.AreEqual(0.5, sampler.RepeatedFraction, 0.05);
        Assert.IsGreaterThan(0, found);
        Assert.IsLessThan(40_000, found, "untracked repeats are not seen");
    }

    [TestMethod]
    public void ARepeatIsAlwaysARealOne()
    {
        var sampler = new DuplicateSampler(capacity: 50);
        var seen = new HashSet<ulong>();
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var value = (ulong)random.Next(0, 5_000);
            var isNew = sampler.Add(value);
            if (!isNew) Assert.Contains(value, seen, $"{value} reported as a repeat before it was added");
            seen.Add(value);
        }
    }
}
