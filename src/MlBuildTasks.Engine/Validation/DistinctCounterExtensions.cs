using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Validation;

internal static class DistinctCounterExtensions
{
    /// <summary>Adds a value; false when it was seen before (known exactly while the counter is exact, else assumed new).</summary>
    public static bool AddIsNew(this DistinctCounter counter, ulong hash, long tag)
    {
        if (!counter.IsExact)
        {
            counter.Add(hash, tag);
            return true;
        }

        var before = counter.Estimate;
        counter.Add(hash, tag);
        return !counter.IsExact || counter.Estimate > before;
    }
}
