using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>A metric the engine reports, by the name the spec and metrics.json use.</summary>
public sealed record MetricDefinition(string Name, bool HigherIsBetter, string Description);

/// <summary>The standard metrics of each task (ML.NET's evaluators), in the order reports show them.</summary>
public static class MetricCatalog
{
    private static readonly Dictionary<ModelTask, MetricDefinition[]> ByTask = new()
    {
        [ModelTask.BinaryClassification] =
        [
            new("auc", true, "area under the ROC curve"),
            new("auprc", true, "area under the precision-recall curve"),
            new("accuracy", true, "fraction of test rows predicted correctly"),
            new("f1", true, "harmonic mean of precision and recall"),
            new("precision", true, "positive predictive value"),
            new("recall", true, "true positive rate"),
            new("log-loss", false, "log-loss of the predicted probabilities"),
        ],
        [ModelTask.MulticlassClassification] =
        [
            new("micro-accuracy", true, "fraction of test rows predicted correctly"),
            new("macro-accuracy", true, "accuracy averaged over classes"),
            new("log-loss", false, "log-loss of the predicted probabilities"),
            new("log-loss-reduction", true, "improvement of log-loss over the class prior"),
        ],
        [ModelTask.AnomalyDetection] =
        [
            new("auc", true, "area under the ROC curve of the anomaly score against the label"),
            new("detection-rate", true, "share of the test part's anomalies among its rows scored most anomalous, up to 10 false positives"),
        ],
        [ModelTask.Regression] =
        [
            new("r-squared", true, "coefficient of determination"),
            new("rmse", false, "root mean squared error"),
            new("mae", false, "mean absolute error"),
            new("mse", false, "mean squared error"),
        ],
    };

    /// <summary>
    /// The saved model's performance as a program (<see cref="ModelPerformance"/>), the same for every task. Gateable like
    /// the task's metrics, but never optimised by a search nor compared by the determinism check: timings vary run to run.
    /// </summary>
    public static IReadOnlyList<MetricDefinition> Performance { get; } =
    [
        new(ModelPerformance.ModelSizeBytes, false, "size of the saved model zip in bytes"),
        new(ModelPerformance.LoadTimeMs, false, "milliseconds to load the saved model (MLContext.Model.Load), median of 3 after a warm-up load"),
        new(ModelPerformance.LatencyP50Ms, false, "median milliseconds to predict one test row, after a warm-up"),
        new(ModelPerformance.LatencyP95Ms, false, "95th percentile of the one-row prediction time in milliseconds"),
        new(ModelPerformance.LatencyP99Ms, false, "99th percentile of the one-row prediction time in milliseconds"),
        new(ModelPerformance.ThroughputRowsPerSecond, true, "test rows scored per second in a batch (Transform over the test part, every prediction read)"),
        new(ModelPerformance.MemoryBytes, false, "managed memory the loaded model holds: GC.GetTotalMemory(true) after the load minus before"),
    ];

    public static IReadOnlyList<MetricDefinition> For(ModelTask task) => ByTask[task];

    /// <summary>What a gate can check: the task's metrics, then the performance figures.</summary>
    public static IReadOnlyList<MetricDefinition> Gateable(ModelTask task) => [.. ByTask[task], .. Performance];

    public static MetricDefinition? FindGateable(ModelTask task, string name) => Gateable(task).FirstOrDefault(m => m.Name == name);

    public static bool IsPerformance(string name) => Performance.Any(m => m.Name == name);

    public static MetricDefinition? Find(ModelTask task, string name) => ByTask[task].FirstOrDefault(m => m.Name == name);
}
