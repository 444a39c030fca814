namespace MlBuildTasks.Engine.Artifacts;

/// <summary>
/// <c>&lt;Model&gt;.trials.json</c>: the search's leaderboard. Every trial with its trainer, hyperparameters, the
/// cross-validated score (mean and standard deviation over folds), the share of the training rows it was
/// scored on (successive halving scores early rounds on subsets) and its time; best first.
/// </summary>
public sealed record TrialsDocument(
    int SchemaVersion,
    string Model,
    string Metric,
    bool HigherIsBetter,
    string Search,
    int Folds,
    string? GroupBy,
    int Best,
    double Seconds,
    IReadOnlyList<TrialRecord> Trials)
{
    public const int CurrentSchemaVersion = 1;
}

public sealed record TrialRecord(
    int Id,
    string Trainer,
    IReadOnlyDictionary<string, double?> Parameters,
    int Round,
    double DataFraction,
    double? Mean,
    double? StdDev,
    IReadOnlyList<double?> FoldScores,
    double Seconds,
    string? Error);
