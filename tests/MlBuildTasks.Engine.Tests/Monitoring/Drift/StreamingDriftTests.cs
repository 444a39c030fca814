using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Tests.Monitoring.Drift;

/// <summary>
/// A million current values: the accumulators' state does not grow with them (its size is the same after the first
/// thousands as after a million) and adding allocates nothing per value. No timing is asserted.
/// </summary>
[TestClass]
public sealed class StreamingDriftTests
{
    private const int Values = 1_000_000;

    /// <summary>Far less than one byte per value: a kept value would cost at least 8 bytes, 8 MB in all.</summary>
    private const long AllocationAllowance = 64 * 1024;

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void NumericStateIsConstant(bool smallReference)
    {
        var profile = DriftProfiles.Number(DriftProfiles.Normal(smallReference ? 1000 : 5000, 0, 1, 1));
        var drift = new NumericDrift(profile);
        Assert.AreEqual(smallReference ? DriftTest.KolmogorovSmirnov : DriftTest.Wasserstein, drift.Test);
        var random = new Random(2);

        for (var i = 0; i < 1000; i++) drift.Add(random.NextDouble() * 8 - 4);
        var stateAfterThousand = drift.StateSize;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1000; i < Values; i++) drift.Add(i % 97 == 0 ? double.NaN : random.NextDouble() * 8 - 4);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.AreEqual(stateAfterThousand, drift.StateSize);
        Assert.IsLessThan(AllocationAllowance, allocated);
        var result = drift.Result();
        Assert.AreEqual((long)Values, result.CurrentCount);
        Assert.IsTrue(result.Drifted); // uniform on [-4, 4] is not N(0, 1)
    }

    [TestMethod]
    public void CategoryStateIsCappedAndConstant()
    {
        // A complete reference of two values; the stream cycles through a, b and 20,000 distinct unseen values, of
        // which 10,000 (the cap) get counts of their own.
        var drift = new CategoryDrift(DriftProfiles.HalfAndHalf(5000));
        var unseen = Enumerable.Range(0, 20_000).Select(i => $"new-{i}").ToArray();
        for (var i = 0; i < unseen.Length; i++) drift.Add(unseen[i]);
        var stateAfterFill = drift.StateSize;
        Assert.AreEqual(2 + CategoryDrift.DefaultMaxUnseenValues, stateAfterFill);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = unseen.Length; i < Values; i++)
            drift.Add((i % 4) switch { 0 => "a", 1 => "b", 2 => null, _ => unseen[i % unseen.Length] });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.AreEqual(stateAfterFill, drift.StateSize);
        Assert.IsLessThan(AllocationAllowance, allocated);
        var result = drift.Result();
        Assert.AreEqual((long)Values, result.CurrentCount);
        // Non-missing: 20,000 + 3 * 245,000 = 755,000, of which unseen 20,000 + 245,000 = 265,000.
        Assert.AreEqual(265_000.0 / 755_000, result.UnseenRate!.Value, 1e-12);
        Assert.IsNotNull(result.Note);
    }
}
