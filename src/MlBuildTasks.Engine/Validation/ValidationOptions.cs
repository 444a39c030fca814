namespace MlBuildTasks.Engine.Validation;

/// <summary>How data checks report: cells listed per failing check, and whether warnings fail the build.</summary>
public sealed record ValidationOptions(int MaxListedPerCheck = ValidationOptions.DefaultMaxListedPerCheck, bool WarningsAsErrors = false)
{
    public const int DefaultMaxListedPerCheck = 10;

    /// <summary>A CSV file from this size on is read and checked as parts at once, a thread per part up to the cores (see <see cref="ParallelCsvScan"/>).</summary>
    public const long DefaultParallelScanMinBytes = 32L * 1024 * 1024;

    /// <summary>The smallest CSV file read in parts at once; tests lower it to run small files that way.</summary>
    public long ParallelScanMinBytes { get; init; } = DefaultParallelScanMinBytes;

    /// <summary>How many parts such a file is cut into; null: by its size (<see cref="ParallelCsvScan"/>). Tests cut small files into many.</summary>
    public int? ParallelScanParts { get; init; }

    /// <summary>How many threads read the parts; null: one per core, at most one per part. Tests read many parts on one.</summary>
    public int? ParallelScanThreads { get; init; }
}
