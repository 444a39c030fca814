using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Reports;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Reports;

/// <summary>Report inputs written by hand: a run with a failed gate, slices whose names come from the data (one of them hostile), and data checks.</summary>
internal static class ReportSamples
{
    public const string Hostile = "<script>alert(1)</script>";

    public static MetricsDocument Binary(IReadOnlyList<GateResult>? gates = null) => new(
        MetricsDocument.CurrentSchemaVersion, "Churn", ModelTask.BinaryClassification, "fast-tree", 1, 240, 60,
        new Dictionary<string, double?> { ["auc"] = 0.91, ["accuracy"] = 0.85, ["f1"] = null },
        gates ?? [new GateResult("auc", 0.91, 0.8, null, true), new GateResult("accuracy", 0.85, 0.9, null, false)],
        GatesPassed: false, "Churned", [new InputColumn("Plan", "Plan", ColumnType.Category, "text")], 1.5,
        ConfusionMatrix: new ConfusionMatrixCounts(["true", "false"], [[20, 5], [4, 31]]),
        Slices: [new SliceResult("Plan", "Plan=basic", 30, new Dictionary<string, double?> { ["auc"] = 0.88 }),
                 new SliceResult("Plan", "Plan=" + Hostile, 30, new Dictionary<string, double?> { ["auc"] = 0.93 })],
        FeatureImportanceMetric: "auc",
        FeatureImportance: [new ColumnImportance("Usage", 0.31, 0.02), new ColumnImportance("Plan", -0.001, 0.003)]);

    public static MetricsDocument Regression() => new(
        MetricsDocument.CurrentSchemaVersion, "Prices", ModelTask.Regression, "sdca", 1, 160, 40,
        new Dictionary<string, double?> { ["r-squared"] = 0.97, ["rmse"] = 4.2 }, [], GatesPassed: true, "Price",
        [new InputColumn("Size", "Size", ColumnType.Number, "number")], 0.7,
        FeatureImportanceMetric: "r-squared", FeatureImportance: [new ColumnImportance("Size", 0.9, 0.01)]);

    public static MetricsDocument Multiclass() => new(
        MetricsDocument.CurrentSchemaVersion, "Sizes", ModelTask.MulticlassClassification, "lbfgs-maximum-entropy", 1, 160, 40,
        new Dictionary<string, double?> { ["micro-accuracy"] = 0.9 }, [], GatesPassed: true, "Size",
        [new InputColumn("Width", "Width", ColumnType.Number, "number")], 0.7,
        ConfusionMatrix: new ConfusionMatrixCounts(["S", "M", "L"], [[10, 1, 0], [2, 12, 1], [0, 0, 14]]));

    public static ValidationDocument Validation() => new(ValidationDocument.CurrentSchemaVersion, "Churn", true, 300, null,
        [new CheckResult("not-null", "Plan", "MLB2001", CheckSeverity.Error, 300, 0, 1, true),
         new CheckResult("range", Hostile, "MLB2002", CheckSeverity.Warning, 300, 3, 1, false)], []);

    public static ReportCurves BinaryCurves() => new(
        [new(0, 0), new(0.1, 0.6), new(0.3, 0.9), new(1, 1)], [new(0.6, 0.95), new(0.9, 0.8), new(1, 0.5)], null);

    public static ReportCurves RegressionCurves() => new(null, null, [new(100, 2), new(200, -3), new(300, 1)]);

    public static BaselineMetrics Baseline() => new("/repo/baseline/Churn.metrics.json", new Dictionary<string, double?> { ["auc"] = 0.93, ["accuracy"] = 0.86, ["f1"] = 0.8 });
}
