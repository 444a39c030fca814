using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// The task's headline metric (<see cref="MetricCatalog"/>'s first: AUC for binary classification and anomaly
/// detection, micro-accuracy for multiclass, R² for regression) over consecutive blocks of scored rows, by the same
/// definitions as ML.NET's evaluators. <see cref="FeatureImportance"/> scores every shuffled copy of the test rows in
/// one pass and needs the metric of each copy; one evaluator call per copy would mean one scoring pass per copy.
/// </summary>
internal sealed class HeadlineMetric
{
    private readonly ModelTask _task;
    private readonly bool[]? _positive;
    private readonly float[]? _score, _label;
    private readonly uint[]? _classLabel, _predicted;

    /// <summary>Reads the columns the metric needs from <paramref name="scored"/>, in one pass each.</summary>
    public HeadlineMetric(IDataView scored, ModelTask task)
    {
        _task = task;
        switch (task)
        {
            case ModelTask.BinaryClassification or ModelTask.AnomalyDetection:
                _positive = scored.Schema[ColumnNames.Label].Type is BooleanDataViewType
                    ? scored.GetColumn<bool>(ColumnNames.Label).ToArray()
                    : scored.GetColumn<float>(ColumnNames.Label).Select(label => label > 0.5f).ToArray();
                _score = scored.GetColumn<float>("Score").ToArray();
                break;
            case ModelTask.MulticlassClassification:
                _classLabel = scored.GetColumn<uint>(ColumnNames.Label).ToArray();
                _predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
                break;
            default:
                _label = scored.GetColumn<float>(ColumnNames.Label).ToArray();
                _score = scored.GetColumn<float>("Score").ToArray();
                break;
        }
    }

    /// <summary>The metric over rows [<paramref name="start"/>, start + <paramref name="count"/>); NaN where undefined (one class only, a constant label).</summary>
    public double Of(int start, int count) => _task switch
    {
        ModelTask.BinaryClassification or ModelTask.AnomalyDetection => Auc(_positive.AsSpan(start, count), _score.AsSpan(start, count)),
        ModelTask.MulticlassClassification => MicroAccuracy(_classLabel.AsSpan(start, count), _predicted.AsSpan(start, count)),
        _ => RSquared(_label.AsSpan(start, count), _score.AsSpan(start, count)),
    };

    /// <summary>The probability that a random positive scores above a random negative, ties counting half (Mann-Whitney U by average ranks).</summary>
    internal static double Auc(ReadOnlySpan<bool> positive, ReadOnlySpan<float> score)
    {
        var order = new int[score.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = score.ToArray();
        Array.Sort(keys, order);
        double positives = 0, rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && keys[end + 1] == keys[start]) end++;
            var rank = (start + end) / 2.0 + 1; // the average rank of a run of ties
            for (var k = start; k <= end; k++)
                if (positive[order[k]]) { positives++; rankSum += rank; }
            start = end + 1;
        }

        var negatives = score.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    internal static double MicroAccuracy(ReadOnlySpan<uint> label, ReadOnlySpan<uint> predicted)
    {
        var right = 0;
        for (var i = 0; i < label.Length; i++) if (label[i] == predicted[i]) right++;
        return label.Length == 0 ? double.NaN : (double)right / label.Length;
    }

    /// <summary>1 - residual sum of squares / total sum of squares around the label's mean.</summary>
    internal static double RSquared(ReadOnlySpan<float> label, ReadOnlySpan<float> score)
    {
        double mean = 0;
        foreach (var l in label) mean += l;
        mean /= Math.Max(1, label.Length);
        double residual = 0, total = 0;
        for (var i = 0; i < label.Length; i++)
        {
            residual += (label[i] - (double)score[i]) * (label[i] - (double)score[i]);
            total += (label[i] - mean) * (label[i] - mean);
        }

        return total == 0 ? double.NaN : 1 - residual / total;
    }
}
