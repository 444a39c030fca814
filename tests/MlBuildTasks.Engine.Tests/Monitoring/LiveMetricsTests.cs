using System.Text.Json;
using MlBuildTasks.Engine.Monitoring.Live;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Monitoring;

/// <summary>Live metrics from predictions joined with feedback, against hand-counted values.</summary>
[TestClass]
public sealed class LiveMetricsTests
{
    private static JsonElement Json(string value) => JsonDocument.Parse(value).RootElement.Clone();

    [TestMethod]
    public void BinaryAccuracyPrecisionAndRecallAreCountedFromTheJoinedRows()
    {
        var live = new LiveMetrics(ModelTask.BinaryClassification, positiveClass: null);
        // true labels: yes, yes, no, no, yes; predictions: yes (0.9), no (0.4), no (0.2), yes (0.7), yes (0.8)
        (string Label, bool Predicted, float Probability)[] rows = [("\"yes\"", true, 0.9f), ("true", false, 0.4f), ("\"no\"", false, 0.2f), ("false", true, 0.7f), ("1", true, 0.8f)];
        foreach (var (label, predicted, probability) in rows) live.Add(Json(label), predicted, (probability - 0.5f) * 8, probability);

        var metrics = live.Compute();

        Assert.AreEqual(5, live.Rows);
        Assert.AreEqual(3.0 / 5, metrics["accuracy"], 1e-9);   // right: rows 1, 3, 5
        Assert.AreEqual(2.0 / 3, metrics["precision"], 1e-9);  // predicted yes: rows 1, 4, 5; right: 1, 5
        Assert.AreEqual(2.0 / 3, metrics["recall"], 1e-9);     // truly yes: rows 1, 2, 5; found: 1, 5
        // AUC over the probabilities: positives 0.9, 0.4, 0.8 against negatives 0.2, 0.7: 5 of 6 pairs ranked right.
        Assert.AreEqual(5.0 / 6, metrics["auc"], 1e-9);
    }

    [TestMethod]
    public void MulticlassMicroAndMacroAccuracyAreCountedByClass()
    {
        var live = new LiveMetrics(ModelTask.MulticlassClassification, positiveClass: null);
        // a: 2 of 3 right; b: 1 of 1 right; c: 0 of 2 right. Micro 3/6; macro (2/3 + 1 + 0) / 3.
        (string Actual, string Predicted)[] rows = [("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"), ("c", "a"), ("c", "b")];
        foreach (var (actual, predicted) in rows) live.AddClass(Json($"\"{actual}\""), predicted);

        var metrics = live.Compute();

        Assert.AreEqual(0.5, metrics["micro-accuracy"], 1e-9);
        Assert.AreEqual((2.0 / 3 + 1 + 0) / 3, metrics["macro-accuracy"], 1e-9);
    }

    [TestMethod]
    public void RegressionErrorsAreThoseOfTheJoinedRows()
    {
        var live = new LiveMetrics(ModelTask.Regression, positiveClass: null);
        // errors 1, -2, 3: MAE 2, MSE 14/3.
        live.Add(Json("10"), false, 11, float.NaN);
        live.Add(Json("\"20\""), false, 18, float.NaN);
        live.Add(Json("30"), false, 33, float.NaN);

        var metrics = live.Compute();

        Assert.AreEqual(2, metrics["mae"], 1e-6);
        Assert.AreEqual(14.0 / 3, metrics["mse"], 1e-5);
    }

    [TestMethod]
    public void AnomalyDetectionAucRanksTheAnomaliesScores()
    {
        var live = new LiveMetrics(ModelTask.AnomalyDetection, positiveClass: null);
        // Anomalies scored 0.9 and 0.3, normal rows 0.5, 0.2 and 0.1: 5 of 6 pairs ranked right.
        (bool Anomaly, float Score)[] rows = [(true, 0.9f), (true, 0.3f), (false, 0.5f), (false, 0.2f), (false, 0.1f)];
        foreach (var (anomaly, score) in rows) live.Add(Json(anomaly ? "true" : "false"), score > 0.4f, score, float.NaN);

        var metrics = live.Compute();

        Assert.AreEqual(5.0 / 6, metrics["auc"], 1e-9);
        Assert.IsTrue(metrics.ContainsKey("detection-rate"));
    }
}
