namespace MlBuildTasks.Engine.Validation;

/// <summary>How data checks report: cells listed per failing check, and whether warnings fail the build.</summary>
public sealed record ValidationOptions(int MaxListedPerCheck = ValidationOptions.DefaultMaxListedPerCheck, bool WarningsAsErrors = false)
{
    public const int DefaultMaxListedPerCheck = 10;

    /// <summary>A CSV file from this size on is read and checked as two halves, one per core (see <see cref="ParallelCsvScan"/>).</summary>
    public const long DefaultParallelScanMinBytes = 32L * 1024 * 1024;

    /// <summary>The smallest CSV file read in two parts at once; tests lower it to run small files that way.</summary>
    public long ParallelScanMinBytes { get; init; } = DefaultParallelScanMinBytes;
}
