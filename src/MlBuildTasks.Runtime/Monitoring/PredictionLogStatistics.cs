namespace MlBuildTasks.Runtime;

/// <summary>
/// What a <see cref="PredictionLog"/> did with the sampled predictions so far: every one is, or will be, exactly one of
/// <see cref="Written"/>, <see cref="Dropped"/> or <see cref="Failed"/>; <see cref="Queued"/> are still waiting.
/// </summary>
/// <param name="Written">Records written to a log file (whole lines, flushed to the operating system).</param>
/// <param name="Dropped">Records not queued because the queue was full (or the log closed): the prediction went on without waiting.</param>
/// <param name="Failed">Records lost to an error of the writer (the folder or disk refused them); <see cref="PredictionLog.LastError"/> says why.</param>
/// <param name="Queued">Records waiting for the writer now.</param>
public readonly record struct PredictionLogStatistics(long Written, long Dropped, long Failed, int Queued);
