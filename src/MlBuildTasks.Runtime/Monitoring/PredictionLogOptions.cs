namespace MlBuildTasks.Runtime;

/// <summary>
/// The prediction log of a generated predictor (<see cref="ModelOptions.Log"/>): each sampled prediction's inputs and
/// outputs, written in the background as JSON Lines (docs/monitoring.md#prediction-log-format) so a prediction never
/// waits for the disk nor fails because of it.
/// </summary>
public sealed class PredictionLogOptions
{
    /// <summary>The default <see cref="QueueCapacity"/>.</summary>
    public const int DefaultQueueCapacity = 10_000;

    /// <summary>The default <see cref="MaxFileBytes"/>: 64 MB.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The default <see cref="MaxFiles"/>.</summary>
    public const int DefaultMaxFiles = 100;

    /// <summary>
    /// The folder of the log files (created when the first record is written; a relative path is resolved against the
    /// current directory when the model loads). Required. One folder per app instance: <see cref="MaxFiles"/> counts
    /// every file of the model in it.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// The share of predictions logged, 0 to 1 (default 1: all). Sampling is a deterministic hash of the prediction id,
    /// so it costs no lock and a given id is always in or out (docs/monitoring.md#sampling).
    /// </summary>
    public double SampleRate { get; set; } = 1;

    /// <summary>
    /// Inputs never written (personal data), named as the signature writes them (<c>"Customer name"</c>, not the C#
    /// property). A name the signature does not have is an <see cref="ArgumentException"/> when the model loads.
    /// </summary>
    public ICollection<string> ExcludedColumns { get; set; } = [];

    /// <summary>
    /// How many records may wait for the writer (default 10,000). When the queue is full a prediction's record is
    /// dropped and counted (<see cref="PredictionLogStatistics.Dropped"/>): the prediction itself never waits.
    /// </summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;

    /// <summary>
    /// The size at which the writer starts a new file (default 64 MB). A file never exceeds it, except one holding a
    /// single longer record: records are never split across files.
    /// </summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>How many prediction files of the model are kept in <see cref="Directory"/>; starting a new one deletes the oldest beyond it (default 100).</summary>
    public int MaxFiles { get; set; } = DefaultMaxFiles;

    /// <summary>Tests: opens a log file (instead of a <see cref="FileStream"/>), to slow or fail the writer.</summary>
    internal Func<string, Stream>? OpenFile { get; set; }

    /// <summary>The options checked against the model's signature, with the directory made absolute.</summary>
    internal PredictionLogOptions Validated(ModelSignature signature)
    {
        if (string.IsNullOrWhiteSpace(Directory))
            throw new ArgumentException("The prediction log needs a Directory (ModelOptions.Log.Directory).", nameof(ModelOptions.Log));
        if (double.IsNaN(SampleRate) || SampleRate is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The prediction log's SampleRate is a share from 0 to 1.");
        if (QueueCapacity < 1)
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "The prediction log's QueueCapacity must be at least 1.");
        if (MaxFileBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "The prediction log's MaxFileBytes must be at least 1.");
        if (MaxFiles < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFiles), MaxFiles, "The prediction log's MaxFiles must be at least 1.");

        var names = signature.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var excluded = (ExcludedColumns ?? []).ToList();
        foreach (var column in excluded.Where(c => c is null || !names.Contains(c)))
            throw new ArgumentException(
                $"The prediction log excludes column '{column}', which model '{signature.Model}' does not have. Its inputs are: " +
                string.Join(", ", signature.Inputs.Select(i => $"'{i.Name}'")) + ".", nameof(ExcludedColumns));

        return new PredictionLogOptions
        {
            Directory = Path.GetFullPath(Directory),
            SampleRate = SampleRate,
            ExcludedColumns = excluded.ToHashSet(StringComparer.Ordinal),
            QueueCapacity = QueueCapacity,
            MaxFileBytes = MaxFileBytes,
            MaxFiles = MaxFiles,
            OpenFile = OpenFile,
        };
    }
}
