using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Gates;

[TestClass]
public sealed class GateEvaluatorTests
{
    // Gates at lines 6, 7 and 8, each starting at column 5.
    private static readonly ModelSpec Spec = SpecText.Parse(SpecText.Minimal("binary-classification", more: """
        "gates": [
            { "metric": "auc", "min": 0.8 },
            { "metric": "log-loss", "max": 0.5 },
            { "metric": "accuracy", "min": 0.7, "max": 0.99 }
          ]
        """));

    private static Dictionary<string, double> Metrics(double auc, double logLoss, double accuracy) =>
        new() { ["auc"] = auc, ["log-loss"] = logLoss, ["accuracy"] = accuracy, ["f1"] = 0.5 };

    [TestMethod]
    public void GateLocationsAreTheGateObjects()
    {
        CollectionAssert.AreEqual(new[] { 6, 7, 8 }, Spec.Gates.Select(g => g.Location.Line).ToArray());
        CollectionAssert.AreEqual(new[] { 5, 5, 5 }, Spec.Gates.Select(g => g.Location.Column).ToArray());
    }

    [TestMethod]
    public void MetricsWithinTheirBoundsPass()
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, Metrics(0.9, 0.3, 0.8), diagnostics);

        Assert.IsEmpty(diagnostics.Items);
        // Every gate is a diagnostic: a passed one is an MLB4000 note at its line, naming the value and its bounds.
        Assert.AreEqual("Model.mlmodel.json(6,5): info MLB4000: Gate passed: auc = 0.9 (≥ 0.8).", Path.GetFileName(diagnostics.Notes[0].ToString()));
        CollectionAssert.AreEqual(new[] { 6, 7, 8 }, diagnostics.Notes.Select(n => n.Line).ToArray());
        Assert.IsTrue(diagnostics.Notes.All(n => n.Code == DiagnosticCodes.GatePassed && n.Severity == Severity.Info));
        Assert.AreEqual("Gate passed: accuracy = 0.8 (≥ 0.7, ≤ 0.99).", diagnostics.Notes[2].Message);
        Assert.AreEqual(new GateResult("auc", 0.9, 0.8, null, true, Line: 6), results[0]);
        Assert.AreEqual(new GateResult("log-loss", 0.3, null, 0.5, true, Line: 7), results[1]);
        Assert.AreEqual(new GateResult("accuracy", 0.8, 0.7, 0.99, true, Line: 8), results[2]);
    }

    [TestMethod]
    [DataRow(0.8, 0.5, 0.7)]
    [DataRow(0.8, 0.5, 0.99)]
    public void MetricEqualToItsBoundPasses(double auc, double logLoss, double accuracy)
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, Metrics(auc, logLoss, accuracy), diagnostics);
        Assert.IsEmpty(diagnostics.Items);
        Assert.IsTrue(results.All(r => r.Passed));
    }

    [TestMethod]
    public void MetricBelowItsMinimumIsMLB4001AtTheGate()
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, Metrics(0.79, 0.3, 0.8), diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateFailed);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.GateFailed, SpecText.DefaultPath, 6, 5);
        StringAssert.StartsWith(diagnostics.Items[0].Message, "Gate failed: auc = 0.79 is below the minimum 0.8.");
        Assert.AreEqual(new GateResult("auc", 0.79, 0.8, null, false, Line: 6, Code: "MLB4001"), results[0]);
        Assert.IsTrue(results[1].Passed && results[2].Passed);
    }

    [TestMethod]
    public void MetricAboveItsMaximumIsMLB4001AtTheGate()
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, Metrics(0.9, 0.51, 0.8), diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateFailed);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.GateFailed, SpecText.DefaultPath, 7, 5);
        StringAssert.StartsWith(diagnostics.Items[0].Message, "Gate failed: log-loss = 0.51 is above the maximum 0.5.");
        Assert.IsFalse(results[1].Passed);
    }

    [TestMethod]
    public void EachFailedGateIsOneMLB4001AtItsOwnLine()
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, Metrics(0.5, 0.9, 0.995), diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateFailed, DiagnosticCodes.GateFailed, DiagnosticCodes.GateFailed);
        CollectionAssert.AreEqual(new[] { 6, 7, 8 }, diagnostics.Items.Select(d => d.Line).ToArray());
        Assert.Contains("accuracy = 0.995 is above the maximum 0.99", diagnostics.Items[2].Message);
        Assert.IsFalse(results.Any(r => r.Passed));
    }

    [TestMethod]
    public void NaNMetricIsMLB4002AtTheGate()
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, Metrics(0.9, double.NaN, 0.8), diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.GateMetricUnavailable, SpecText.DefaultPath, 7, 5);
        Assert.AreEqual(new GateResult("log-loss", null, null, 0.5, false, Line: 7, Code: "MLB4002"), results[1]);
        Assert.IsTrue(results[0].Passed && results[2].Passed);
    }

    [TestMethod]
    public void MetricMissingFromTheResultsIsMLB4002()
    {
        var diagnostics = new DiagnosticList();
        var results = GateEvaluator.Evaluate(Spec, new Dictionary<string, double> { ["auc"] = 0.9, ["log-loss"] = 0.1 }, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        DiagnosticAssert.At(diagnostics.Items[0], SpecText.DefaultPath, 8, 5);
        Assert.IsFalse(results[2].Passed);
    }

    [TestMethod]
    public void SpecWithoutGatesHasNoResults()
    {
        var diagnostics = new DiagnosticList();
        Assert.IsEmpty(GateEvaluator.Evaluate(SpecText.Parse(SpecText.Minimal("regression")), new Dictionary<string, double> { ["rmse"] = 1 }, diagnostics));
        Assert.IsEmpty(diagnostics.Items);
    }
}
