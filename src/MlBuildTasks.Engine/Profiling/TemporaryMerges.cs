namespace MlBuildTasks.Engine.Profiling;

// TEMPORARY (to be replaced by the real merges): lets the split scan be built and timed.
internal static class TemporaryMerges
{
    public static void MergeFrom(this NumericSummary a, NumericSummary b) { }
    public static void MergeFrom(this CategoryCounter a, CategoryCounter b) { }
    public static void MergeFrom(this DuplicateSampler a, DuplicateSampler b, Action<long, long>? cross = null) { }
}
