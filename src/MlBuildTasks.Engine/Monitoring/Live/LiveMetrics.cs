using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Monitoring.Live;

/// <summary>
/// The model's metrics on production rows whose ground truth came back: each logged prediction with feedback for its id
/// is one row, and ML.NET's evaluators compute the same metrics, by the same names, as the build's test metrics
/// (<see cref="ModelEvaluator"/>), so the spec's gates apply to them. Binary classification, anomaly detection and
/// regression get all their metrics; multiclass gets micro- and macro-accuracy, counted from the predicted and true
/// classes (its log-loss needs the per-class scores in class order, which are not computed yet).
/// </summary>
public sealed class LiveMetrics(ModelTask task, string? positiveClass)
{
    private readonly List<float> _labels = [];
    private readonly List<float> _scores = [];
    private readonly List<float> _probabilities = [];
    private readonly List<bool> _predicted = [];

    private readonly List<(string Actual, string Predicted)> _classes = [];


    public int Rows => _labels.Count + _classes.Count;

    /// <summary>One joined row of a multiclass model: the feedback's class and the predicted one.</summary>
    public void AddClass(JsonElement label, string predicted)
    {
        var actual = label.ValueKind switch
        {
            JsonValueKind.String => label.GetString(),
            JsonValueKind.Number => label.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (actual is not null) _classes.Add((actual, predicted));
    }

    /// <summary>One joined row: the feedback label and what the model predicted (NaN where the log had no such output).</summary>
    public void Add(JsonElement label, bool predictedLabel, float score, float probability)
    {
        if (LabelValue(label) is not { } value) return;
        _labels.Add(value);
        _predicted.Add(predictedLabel);
        _scores.Add(score);
        _probabilities.Add(probability);
    }

    /// <summary>The label as the evaluator reads it: 1 or 0 for a binary model (its positive class is 1), the number for regression; null when it is neither.</summary>
    private float? LabelValue(JsonElement label)
    {
        if (task == ModelTask.Regression)
            return label.ValueKind == JsonValueKind.Number ? label.GetSingle()
                : label.ValueKind == JsonValueKind.String && float.TryParse(label.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var text = label.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => label.GetRawText(),
            JsonValueKind.String => label.GetString()!,
            _ => null,
        };
        if (text is null) return null;
        // As the build reads the label: the spec's positiveClass, or else a boolean word (true/yes/y/1, false/no/n/0).
        if (positiveClass is not null) return text == positiveClass ? 1 : 0;
        return ValueParser.TryParseBoolean(text, out var flag) ? (flag ? 1 : 0) : null;
    }

    /// <summary>The task's metrics over the joined rows; empty when there are none.</summary>
    public IReadOnlyDictionary<string, double> Compute()
    {
        if (Rows == 0) return new Dictionary<string, double>();
        if (task == ModelTask.MulticlassClassification) return Accuracies();
        var ml = new MLContext(seed: 0);
        IDataView view;
        if (task == ModelTask.Regression)
        {
            view = ml.Data.LoadFromEnumerable(_labels.Select((l, i) => new RegressionRow { Label = l, Score = _scores[i] }));
        }
        else
        {
            // An anomaly detector has no probability; a binary model has one when its trainer is calibrated.
            var calibrated = task == ModelTask.BinaryClassification && _probabilities.Any(p => !float.IsNaN(p));
            view = ml.Data.LoadFromEnumerable(_labels.Select((l, i) => new BinaryRow { Label = l > 0.5f, Score = _scores[i], Probability = _probabilities[i], PredictedLabel = _predicted[i] }));
            if (!calibrated) view = ml.Transforms.DropColumns("Probability").Fit(view).Transform(view);
        }

        try
        {
            return ModelEvaluator.Measure(ml, view, task).Metrics;
        }
        catch (ArgumentOutOfRangeException ex) when (ModelEvaluator.IsOneClassAuc(ex))
        {
            // All feedback of one class: AUC is undefined, the counts-based metrics are not.
            return Counts();
        }
    }

    /// <summary>Micro-accuracy (the share predicted right) and macro-accuracy (the mean over true classes of each one's share predicted right), as ML.NET defines them.</summary>
    private Dictionary<string, double> Accuracies()
    {
        var micro = (double)_classes.Count(c => c.Actual == c.Predicted) / _classes.Count;
        var macro = _classes.GroupBy(c => c.Actual, StringComparer.Ordinal).Average(g => (double)g.Count(c => c.Actual == c.Predicted) / g.Count());
        return new Dictionary<string, double> { ["micro-accuracy"] = micro, ["macro-accuracy"] = macro };
    }

    /// <summary>Accuracy, precision and recall from the predicted labels alone, for feedback of one class.</summary>
    private Dictionary<string, double> Counts()
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < Rows; i++)
        {
            var actual = _labels[i] > 0.5f;
            if (_predicted[i]) { if (actual) tp++; else fp++; }
            else if (actual) fn++;
            else tn++;
        }

        double Ratio(int a, int b) => b == 0 ? double.NaN : (double)a / b;
        return new Dictionary<string, double> { ["accuracy"] = Ratio(tp + tn, Rows), ["precision"] = Ratio(tp, tp + fp), ["recall"] = Ratio(tp, tp + fn) };
    }

    private sealed class BinaryRow
    {
        [ColumnName(ColumnNames.Label)] public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class RegressionRow
    {
        [ColumnName(ColumnNames.Label)] public float Label { get; set; }
        public float Score { get; set; }
    }
}
