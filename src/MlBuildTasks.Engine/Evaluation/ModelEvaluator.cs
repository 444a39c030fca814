using Microsoft.ML;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// Scores the test part and computes the task's standard metrics with ML.NET's evaluators, by the names in
/// <see cref="MetricCatalog"/>. A metric that is undefined on this data (such as F1 with no predicted
/// positives) is NaN.
/// </summary>
public static class ModelEvaluator
{
    public static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, TrainedModel model, IDataView test, ModelTask task)
    {
        var predictions = model.Scorer.Transform(model.PrepareLabels(test));
        try
        {
            return task switch
            {
                ModelTask.BinaryClassification => Binary(ml, predictions),
                ModelTask.MulticlassClassification => Multiclass(ml, predictions),
                ModelTask.AnomalyDetection => Anomaly(ml, predictions),
                _ => Regression(ml, predictions),
            };
        }
        catch (ArgumentOutOfRangeException ex) when (ex.Message.Contains("AUC", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.TrainingTooFewRows,
                "The test part has only one class, so AUC is undefined. Add rows of the missing class or raise 'testFraction'."));
        }
    }

    private static Dictionary<string, double> Binary(MLContext ml, IDataView predictions)
    {
        if (predictions.Schema.GetColumnOrNull("Probability") is null)
        {
            var m = ml.BinaryClassification.EvaluateNonCalibrated(predictions, ColumnNames.Label);
            return new()
            {
                ["auc"] = m.AreaUnderRocCurve, ["auprc"] = m.AreaUnderPrecisionRecallCurve, ["accuracy"] = m.Accuracy,
                ["f1"] = m.F1Score, ["precision"] = m.PositivePrecision, ["recall"] = m.PositiveRecall, ["log-loss"] = double.NaN,
            };
        }

        var c = ml.BinaryClassification.Evaluate(predictions, ColumnNames.Label);
        return new()
        {
            ["auc"] = c.AreaUnderRocCurve, ["auprc"] = c.AreaUnderPrecisionRecallCurve, ["accuracy"] = c.Accuracy,
            ["f1"] = c.F1Score, ["precision"] = c.PositivePrecision, ["recall"] = c.PositiveRecall, ["log-loss"] = c.LogLoss,
        };
    }

    private static Dictionary<string, double> Multiclass(MLContext ml, IDataView predictions)
    {
        var m = ml.MulticlassClassification.Evaluate(predictions, ColumnNames.Label);
        return new()
        {
            ["micro-accuracy"] = m.MicroAccuracy, ["macro-accuracy"] = m.MacroAccuracy,
            ["log-loss"] = m.LogLoss, ["log-loss-reduction"] = m.LogLossReduction,
        };
    }

    /// <summary>Detection rate at 10 false positives: how many of the test anomalies are found before 10 normal rows are flagged.</summary>
    private static Dictionary<string, double> Anomaly(MLContext ml, IDataView predictions)
    {
        // The evaluator wants the label as a number (1 = anomaly); the data keeps it true/false like a binary label.
        const string numericLabel = "__label_number";
        var labelled = ml.Transforms.Conversion.ConvertType(numericLabel, ColumnNames.Label, Microsoft.ML.Data.DataKind.Single).Fit(predictions).Transform(predictions);
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
