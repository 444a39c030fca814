using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Training;

/// <summary>The anomaly-detection task: trained unsupervised (randomized PCA), evaluated against the label that marks anomalies.</summary>
[TestClass]
public sealed class AnomalyDetectionTests
{
    /// <summary>Normal rows lie near the line Y = 2X (Z noise); 5% of rows are far off it and labelled anomalies.</summary>
    internal static string Data(int rows = 1000)
    {
        var random = new Random(11);
        var text = new StringBuilder("X,Y,Z,Anomaly\n");
        for (var i = 0; i < rows; i++)
        {
            var x = random.NextDouble() * 10;
            var anomaly = random.NextDouble() < 0.05;
            var y = anomaly ? 2 * x + (random.Next(2) == 0 ? 8 : -8) + random.NextDouble() : 2 * x + random.NextDouble() * 0.2;
            text.Append(CultureInfo.InvariantCulture, $"{x:0.000},{y:0.000},{random.NextDouble() * 0.1:0.000},{(anomaly ? "true" : "false")}\n");
        }

        return text.ToString();
    }

    [TestMethod]
    public void AnAnomalyModelFindsTheRowsOffThePatternAndReportsItsMetrics()
    {
        using var project = ModelProject.Create("""{ "task": "anomaly-detection", "data": "data.csv", "label": "Anomaly", "trainer": "randomized-pca", "gates": [ { "metric": "auc", "min": 0.9 } ] }""", Data());
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        CollectionAssert.AreEquivalent(new[] { "auc", "detection-rate" }, result.Metrics!.Metrics.Keys.ToArray());
        Assert.IsGreaterThan(0.9, result.Metrics.Metrics["auc"]!.Value);

        var ml = new MLContext(1);
        var model = ml.Model.Load(File.OpenRead(result.ModelPath), out _);
        var scores = model.Transform(ml.Data.LoadFromEnumerable([new Point { X = 5, Y = 10, Z = 0.05f }, new Point { X = 5, Y = 20, Z = 0.05f }]))
            .GetColumn<float>("Score").ToList();
        Assert.IsGreaterThan(scores[0], scores[1], "the point off the line scores as more anomalous");
    }

    [TestMethod]
    public void ASearchTunesTheRankWhichNeverExceedsTheFeatures()
    {
        using var project = ModelProject.Create("""{ "task": "anomaly-detection", "data": "data.csv", "label": "Anomaly", "training": { "search": "random", "trials": 4, "folds": 3 } }""", Data());
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual("randomized-pca", result.Metrics!.Trainer);
    }

    private sealed class Point
    {
        public float X { get; set; }
        public float Y { get; set; }
        public float Z { get; set; }
    }
}
