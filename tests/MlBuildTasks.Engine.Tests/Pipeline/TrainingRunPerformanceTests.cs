using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>metrics.json <c>performance</c> from a real run, gates on it and on slices, and the determinism check ignoring timings.</summary>
[TestClass]
// Alone: memory-bytes is a difference of the process's heap, which tests running beside it would move, and timings too.
[DoNotParallelize]
public sealed class TrainingRunPerformanceTests
{
    private static double Figure(MetricsDocument document, string name) => document.Performance!.Metrics[name]!.Value;

    [TestMethod]
    public void ARunMeasuresThePerformanceOfItsModelFile()
    {
        using var project = ModelProject.Binary();
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        var document = ArtifactJson.TryRead<MetricsDocument>(result.MetricsPath)!;
        var performance = document.Performance!;
        CollectionAssert.AreEquivalent(MetricCatalog.Performance.Select(m => m.Name).ToArray(), performance.Metrics.Keys.ToArray());
        Assert.AreEqual(new FileInfo(result.ModelPath).Length, Figure(document, ModelPerformance.ModelSizeBytes));
        foreach (var name in new[] { ModelPerformance.LoadTimeMs, ModelPerformance.LatencyP50Ms, ModelPerformance.ThroughputRowsPerSecond, ModelPerformance.MemoryBytes })
            Assert.IsGreaterThan(0, Figure(document, name), name);
        Assert.IsLessThanOrEqualTo(Figure(document, ModelPerformance.LatencyP95Ms), Figure(document, ModelPerformance.LatencyP50Ms));
        Assert.IsLessThanOrEqualTo(Figure(document, ModelPerformance.LatencyP99Ms), Figure(document, ModelPerformance.LatencyP95Ms));
        Assert.IsLessThan(1000, Figure(document, ModelPerformance.LatencyP99Ms), "a one-row prediction of a small tree model takes well under a second");
        Assert.AreEqual(ModelPerformance.WarmupPredictions, performance.WarmupPredictions);
        Assert.IsInRange(1, ModelPerformance.TimedPredictions, performance.TimedPredictions);
        Assert.IsGreaterThanOrEqualTo(document.TestRows, performance.ThroughputRows);
        Assert.IsFalse(document.Metrics.Keys.Any(MetricCatalog.IsPerformance), "timings are kept apart from the test metrics");
        using (var json = JsonDocument.Parse(File.ReadAllBytes(result.MetricsPath)))
            Assert.IsTrue(json.RootElement.GetProperty("performance").GetProperty("metrics").TryGetProperty("latency-p99-ms", out _));
        StringAssert.Contains(diagnostics.Messages.Single(m => m.Contains("test metrics:", StringComparison.Ordinal)), "  performance: ");
    }

