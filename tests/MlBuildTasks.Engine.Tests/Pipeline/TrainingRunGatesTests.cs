using System.Globalization;
using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Caching;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>Change gates in a run: the baseline file re-judges the model (not retraining it), and MlAcceptRegression releases it on record.</summary>
[TestClass]
public sealed class TrainingRunGatesTests
{
    // The gate is at line 7, column 5.
    private static ModelProject Project() => ModelProject.Create(
        "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"trainer\": \"fast-tree\",\n" +
        "  \"gates\": [\n    { \"metric\": \"auc\", \"maxDrop\": 0.01 }\n  ],\n" +
        "  \"baseline\": { \"metrics\": \"baseline/Churn.metrics.json\", \"optional\": true }\n}\n",
        SampleData.Binary(flipFraction: 0.1));

    private static TrainResult Train(ModelProject project, DiagnosticList diagnostics, bool accept = false) =>
        TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CacheDirectory: project.Folder.Combine("cache"), AcceptRegression: accept), diagnostics);

    [TestMethod]
    public void ABetterBaselineFailsTheRunAndAcceptingTheRegressionReleasesItOnRecord()
    {
        using var project = Project();
        var paths = project.Artifacts();

        // No baseline yet: the change gate passes, and one message says so.
        var first = new DiagnosticList();
        Assert.IsTrue(Train(project, first).Succeeded, DiagnosticAssert.Describe(first));
        DiagnosticAssert.CodesBesidesSkew(first);
        Assert.ContainsSingle(first.Messages.Where(m => m.Contains("no baseline to compare with", StringComparison.Ordinal)));
        var metrics = ArtifactJson.TryRead<MetricsDocument>(paths.Metrics)!;
        var candidate = metrics.Metrics["auc"]!.Value;
        var manifest = ArtifactJson.TryRead<RunManifest>(paths.Manifest)!;
        Assert.AreEqual("missing", manifest.Inputs.Single(i => i.Role == InputTracking.BaselineRole).Fingerprint);
        StringAssert.Contains(File.ReadAllText(paths.InputList), project.Folder.Combine("baseline/Churn.metrics.json"));
        var key = TrainingCacheKey.For(MlBuildTasks.Engine.Spec.SpecParser.Load(project.SpecPath, new DiagnosticList()), manifest.Inputs);

        // A committed baseline with a better AUC: the same model (from the cache, not trained again) now fails, MLB4003 at the gate.
        var better = candidate + 0.05;
        project.Folder.Write("baseline/Churn.metrics.json",
            $"{{ \"task\": \"binary-classification\", \"metrics\": {{ \"auc\": {better.ToString("R", CultureInfo.InvariantCulture)} }} }}");
        var second = new DiagnosticList();
        var failed = Train(project, second);
        Assert.IsFalse(failed.Succeeded);
        Assert.IsFalse(failed.Trained, "the baseline is not a training input");
        var error = DiagnosticAssert.Single(second, DiagnosticCodes.GateRegressed);
        DiagnosticAssert.IsError(error, DiagnosticCodes.GateRegressed, project.SpecPath, 7, 5);
        StringAssert.Contains(error.Message, $"auc = {candidate:0.####} against the baseline {better:0.####} fell by 0.05 (worse), more than the maxDrop 0.01");
        Assert.IsFalse(File.Exists(paths.Model));
        manifest = ArtifactJson.TryRead<RunManifest>(paths.Manifest)!;
        Assert.AreEqual(key, TrainingCacheKey.For(MlBuildTasks.Engine.Spec.SpecParser.Load(project.SpecPath, new DiagnosticList()), manifest.Inputs));
        var gate = ArtifactJson.TryRead<MetricsDocument>(paths.Metrics)!.Gates.Single();
        Assert.AreEqual(("auc", candidate, better, 0.01, false), (gate.Metric, gate.Value!.Value, gate.Baseline!.Value, gate.MaxDrop!.Value, gate.Passed));

        // MlAcceptRegression: a warning with the same code, the model kept, the acceptance recorded.
        var third = new DiagnosticList();
        Assert.IsTrue(Train(project, third, accept: true).Succeeded, DiagnosticAssert.Describe(third));
        Assert.AreEqual(Severity.Warning, DiagnosticAssert.Single(third, DiagnosticCodes.GateRegressed).Severity);
        Assert.IsTrue(File.Exists(paths.Model));
        var accepted = ArtifactJson.TryRead<RunManifest>(paths.Manifest)!.AcceptedRegressions!.Single();
        Assert.AreEqual(("auc", candidate, better, "maxDrop", 0.01), (accepted.Metric, accepted.Value, accepted.Baseline, accepted.Bound, accepted.Limit));
        using (var json = JsonDocument.Parse(File.ReadAllBytes(paths.Metrics)))
            Assert.IsTrue(json.RootElement.GetProperty("gates")[0].GetProperty("acceptedRegression").GetBoolean());

        // Same inputs, still accepting: replayed (the warning again), not rerun. Without the property: the regression fails again.
        var fourth = new DiagnosticList();
        Assert.IsTrue(Train(project, fourth, accept: true).Succeeded);
        Assert.IsTrue(fourth.Messages.Any(m => m.Contains("not retrained", StringComparison.Ordinal)), string.Join("\n", fourth.Messages));
        Assert.AreEqual(Severity.Warning, DiagnosticAssert.Single(fourth, DiagnosticCodes.GateRegressed).Severity);
        var fifth = new DiagnosticList();
        Assert.IsFalse(Train(project, fifth).Succeeded);
        Assert.AreEqual(Severity.Error, DiagnosticAssert.Single(fifth, DiagnosticCodes.GateRegressed).Severity);
        Assert.IsNull(ArtifactJson.TryRead<RunManifest>(paths.Manifest)!.AcceptedRegressions);
    }

    [TestMethod]
    public void AMalformedBaselineFailsBeforeTraining()
    {
        using var project = Project();
        project.Folder.Write("baseline/Churn.metrics.json", "{ \"metrics\": ");
        var diagnostics = new DiagnosticList();
        var error = DiagnosticAssert.Throws(() => Train(project, diagnostics), DiagnosticCodes.BaselineInvalid);
        DiagnosticAssert.At(error, project.SpecPath, 9, 3);
        Assert.IsFalse(Directory.Exists(project.Folder.Combine("cache")), "nothing was trained");
    }
}
