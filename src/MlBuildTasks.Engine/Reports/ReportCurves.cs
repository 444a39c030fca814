using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Reports;

/// <summary>A point of a chart: x and y in the chart's units.</summary>
public sealed record ChartPoint(double X, double Y);

/// <summary>
/// The points the HTML report draws that metrics.json does not hold: ROC and precision-recall curves (binary
/// classification) and predicted-vs-residual points (regression). Bounded so that a report stays small whatever
/// the size of the test part; they live only in the report, so metrics.json stays small too.
/// </summary>
public sealed record ReportCurves(IReadOnlyList<ChartPoint>? Roc, IReadOnlyList<ChartPoint>? PrecisionRecall, IReadOnlyList<ChartPoint>? Residuals)
{
    public const int MaxCurvePoints = 200;
    public const int MaxResidualPoints = 500;

    /// <param name="predictions">The scored test part (labels prepared as the model's).</param>
    public static ReportCurves? Compute(IDataView predictions, ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => Binary(predictions),
        ModelTask.Regression => Regression(predictions),
        _ => null,
    };

    private static ReportCurves Binary(IDataView predictions)
    {
        var labels = predictions.GetColumn<bool>(ColumnNames.Label).ToList();
        // The ranking is what matters: the probability when calibrated, else the raw score orders rows the same way.
        var column = predictions.Schema.GetColumnOrNull("Probability") is null ? "Score" : "Probability";
        var scores = predictions.GetColumn<float>(column).ToList();
        var (roc, pr) = Sweep(labels, scores);
        return new ReportCurves(Thin(roc, MaxCurvePoints), Thin(pr, MaxCurvePoints), null);
    }

    /// <summary>
    /// Lowers the threshold through every distinct score (highest first) and records (false positive rate, true
    /// positive rate) and (recall, precision) after each; tied scores move together, as a threshold cannot split them.
    /// </summary>
    internal static (List<ChartPoint> Roc, List<ChartPoint> PrecisionRecall) Sweep(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var rows = labels.Zip(scores).Where(r => !float.IsNaN(r.Second)).OrderByDescending(r => r.Second).ToList();
        double positives = rows.Count(r => r.First), negatives = rows.Count - positives;
        var roc = new List<ChartPoint> { new(0, 0) };
        var pr = new List<ChartPoint>();
        long tp = 0, fp = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].First) tp++; else fp++;
            if (i + 1 < rows.Count && rows[i + 1].Second == rows[i].Second) continue;
            roc.Add(new ChartPoint(negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives));
            if (positives > 0) pr.Add(new ChartPoint(tp / positives, (double)tp / (tp + fp)));
        }

        return (roc, pr);
    }

    private static ReportCurves Regression(IDataView predictions)
    {
        var labels = predictions.GetColumn<float>(ColumnNames.Label).ToList();
        var scores = predictions.GetColumn<float>("Score").ToList();
        var points = labels.Zip(scores).Where(p => float.IsFinite(p.First) && float.IsFinite(p.Second))
            .Select(p => new ChartPoint(p.Second, (double)p.First - p.Second)).ToList();
        return new ReportCurves(null, null, Thin(points, MaxResidualPoints));
    }

    /// <summary>At most <paramref name="max"/> points, evenly spaced and keeping the first and last: deterministic, unlike a random sample.</summary>
    internal static IReadOnlyList<ChartPoint> Thin(IReadOnlyList<ChartPoint> points, int max)
    {
        if (points.Count <= max) return points;
        return Enumerable.Range(0, max).Select(i => points[(int)Math.Round((double)i * (points.Count - 1) / (max - 1))]).ToList();
    }
}
