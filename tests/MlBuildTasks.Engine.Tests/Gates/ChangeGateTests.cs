using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Gates;

/// <summary>Change gates against a baseline: each bound at its inclusive boundary, for higher- and lower-is-better metrics.</summary>
[TestClass]
public sealed class ChangeGateTests
{
    /// <summary>A binary spec with one gate at line 6, column 5.</summary>
    private static ModelSpec BinaryGate(string bounds, string task = "binary-classification", string metric = "auc") =>
        SpecText.Parse(SpecText.Minimal(task, more: $"\"gates\": [\n    {{ \"metric\": \"{metric}\", {bounds} }}\n  ]"));

    private static BaselineMetrics Baseline(string metric, double? value) => new("baseline.metrics.json", new Dictionary<string, double?> { [metric] = value });

    private static (GateVerdict Verdict, DiagnosticList Diagnostics) Judge(ModelSpec spec, string metric, double candidate, double baseline, bool accept = false)
    {
        var diagnostics = new DiagnosticList();
        var verdict = GateEvaluator.Evaluate(spec, new Dictionary<string, double> { [metric] = candidate }, Baseline(metric, baseline), accept, diagnostics);
        return (verdict, diagnostics);
    }

    private static void AssertPasses(ModelSpec spec, string metric, double candidate, double baseline)
    {
        var (verdict, diagnostics) = Judge(spec, metric, candidate, baseline);
        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
        Assert.IsTrue(verdict.Passed);
        Assert.AreEqual(baseline, verdict.Results[0].Baseline);
        Assert.AreEqual(candidate - baseline, verdict.Results[0].Change);
    }

