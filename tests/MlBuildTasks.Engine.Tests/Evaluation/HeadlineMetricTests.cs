using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Evaluation;

namespace MlBuildTasks.Engine.Tests.Evaluation;

/// <summary>The headline metrics feature importance computes by hand agree with ML.NET's evaluators.</summary>
[TestClass]
public sealed class HeadlineMetricTests
{
    private sealed class BinaryRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }
        public float Score { get; set; }
    }

    [TestMethod]
    public void AucMatchesMlNetsIncludingTiedScores()
    {
        var random = new Random(3);
        // Scores rounded to one decimal, so many rows tie across the classes.
        var rows = Enumerable.Range(0, 500).Select(_ =>
        {
            var positive = random.NextDouble() < 0.4;
            var score = (float)Math.Round(random.NextDouble() + (positive ? 0.3 : 0), 1);
            return new BinaryRow { Label = positive, Score = score, PredictedLabel = score > 0.6f };
        }).ToList();
        var ml = new MLContext(0);
        var expected = ml.BinaryClassification.EvaluateNonCalibrated(ml.Data.LoadFromEnumerable(rows)).AreaUnderRocCurve;

        var auc = HeadlineMetric.Auc(rows.Select(r => r.Label).ToArray(), rows.Select(r => r.Score).ToArray());

        Assert.AreEqual(expected, auc, 1e-9);
        Assert.IsTrue(double.IsNaN(HeadlineMetric.Auc([true, true], [0.1f, 0.9f])), "one class only: undefined");
    }

    [TestMethod]
    public void RSquaredMatchesMlNets()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 300).Select(i => new RegressionRow { Label = i, Score = (float)(i + random.NextDouble() * 40 - 20) }).ToList();
        var ml = new MLContext(0);
        var expected = ml.Regression.Evaluate(ml.Data.LoadFromEnumerable(rows)).RSquared;

        Assert.AreEqual(expected, HeadlineMetric.RSquared(rows.Select(r => r.Label).ToArray(), rows.Select(r => r.Score).ToArray()), 1e-6);
        Assert.IsTrue(double.IsNaN(HeadlineMetric.RSquared([2f, 2f], [1f, 3f])), "a constant label: undefined");
    }

    [TestMethod]
    public void MicroAccuracyIsTheShareOfRightPredictions() =>
        Assert.AreEqual(0.75, HeadlineMetric.MicroAccuracy([1u, 2u, 3u, 1u], [1u, 2u, 3u, 2u]));
}
