namespace MlBuildTasks.Runtime;

/// <summary>
/// One queued prediction: its id and time, the row the predictor built (a fresh object, so the caller cannot change
/// it), a copy of the output and the input's issues; serialised on the writer's thread. A record with
/// <see cref="Flushed"/> set is a flush request instead.
/// </summary>
internal readonly record struct PredictionRecord(
    string Id, DateTimeOffset Time, object? Row, object? Output, IReadOnlyList<InputIssue>? Issues, TaskCompletionSource? Flushed = null);
