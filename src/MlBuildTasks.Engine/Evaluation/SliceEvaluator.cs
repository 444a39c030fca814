using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>A slice of the test part: its name, the column it slices, its row count and the task's metrics on its rows (null where undefined).</summary>
public sealed record SliceResult(string Column, string Name, int Rows, IReadOnlyDictionary<string, double?> Metrics);

/// <summary>
/// The task's metrics on each slice group, with ML.NET's evaluators on the scored test rows filtered to the group.
/// A group where a metric is undefined gets null for it instead of failing the build: a slice is a report, not a gate.
/// </summary>
public static class SliceEvaluator
{
    public static IReadOnlyList<SliceResult> Evaluate(MLContext ml, IDataView predictions, ModelTask task, IReadOnlyList<SliceGroups> slices)
    {
        var results = new List<SliceResult>();
        foreach (var slice in slices)
        {
            for (var group = 0; group < slice.Names.Count; group++)
            {
                var rows = slice.Counts[group];
                // A group's index is a whole number: the range [group, group + 1) holds exactly its rows.
                var metrics = rows == 0 ? Undefined(task) : Metrics(ml, ml.Data.FilterRowsByColumn(predictions, slice.ViewColumn, group, group + 1), task);
                results.Add(new SliceResult(slice.Column, slice.Names[group], rows, metrics));
            }
        }

        return results;
    }

    private static Dictionary<string, double?> Metrics(MLContext ml, IDataView rows, ModelTask task)
    {
        try
        {
            return ModelEvaluator.Measure(ml, rows, task).Metrics.ToDictionary(p => p.Key, p => Defined(p.Value));
        }
        catch (ArgumentOutOfRangeException ex) when (ModelEvaluator.IsOneClassAuc(ex))
        {
            return OneClass(rows, task);
        }
    }

    /// <summary>
    /// Rows of one class only: ML.NET's binary and anomaly evaluators refuse them (AUC is undefined). AUC, AUPRC,
    /// detection rate and log-loss are null; a binary slice's accuracy, precision, recall and F1 are counted from
    /// its predictions, as ML.NET defines them (NaN, so null, when the denominator is 0).
    /// </summary>
    private static Dictionary<string, double?> OneClass(IDataView rows, ModelTask task)
    {
        var metrics = Undefined(task);
        if (task != ModelTask.BinaryClassification) return metrics;

        var actual = rows.GetColumn<bool>(ColumnNames.Label).ToArray();
        var predicted = rows.GetColumn<bool>("PredictedLabel").ToArray();
        double truePositives = actual.Zip(predicted).Count(p => p.First && p.Second);
        double predictedPositives = predicted.Count(p => p);
        double positives = actual.Count(a => a);
        var precision = truePositives / predictedPositives;
        var recall = truePositives / positives;
        metrics["accuracy"] = (double)actual.Zip(predicted).Count(p => p.First == p.Second) / actual.Length;
        metrics["precision"] = Defined(precision);
        metrics["recall"] = Defined(recall);
        metrics["f1"] = Defined(2 * precision * recall / (precision + recall));
        return metrics;
    }

    private static Dictionary<string, double?> Undefined(ModelTask task) => MetricCatalog.For(task).ToDictionary(m => m.Name, _ => (double?)null);

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;
}