    [TestMethod]
    [DataRow("multiclass-classification", "Size", "lbfgs-maximum-entropy")]
    [DataRow("regression", "Price", "fast-tree")]
    [DataRow("anomaly-detection", "Anomaly", "randomized-pca")]
    public void EveryTaskPredictsOneRowAtATimeAndTheRestoredModelIsMeasuredToo(string task, string label, string trainer)
    {
        var data = task switch
        {
            "multiclass-classification" => SampleData.Multiclass(),
            "regression" => SampleData.Regression(),
            _ => Training.AnomalyDetectionTests.Data(),
        };
        using var project = ModelProject.Create($"{{ \"task\": \"{task}\", \"data\": \"data.csv\", \"label\": \"{label}\", \"trainer\": \"{trainer}\" }}", data);
        using var cache = new TempFolder();
        TrainResult Train(DiagnosticList diagnostics) =>
            TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CacheDirectory: cache.Path), diagnostics);

        foreach (var trained in new[] { true, false })
        {
            // Without the last run's manifest the run is not replayed: the second one restores the model from the cache.
            if (!trained) File.Delete(project.Artifacts().Manifest);
            var diagnostics = new DiagnosticList();
            var result = Train(diagnostics);

            Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
            Assert.AreEqual(trained, result.Trained, "the second run restores the model from the cache");
            var document = ArtifactJson.TryRead<MetricsDocument>(result.MetricsPath)!;
            Assert.AreEqual(new FileInfo(result.ModelPath).Length, Figure(document, ModelPerformance.ModelSizeBytes));
            Assert.IsGreaterThan(0, Figure(document, ModelPerformance.LatencyP99Ms));
            Assert.IsGreaterThan(0, Figure(document, ModelPerformance.ThroughputRowsPerSecond));
        }
    }

    [TestMethod]
    public void GatesOnModelSizeAndLatencyThatMustFailAreMLB4001AtTheirLines()
    {
        // The gates are at lines 7 and 8, column 5.
        using var project = ModelProject.Binary("{ \"metric\": \"model-size-bytes\", \"max\": 1 },\n    { \"metric\": \"latency-p99-ms\", \"max\": 0.0000001 }");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        var errors = diagnostics.Items.Where(d => d.Code == DiagnosticCodes.GateFailed).ToList();
        Assert.HasCount(2, errors, DiagnosticAssert.Describe(diagnostics));
        DiagnosticAssert.IsError(errors[0], DiagnosticCodes.GateFailed, project.SpecPath, 7, 5);
        StringAssert.Contains(errors[0].Message, "model-size-bytes = ");
        DiagnosticAssert.IsError(errors[1], DiagnosticCodes.GateFailed, project.SpecPath, 8, 5);
        StringAssert.Contains(errors[1].Message, "latency-p99-ms = ");
        Assert.IsFalse(File.Exists(result.ModelPath));
        var gates = ArtifactJson.TryRead<MetricsDocument>(result.MetricsPath)!.Gates;
        Assert.AreEqual(ArtifactJson.TryRead<MetricsDocument>(result.MetricsPath)!.Performance!.Metrics["model-size-bytes"], gates[0].Value);
        // The summary's metrics table has no row for a performance figure: each such gate gets a line of its own.
        var summary = diagnostics.Messages.Single(m => m.Contains("test metrics:", StringComparison.Ordinal));
        StringAssert.Contains(summary, "  gate model-size-bytes: ");
        StringAssert.Contains(summary, "(≤ 1) GATE FAILED");
        StringAssert.Contains(summary, "  gate latency-p99-ms: ");

        // Same inputs: the recorded figures are judged again, not measured again, and fail the same way.
        var again = new DiagnosticList();
        Assert.IsFalse(project.Train(again).Succeeded);
        Assert.HasCount(2, again.Items.Where(d => d.Code == DiagnosticCodes.GateFailed));
    }

    [TestMethod]
    public void TheDeterminismCheckPassesWhateverTheTimings()
    {
        using var project = ModelProject.Binary("{ \"metric\": \"latency-p99-ms\", \"max\": 1000 }");
        var diagnostics = new DiagnosticList();

        var result = TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CheckDeterminism: true), diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("both runs gave the same metrics and model bytes", StringComparison.Ordinal)));
        Assert.IsNotNull(result.Metrics!.Performance);
    }

    [TestMethod]
    public void ASliceGateReadsTheSliceTheRunWrote()
    {
        using var project = ModelProject.Create(
            "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"trainer\": \"fast-tree\",\n" +
            "  \"slices\": [\"Plan\"],\n  \"gates\": [\n    { \"metric\": \"accuracy\", \"slice\": \"Plan=basic\", \"min\": 0 },\n    { \"metric\": \"accuracy\", \"slice\": \"Plan=gold\", \"min\": 0 }\n  ]\n}\n",
            SampleData.Binary(flipFraction: 0.1));
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        var document = ArtifactJson.TryRead<MetricsDocument>(result.MetricsPath)!;
        var basic = document.Slices!.Single(s => s.Name == "Plan=basic").Metrics["accuracy"];
        Assert.AreEqual(("Plan=basic", basic, true), (document.Gates[0].Slice, document.Gates[0].Value, document.Gates[0].Passed));
        StringAssert.Contains(TrainingRun.Summary(document), "  gate accuracy [Plan=basic]: " + basic!.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + " (≥ 0) gate passed");
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        DiagnosticAssert.IsError(error, DiagnosticCodes.GateMetricUnavailable, project.SpecPath, 9, 5);
        StringAssert.Contains(error.Message, "no slice group 'Plan=gold'. The slices are: Plan=basic, Plan=plus, Plan=premium.");
    }
}
