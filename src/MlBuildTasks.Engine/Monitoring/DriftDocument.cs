using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Monitoring.Drift;

namespace MlBuildTasks.Engine.Monitoring;

/// <summary>What production data was read: log files, records, lines that were not records.</summary>
public sealed record DriftCurrent(string Logs, long Files, long Records, long MalformedLines, string? FirstMalformed);

/// <summary>What it was compared with: the model, where its profile came from, the released version, the training rows.</summary>
public sealed record DriftReferenceInfo(string Model, string Source, string? Version, long Rows);

/// <summary>
/// One column's verdict: the distribution test (<see cref="Drift"/>) and the spec's limits on the missing-value rate and
/// unseen categories. <see cref="Drifted"/> when any of them is over its limit.
/// </summary>
public sealed record ColumnVerdict(ColumnDrift Drift, double MaxMissingIncrease, bool MissingRose, double MaxUnseen, bool TooManyUnseen)
{
    public bool Drifted => Drift.Drifted || MissingRose || TooManyUnseen;
}

/// <summary>Live metrics: production rows whose ground truth came back, their metrics, and the monitoring gates on them.</summary>
public sealed record LiveMetricsDocument(string Feedback, long FeedbackLabels, int JoinedRows, IReadOnlyDictionary<string, double?> Metrics,
    IReadOnlyList<GateResult> Gates, string? Note = null);

/// <summary>
/// <c>&lt;Model&gt;.drift.json</c>: the drift check's result (docs/monitoring.md). <see cref="Retrain"/> is the decision a
/// scheduled job branches on, with its <see cref="Reasons"/>: the dataset drifted, or a live-metric gate was missed.
/// </summary>
public sealed record DriftDocument(
    int SchemaVersion,
    string Model,
    DriftReferenceInfo Reference,
    DriftCurrent Current,
    IReadOnlyList<ColumnVerdict> Columns,
    ColumnVerdict? Prediction,
    DatasetDrift Dataset,
    LiveMetricsDocument? Live,
    bool Retrain,
    IReadOnlyList<string> Reasons)
{
    public const int CurrentSchemaVersion = 1;
}
