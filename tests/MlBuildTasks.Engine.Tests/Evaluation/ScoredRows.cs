using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Tests.Evaluation;

/// <summary>
/// Models whose predictions are written out by hand: the "scorer" copies a prediction from the input row, so that
/// metrics can be checked against values computed on paper.
/// </summary>
internal static class ScoredRows
{
    public sealed class BinaryRow
    {
        public bool Label { get; set; }
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public float Group { get; set; }
    }

    public sealed class ClassRow
    {
        public string Label { get; set; } = "";
        public string Predicted { get; set; } = "";

        [VectorType(3)]
        public float[] Score { get; set; } = [];
    }

    private sealed class ClassName
    {
        public string Value { get; set; } = "";
    }

    /// <summary>Binary rows (actual, predicted), scored 0.9 when predicted positive, 0.1 when not, in group <paramref name="groups"/>[i] (0 without).</summary>
    public static List<BinaryRow> Binary(IReadOnlyList<(bool Actual, bool Predicted)> rows, IReadOnlyList<float>? groups = null) =>
        rows.Select((r, i) => new BinaryRow
        {
            Label = r.Actual, PredictedLabel = r.Predicted, Score = r.Predicted ? 2 : -2, Probability = r.Predicted ? 0.9f : 0.1f, Group = groups?[i] ?? 0,
        }).ToList();

    /// <summary>A "model" that passes binary rows through: they already hold the predictions.</summary>
    public static TrainedModel PassThrough(MLContext ml, IDataView data)
    {
        var scorer = ml.Transforms.CopyColumns("Copied", ColumnNames.Label).Fit(data);
        return new TrainedModel(scorer, scorer, data.Schema, d => d, TimeSpan.Zero);
    }

    /// <summary>
    /// A multiclass "model" over rows (actual, predicted) of three classes, keyed in the order of <paramref name="classes"/>:
    /// the prediction as a key, and a score vector of 0.8 for the predicted class and 0.1 for the others.
    /// </summary>
    public static (TrainedModel Model, IDataView Data) Multiclass(MLContext ml, IReadOnlyList<string> classes, IReadOnlyList<(string Actual, string Predicted)> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new ClassRow
        {
            Label = r.Actual, Predicted = r.Predicted, Score = classes.Select(c => c == r.Predicted ? 0.8f : 0.1f).ToArray(),
        }));
        var keys = ml.Data.LoadFromEnumerable(classes.Select(c => new ClassName { Value = c }));
        var labelToKey = ml.Transforms.Conversion.MapValueToKey(ColumnNames.Label, keyData: keys).Fit(data);
        var scorer = ml.Transforms.Conversion.MapValueToKey("PredictedLabel", "Predicted", keyData: keys).Fit(data);
        return (new TrainedModel(scorer, scorer, data.Schema, labelToKey.Transform, TimeSpan.Zero), data);
    }
}
