using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// A test row the model got most wrong: its 1-based position in the test part, its line in its source file (or row,
/// for a database or Parquet source), its input values by column name (null when missing), the label and the
/// prediction, and how wrong it was: the absolute error (regression) or the probability, else the score, that the
/// model gave the true class (classification).
/// </summary>
public sealed record WorstPrediction(int Row, int? Line, IReadOnlyDictionary<string, JsonNode?> Inputs, JsonNode? Label, JsonNode? Predicted,
    double? Error = null, double? TrueClassScore = null);

/// <summary>
/// The test rows a model predicted worst, to look at by hand: for regression the largest absolute errors; for
/// classification the lowest probability (binary, when calibrated; else the score) or score (multiclass) of the true
/// class. Ties keep the test part's order. Anomaly detection has none: its label is not what the model predicts.
/// </summary>
public static class WorstPredictions
{
    public const int DefaultCount = 10;

    /// <param name="predictions">The scored test part (labels prepared as the model's, see <see cref="Training.TrainedModel.PrepareLabels"/>).</param>
    /// <param name="columns">The model's input columns: each row's inputs are written under their names.</param>
    /// <param name="lines">Each test row's source line, or null when unknown.</param>
    /// <param name="positiveClass">The spec's positive class: binary labels are named as in the confusion matrix.</param>
    public static IReadOnlyList<WorstPrediction>? Find(IDataView predictions, ModelTask task, string? positiveClass,
        IReadOnlyList<ResolvedColumn> columns, IReadOnlyList<int>? lines, int count = DefaultCount)
    {
        var scored = task switch
        {
            ModelTask.Regression => Regression(predictions),
            ModelTask.BinaryClassification => Binary(predictions, positiveClass),
            ModelTask.MulticlassClassification => Multiclass(predictions),
            _ => null,
        };
        if (scored is null) return null;

        // Lowest badness first is best, so order by it descending; a stable sort keeps the test order among ties.
        var worst = scored.Select((s, row) => (s, row)).OrderByDescending(p => p.s.Badness).Take(count).ToList();
        var inputs = columns.Select(c => (c.Name, Values: InputValues(predictions, c))).ToList();
        return worst.Select(p => new WorstPrediction(p.row + 1, lines?[p.row],
            inputs.ToDictionary(i => i.Name, i => i.Values[p.row], StringComparer.Ordinal),
            p.s.Label, p.s.Predicted, p.s.Error, p.s.TrueClassScore)).ToList();
    }

    /// <summary>One scored row: how bad it is (higher is worse; NaN predictions count as worst) and what is written for it.</summary>
    private sealed record Scored(double Badness, JsonNode? Label, JsonNode? Predicted, double? Error, double? TrueClassScore);

    private static List<Scored> Regression(IDataView predictions)
    {
        var labels = predictions.GetColumn<float>(ColumnNames.Label).ToList();
        var scores = predictions.GetColumn<float>("Score").ToList();
        return labels.Zip(scores, (label, score) =>
        {
            var error = Math.Abs((double)label - score);
            return new Scored(double.IsNaN(error) ? double.PositiveInfinity : error, Number(label), Number(score), Defined(error), null);
        }).ToList();
    }

    private static List<Scored> Binary(IDataView predictions, string? positiveClass)
    {
        var labels = predictions.GetColumn<bool>(ColumnNames.Label).ToList();
        var predicted = predictions.GetColumn<bool>("PredictedLabel").ToList();
        // A calibrated model's probability says how sure it was; an uncalibrated one has only its raw score.
        var calibrated = predictions.Schema.GetColumnOrNull("Probability") is not null;
        var scores = predictions.GetColumn<float>(calibrated ? "Probability" : "Score").ToList();
        string Name(bool value) => positiveClass is null ? value ? "true" : "false" : value ? positiveClass : "other";
        return labels.Select((label, i) =>
        {
            double score = scores[i];
            var trueClass = label ? score : calibrated ? 1 - score : -score;
            return new Scored(double.IsNaN(trueClass) ? double.PositiveInfinity : -trueClass, JsonValue.Create(Name(label)), JsonValue.Create(Name(predicted[i])), null, Defined(trueClass));
        }).ToList();
    }

    private static List<Scored> Multiclass(IDataView predictions)
    {
        var names = ClassBreakdown.ClassNames(predictions);
        var labels = predictions.GetColumn<uint>(ColumnNames.Label).ToList();
        var predicted = predictions.GetColumn<uint>("PredictedLabel").ToList();
        var scores = predictions.GetColumn<float[]>("Score").ToList();
        // Keys count from 1 and score slot k - 1 is class k's; key 0 is a class the model never saw (no score, so worst).
        JsonNode? Name(uint key) => key == 0 || key > names.Count ? null : JsonValue.Create(names[(int)key - 1]);
        return labels.Select((label, i) =>
        {
            double? trueClass = label == 0 || label > scores[i].Length ? null : scores[i][label - 1];
            return new Scored(trueClass is { } s && !double.IsNaN(s) ? -s : double.PositiveInfinity, Name(label), Name(predicted[i]), null, trueClass is { } t ? Defined(t) : null);
        }).ToList();
    }

    /// <summary>A column's values as the model read them: numbers (booleans as true/false), texts; missing or empty is null.</summary>
    private static List<JsonNode?> InputValues(IDataView predictions, ResolvedColumn column) => column.Type switch
    {
        ColumnType.Number => predictions.GetColumn<float>(column.ModelName).Select(Number).ToList(),
        ColumnType.Boolean => predictions.GetColumn<float>(column.ModelName).Select(v => float.IsNaN(v) ? null : (JsonNode?)JsonValue.Create(v != 0)).ToList(),
        _ => predictions.GetColumn<ReadOnlyMemory<char>>(column.ModelName).Select(v => v.IsEmpty ? null : (JsonNode?)JsonValue.Create(v.ToString())).ToList(),
    };

    // As float: System.Text.Json writes a float's shortest form (0.1, not 0.100000001490116).
    private static JsonNode? Number(float value) => float.IsFinite(value) ? JsonValue.Create(value) : null;

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;
}
