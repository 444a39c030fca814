using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// What the test part says about a model: its metrics, its confusion matrix and per-class metrics (classification), its
/// slices, and (error analysis, when asked for) the importance of each input column, the worst-predicted rows and
/// the report's chart points.
/// </summary>
public sealed record TestEvaluation(IReadOnlyDictionary<string, double> Metrics, ClassBreakdown? Classes, IReadOnlyList<SliceResult> Slices,
    IReadOnlyList<ColumnImportance>? FeatureImportance = null, IReadOnlyList<WorstPrediction>? WorstPredictions = null,
    Reports.ReportCurves? Curves = null);

/// <summary>
/// Scores the test part and computes the task's standard metrics with ML.NET's evaluators, by the names in
/// <see cref="MetricCatalog"/>. A metric that is undefined on this data (such as F1 with no predicted
/// positives) is NaN.
/// </summary>
public static class ModelEvaluator
{
    /// <summary>The task's metrics on <paramref name="test"/> (a cross-validation fold or the test part).</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, TrainedModel model, IDataView test, ModelTask task) =>
        WholePart(() => Measure(ml, Score(model, test), task).Metrics);

    /// <summary>
    /// The test part's metrics, class breakdown and <paramref name="slices"/> (whose group columns <paramref name="test"/>
    /// carries, see <see cref="SliceGroups.Column"/>). The test part is scored once: the slices filter the scored rows.
    /// </summary>
    public static TestEvaluation EvaluateTest(MLContext ml, TrainedModel model, IDataView test, ModelTask task, string? positiveClass, IReadOnlyList<SliceGroups> slices)
    {
        // Cached in memory so that each slice reads the scored rows instead of scoring them again.
        var predictions = ml.Data.Cache(Score(model, test));
        var (metrics, matrix) = WholePart(() => Measure(ml, predictions, task));
        var classes = matrix is null ? null
            : task == ModelTask.MulticlassClassification ? ClassBreakdown.Multiclass(matrix, predictions)
            : ClassBreakdown.Binary(matrix, positiveClass);
        return new TestEvaluation(metrics, classes, SliceEvaluator.Evaluate(ml, predictions, task, slices));
    }

    internal static IDataView Score(TrainedModel model, IDataView test) => model.Scorer.Transform(model.PrepareLabels(test));

    private static T WholePart<T>(Func<T> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (ArgumentOutOfRangeException ex) when (IsOneClassAuc(ex))
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.TrainingTooFewRows,
                "The test part has only one class, so AUC is undefined. Add rows of the missing class or raise 'testFraction'."));
        }
    }

    /// <summary>ML.NET's evaluators refuse to compute anything when AUC is undefined: all rows of one class.</summary>
    internal static bool IsOneClassAuc(ArgumentOutOfRangeException ex) => ex.Message.Contains("AUC", StringComparison.OrdinalIgnoreCase);

    /// <summary>The task's metrics of scored rows, and ML.NET's confusion matrix for classification.</summary>
    internal static (Dictionary<string, double> Metrics, ConfusionMatrix? Matrix) Measure(MLContext ml, IDataView predictions, ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => Binary(ml, predictions),
        ModelTask.MulticlassClassification => Multiclass(ml, predictions),
        ModelTask.AnomalyDetection => (Anomaly(ml, predictions), null),
        _ => (Regression(ml, predictions), null),
    };

    private static (Dictionary<string, double>, ConfusionMatrix) Binary(MLContext ml, IDataView predictions)
    {
        if (predictions.Schema.GetColumnOrNull("Probability") is null)
        {
            var m = ml.BinaryClassification.EvaluateNonCalibrated(predictions, ColumnNames.Label);
            return (new()
            {
                ["auc"] = m.AreaUnderRocCurve, ["auprc"] = m.AreaUnderPrecisionRecallCurve, ["accuracy"] = m.Accuracy,
                ["f1"] = m.F1Score, ["precision"] = m.PositivePrecision, ["recall"] = m.PositiveRecall, ["log-loss"] = double.NaN,
            }, m.ConfusionMatrix);
        }

        var c = ml.BinaryClassification.Evaluate(predictions, ColumnNames.Label);
        return (new()
        {
            ["auc"] = c.AreaUnderRocCurve, ["auprc"] = c.AreaUnderPrecisionRecallCurve, ["accuracy"] = c.Accuracy,
            ["f1"] = c.F1Score, ["precision"] = c.PositivePrecision, ["recall"] = c.PositiveRecall, ["log-loss"] = c.LogLoss,
        }, c.ConfusionMatrix);
    }

    private static (Dictionary<string, double>, ConfusionMatrix) Multiclass(MLContext ml, IDataView predictions)
    {
        var m = ml.MulticlassClassification.Evaluate(predictions, ColumnNames.Label);
        return (new()
        {
            ["micro-accuracy"] = m.MicroAccuracy, ["macro-accuracy"] = m.MacroAccuracy,
            ["log-loss"] = m.LogLoss, ["log-loss-reduction"] = m.LogLossReduction,
        }, m.ConfusionMatrix);
    }

    /// <summary>Detection rate at 10 false positives: how many of the test anomalies are found before 10 normal rows are flagged.</summary>
    private static Dictionary<string, double> Anomaly(MLContext ml, IDataView predictions)
    {
        // The evaluator wants the label as a number (1 = anomaly); the data keeps it true/false like a binary label.
        const string numericLabel = "__label_number";
        var labelled = ml.Transforms.Conversion.ConvertType(numericLabel, ColumnNames.Label, DataKind.Single).Fit(predictions).Transform(predictions);
        var m = ml.AnomalyDetection.Evaluate(labelled, numericLabel, falsePositiveCount: 10);
        return new() { ["auc"] = m.AreaUnderRocCurve, ["detection-rate"] = m.DetectionRateAtFalsePositiveCount };
    }

    private static Dictionary<string, double> Regression(MLContext ml, IDataView predictions)
    {
        var m = ml.Regression.Evaluate(predictions, ColumnNames.Label);
        return new()
        {
            ["r-squared"] = m.RSquared, ["rmse"] = m.RootMeanSquaredError,
            ["mae"] = m.MeanAbsoluteError, ["mse"] = m.MeanSquaredError,
        };
    }
}
