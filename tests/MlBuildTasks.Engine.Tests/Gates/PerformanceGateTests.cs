using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Gates;

/// <summary>Gates on the performance figures: value bounds and change bounds in the figure's direction.</summary>
[TestClass]
public sealed class PerformanceGateTests
{
    /// <summary>A binary spec with one gate at line 6, column 5.</summary>
    private static ModelSpec Gate(string metric, string bounds) =>
        SpecText.Parse(SpecText.Minimal("binary-classification", more: $"\"gates\": [\n    {{ \"metric\": \"{metric}\", {bounds} }}\n  ]"));

    private static (GateVerdict Verdict, DiagnosticList Diagnostics) Judge(ModelSpec spec, string metric, double value, double? baseline = null)
    {
        var diagnostics = new DiagnosticList();
        var recorded = baseline is null ? null : new BaselineMetrics("baseline.metrics.json", new Dictionary<string, double?> { [metric] = baseline });
        var verdict = GateEvaluator.Evaluate(spec, new Dictionary<string, double> { ["auc"] = 0.9, [metric] = value }, recorded, acceptRegression: false, diagnostics);
        return (verdict, diagnostics);
    }

    [TestMethod]
    public void EveryPerformanceFigureIsGateableWithItsDirection()
    {
        foreach (var task in Enum.GetValues<ModelTask>())
            foreach (var figure in MetricCatalog.Performance)
                Assert.AreEqual(figure, MetricCatalog.FindGateable(task, figure.Name), $"{task} {figure.Name}");
        Assert.IsTrue(MetricCatalog.FindGateable(ModelTask.Regression, ModelPerformance.ThroughputRowsPerSecond)!.HigherIsBetter);
        Assert.IsFalse(MetricCatalog.FindGateable(ModelTask.Regression, ModelPerformance.LatencyP99Ms)!.HigherIsBetter);
        Assert.IsNull(MetricCatalog.Find(ModelTask.BinaryClassification, ModelPerformance.LatencyP99Ms), "not a metric a search can optimise");
    }

    [TestMethod]
    [DataRow(1.0, true)]
    [DataRow(1.0001, false)]
    public void ALatencyAboveItsMaximumIsMLB4001AtTheGate(double p99, bool passes)
    {
        var (verdict, diagnostics) = Judge(Gate("latency-p99-ms", "\"max\": 1"), "latency-p99-ms", p99);

        Assert.AreEqual(passes, verdict.Passed);
        if (passes) Assert.IsEmpty(diagnostics.Items);
        else
        {
            DiagnosticAssert.IsError(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateFailed), DiagnosticCodes.GateFailed, SpecText.DefaultPath, 6, 5);
            StringAssert.Contains(diagnostics.Items[0].Message, "latency-p99-ms = 1.0001 is above the maximum 1");
        }
    }

    [TestMethod]
    public void AThroughputBelowItsMinimumFails()
    {
        var (verdict, diagnostics) = Judge(Gate("throughput-rows-per-second", "\"min\": 1000"), "throughput-rows-per-second", 999);

        Assert.IsFalse(verdict.Passed);
        StringAssert.Contains(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateFailed).Message, "below the minimum 1000");
    }

    [TestMethod]
    public void AFigureNotMeasuredIsMLB4002()
    {
        var (verdict, diagnostics) = Judge(Gate("latency-p50-ms", "\"max\": 1"), "latency-p50-ms", double.NaN);

        Assert.IsFalse(verdict.Passed);
        StringAssert.Contains(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateMetricUnavailable).Message, "not measured");
    }

    [TestMethod]
    [DataRow(1.5, true)] // a rise of exactly maxRise
    [DataRow(0.2, true)] // faster is better
    [DataRow(1.51, false)]
    public void MaxRiseOfALatencyBoundsHowMuchSlowerItMayGet(double p95, bool passes)
    {
        var (verdict, diagnostics) = Judge(Gate("latency-p95-ms", "\"maxRise\": 0.5"), "latency-p95-ms", p95, baseline: 1.0);

        Assert.AreEqual(passes, verdict.Passed, DiagnosticAssert.Describe(diagnostics));
        if (!passes) DiagnosticAssert.IsError(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateRegressed), DiagnosticCodes.GateRegressed, SpecText.DefaultPath, 6, 5);
    }

    [TestMethod]
    [DataRow(900.0, true)]
    [DataRow(2000.0, true)]
    [DataRow(899.0, false)]
    public void MaxRelativeDropOfThroughputBoundsAFall(double throughput, bool passes)
    {
        var (verdict, _) = Judge(Gate("throughput-rows-per-second", "\"maxRelativeDrop\": 0.1"), "throughput-rows-per-second", throughput, baseline: 1000);

        Assert.AreEqual(passes, verdict.Passed);
    }
}