    private static Diagnostic AssertFails(ModelSpec spec, string metric, double candidate, double baseline)
    {
        var (verdict, diagnostics) = Judge(spec, metric, candidate, baseline);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateRegressed);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.GateRegressed, SpecText.DefaultPath, 6, 5);
        Assert.IsFalse(verdict.Passed);
        Assert.IsFalse(verdict.Results[0].Passed);
        Assert.IsEmpty(verdict.Accepted);
        return diagnostics.Items[0];
    }

    [TestMethod]
    [DataRow(0.79)] // a drop of exactly maxDrop: bounds are inclusive, despite 0.80 - 0.79 = 0.010000000000000009
    [DataRow(0.80)]
    [DataRow(0.95)] // a rise of a higher-is-better metric is an improvement
    public void MaxDropOfAHigherIsBetterMetricAllowsAFallUpToTheBound(double candidate) =>
        AssertPasses(BinaryGate("\"maxDrop\": 0.01"), "auc", candidate, 0.80);

    [TestMethod]
    public void APassedChangeGateIsAnMLB4000NoteNamingTheBaselineAndTheChange()
    {
        var diagnostics = new DiagnosticList();
        GateEvaluator.Evaluate(BinaryGate("\"min\": 0.7, \"maxDrop\": 0.01"), new Dictionary<string, double> { ["auc"] = 0.795 }, Baseline("auc", 0.80), false, diagnostics);

        Assert.IsEmpty(diagnostics.Items);
        var note = diagnostics.Notes.Single();
        Assert.AreEqual((DiagnosticCodes.GatePassed, 6), (note.Code, note.Line));
        Assert.AreEqual("Gate passed: auc = 0.795 (≥ 0.7, change within 0.01; baseline 0.8, change -0.0050).", note.Message);
    }

    [TestMethod]
    public void AFallBeyondMaxDropIsMLB4003NamingValuesChangeAndBound()
    {
        var diagnostic = AssertFails(BinaryGate("\"maxDrop\": 0.01"), "auc", 0.7899, 0.80);
        Assert.AreEqual("Change gate failed: auc = 0.7899 against the baseline 0.8 fell by 0.0101 (worse), more than the maxDrop 0.01. "
            + "Improve the model or data, update the baseline file, or release anyway with -p:MlAcceptRegression=true.", diagnostic.Message);
    }

    [TestMethod]
    [DataRow(0.42)] // log-loss rose by exactly 0.02: a drop in quality of 0.02
    [DataRow(0.30)] // log-loss fell: an improvement, however large
    public void MaxDropOfALowerIsBetterMetricAllowsARiseUpToTheBound(double candidate) =>
        AssertPasses(BinaryGate("\"maxDrop\": 0.02", metric: "log-loss"), "log-loss", candidate, 0.40);

    [TestMethod]
    public void ARiseOfALowerIsBetterMetricBeyondMaxDropIsMLB4003()
    {
        var diagnostic = AssertFails(BinaryGate("\"maxDrop\": 0.02", metric: "log-loss"), "log-loss", 0.4201, 0.40);
        StringAssert.Contains(diagnostic.Message, "log-loss = 0.4201 against the baseline 0.4 rose by 0.0201 (worse), more than the maxDrop 0.02");
    }

    [TestMethod]
    public void MaxRiseIsMaxDropOfALowerIsBetterMetricInRawWords()
    {
        var spec = BinaryGate("\"maxRise\": 0.5", task: "regression", metric: "rmse");
        Assert.AreEqual(0.5, spec.Gates[0].MaxDrop);
        AssertPasses(spec, "rmse", 2.5, 2.0);
        AssertPasses(spec, "rmse", 1.0, 2.0);
        StringAssert.Contains(AssertFails(spec, "rmse", 2.5001, 2.0).Message, "rmse = 2.5001 against the baseline 2 rose by 0.5001 (worse), more than the maxRise 0.5");
    }

    [TestMethod]
    [DataRow(0.76)] // 5% of 0.80 is 0.04
    [DataRow(0.90)]
    public void MaxRelativeDropOfAHigherIsBetterMetricIsAFractionOfTheBaseline(double candidate) =>
        AssertPasses(BinaryGate("\"maxRelativeDrop\": 0.05"), "auc", candidate, 0.80);

    [TestMethod]
    public void AFallBeyondMaxRelativeDropIsMLB4003WithThePercentages() =>
        StringAssert.Contains(AssertFails(BinaryGate("\"maxRelativeDrop\": 0.05"), "auc", 0.7599, 0.80).Message,
            "fell by 0.0401 (worse) (5.01% of the baseline), more than the maxRelativeDrop 0.05 (5%)");

    [TestMethod]
    public void MaxRelativeDropOfALowerIsBetterMetricBoundsItsRise()
    {
        var spec = BinaryGate("\"maxRelativeDrop\": 0.05", task: "regression", metric: "rmse");
        AssertPasses(spec, "rmse", 2.1, 2.0);
        AssertPasses(spec, "rmse", 1.5, 2.0);
        AssertFails(spec, "rmse", 2.1001, 2.0);
    }

    [TestMethod]
    public void MaxRelativeDropOfAZeroBaselineAllowsNoDrop()
    {
        var spec = BinaryGate("\"maxRelativeDrop\": 0.5", task: "regression", metric: "mae");
        AssertPasses(spec, "mae", 0, 0);
        AssertFails(spec, "mae", 0.001, 0);
    }

    [TestMethod]
    public void MinGainOfAHigherIsBetterMetricRequiresARiseOfAtLeastTheBound()
    {
        var spec = BinaryGate("\"minGain\": 0.01");
        AssertPasses(spec, "auc", 0.81, 0.80);
        StringAssert.Contains(AssertFails(spec, "auc", 0.8099, 0.80).Message, "rose by 0.0099 (better), short of the minGain 0.01");
        AssertFails(spec, "auc", 0.80, 0.80);
    }

    [TestMethod]
    public void MinGainOfALowerIsBetterMetricRequiresAFallOfAtLeastTheBound()
    {
        var spec = BinaryGate("\"minGain\": 0.1", task: "regression", metric: "rmse");
        AssertPasses(spec, "rmse", 1.9, 2.0);
        AssertFails(spec, "rmse", 1.9001, 2.0);
        AssertFails(spec, "rmse", 2.1, 2.0);
    }

    [TestMethod]
    public void ANegativeMinGainAllowsThatMuchDrop()
    {
        var spec = BinaryGate("\"minGain\": -0.01");
        AssertPasses(spec, "auc", 0.79, 0.80);
        AssertFails(spec, "auc", 0.7899, 0.80);
    }

    [TestMethod]
    public void GateResultRecordsCandidateBaselineBoundsAndVerdict()
    {
        var (verdict, _) = Judge(BinaryGate("\"min\": 0.7, \"maxDrop\": 0.01, \"minGain\": -0.5"), "auc", 0.75, 0.80);
        Assert.AreEqual(new GateResult("auc", 0.75, 0.7, null, false, Baseline: 0.80, Change: 0.75 - 0.80, MaxDrop: 0.01, MinGain: -0.5, Line: 6, Code: "MLB4003"), verdict.Results[0]);
    }

    [TestMethod]
    public void AGateMissingAValueAndAChangeBoundRecordsTheValueBoundsCode()
    {
        var (verdict, _) = Judge(BinaryGate("\"min\": 0.78, \"maxDrop\": 0.01"), "auc", 0.75, 0.80);
        Assert.AreEqual("MLB4001", verdict.Results[0].Code);
        Assert.AreEqual(6, verdict.Results[0].Line);
    }

    [TestMethod]
    public void EachMissedBoundIsOneMLB4003()
    {
        var (_, diagnostics) = Judge(BinaryGate("\"maxDrop\": 0.01, \"maxRelativeDrop\": 0.01, \"minGain\": 0"), "auc", 0.70, 0.80);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateRegressed, DiagnosticCodes.GateRegressed, DiagnosticCodes.GateRegressed);
    }

    [TestMethod]
    public void AcceptedRegressionIsAWarningAndIsRecorded()
    {
        var (verdict, diagnostics) = Judge(BinaryGate("\"min\": 0.7, \"maxDrop\": 0.01"), "auc", 0.75, 0.80, accept: true);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateRegressed);
        Assert.AreEqual(Severity.Warning, diagnostics.Items[0].Severity);
        DiagnosticAssert.At(diagnostics.Items[0], SpecText.DefaultPath, 6, 5);
        StringAssert.StartsWith(diagnostics.Items[0].Message, "Regression accepted (MlAcceptRegression): auc = 0.75 against the baseline 0.8 fell by 0.05 (worse), more than the maxDrop 0.01.");
        Assert.IsTrue(verdict.Passed);
        Assert.IsFalse(verdict.Results[0].Passed);
        Assert.IsTrue(verdict.Results[0].AcceptedRegression);
        Assert.HasCount(1, verdict.Accepted);
        var accepted = verdict.Accepted[0];
        Assert.AreEqual(("auc", 0.75, 0.80, "maxDrop", 0.01), (accepted.Metric, accepted.Value, accepted.Baseline, accepted.Bound, accepted.Limit));
        Assert.AreEqual(0.75 - 0.80, accepted.Change);
    }

    [TestMethod]
    public void AcceptingARegressionNeverExcusesAMissedValueBound()
    {
        var (verdict, diagnostics) = Judge(BinaryGate("\"min\": 0.78, \"maxDrop\": 0.01"), "auc", 0.75, 0.80, accept: true);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateFailed, DiagnosticCodes.GateRegressed);
        Assert.IsTrue(diagnostics.Items.All(d => d.Severity == Severity.Error));
        Assert.IsFalse(verdict.Passed);
        Assert.IsEmpty(verdict.Accepted);
    }

    [TestMethod]
    public void APassingGateIsNotRecordedAsAcceptedWhenAcceptingRegressions()
    {
        var (verdict, diagnostics) = Judge(BinaryGate("\"maxDrop\": 0.01"), "auc", 0.80, 0.80, accept: true);
        Assert.IsEmpty(diagnostics.Items);
        Assert.IsNull(verdict.Results[0].AcceptedRegression);
        Assert.IsEmpty(verdict.Accepted);
    }

    [TestMethod]
    public void AMetricTheBaselineLacksIsMLB4002()
    {
        var diagnostics = new DiagnosticList();
        var verdict = GateEvaluator.Evaluate(BinaryGate("\"maxDrop\": 0.01"), new Dictionary<string, double> { ["auc"] = 0.8 }, Baseline("f1", 0.5), false, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        DiagnosticAssert.At(diagnostics.Items[0], SpecText.DefaultPath, 6, 5);
        Assert.IsFalse(verdict.Passed);
    }

    [TestMethod]
    public void WithoutABaselineChangeGatesPassAndOneMessageSaysSo()
    {
        var diagnostics = new DiagnosticList();
        var spec = BinaryGate("\"min\": 0.7, \"maxDrop\": 0.01");
        var verdict = GateEvaluator.Evaluate(spec, new Dictionary<string, double> { ["auc"] = 0.75 }, baseline: null, acceptRegression: false, diagnostics);

        Assert.IsEmpty(diagnostics.Items);
        Assert.IsTrue(verdict.Passed);
        Assert.AreEqual(new GateResult("auc", 0.75, 0.7, null, true, Line: 6), verdict.Results[0]);
        Assert.HasCount(1, diagnostics.Messages);
        Assert.AreEqual("Model: no baseline to compare with (the spec declares no 'baseline'); 1 change gate(s) pass without comparing.", diagnostics.Messages[0]);
        Assert.AreEqual("Gate passed: auc = 0.75 (≥ 0.7, change within 0.01; no baseline to compare with).", diagnostics.Notes.Single().Message);
    }

    [TestMethod]
    public void WithoutABaselineValueGatesStillFail()
    {
        var diagnostics = new DiagnosticList();
        var verdict = GateEvaluator.Evaluate(BinaryGate("\"min\": 0.8, \"maxDrop\": 0.01"), new Dictionary<string, double> { ["auc"] = 0.75 }, null, false, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.GateFailed);
        Assert.IsFalse(verdict.Passed);
    }

    [TestMethod]
    public void ValueGatesAloneSayNothingAboutABaseline()
    {
        var diagnostics = new DiagnosticList();
        GateEvaluator.Evaluate(BinaryGate("\"min\": 0.7"), new Dictionary<string, double> { ["auc"] = 0.75 }, null, false, diagnostics);
        Assert.IsEmpty(diagnostics.Messages);
    }
}
