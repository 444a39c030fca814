using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Artifacts;

/// <summary>A model input column: its name as the data has it, its name in the model, and its types.</summary>
public sealed record InputColumn(string Name, string ModelColumn, ColumnType Kind, string DataType);

/// <summary>
/// <c>&lt;Model&gt;.metrics.json</c>: what was trained and how well it did. Schema version 1. Classification adds the
/// test part's confusion matrix (and, multiclass, each class's precision and recall); a spec with <c>slices</c> adds
/// the metrics of each slice. Error analysis adds each input column's permutation importance (the drop of
/// <see cref="FeatureImportanceMetric"/>) and the worst-predicted test rows. <see cref="Performance"/> is the saved model's size, load time,
/// latency, throughput and memory, measured in this run (timings vary run to run; they are never compared for determinism).
/// <see cref="Baseline"/> is what change gates compared with; a baseline model was evaluated on this run's test part, giving
/// <see cref="BaselineMetrics"/> (its metrics and performance figures) and <see cref="BaselineSlices"/>, which a run that
/// reuses this one judges again. <see cref="Onnx"/> is the spec's ONNX export and its parity with the ML.NET model.
/// </summary>
public sealed record MetricsDocument(
    int SchemaVersion,
    string Model,
    ModelTask Task,
    string Trainer,
    int Seed,
    int TrainRows,
    int TestRows,
    IReadOnlyDictionary<string, double?> Metrics,
    IReadOnlyList<GateResult> Gates,
    bool GatesPassed,
    string Label,
    IReadOnlyList<InputColumn> Inputs,
    double TrainingSeconds,
    IReadOnlyDictionary<string, double?>? Parameters = null,
    IReadOnlyDictionary<string, ClassMetrics>? PerClass = null,
    ConfusionMatrixCounts? ConfusionMatrix = null,
    IReadOnlyList<SliceResult>? Slices = null,
    string? FeatureImportanceMetric = null,
    IReadOnlyList<ColumnImportance>? FeatureImportance = null,
    IReadOnlyList<WorstPrediction>? WorstPredictions = null,
    PerformanceReport? Performance = null,
    BaselineOrigin? Baseline = null,
    IReadOnlyDictionary<string, double?>? BaselineMetrics = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>? BaselineSlices = null,
    OnnxReport? Onnx = null)
{
    public const int CurrentSchemaVersion = 1;
}
