using System.Globalization;
using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Monitoring;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Support.PredictionLogFiles;

namespace MlBuildTasks.Engine.Tests.Monitoring;

/// <summary>
/// The drift check end to end in the engine: a trained model's profile (300 rows, so a small reference: Kolmogorov-Smirnov
/// and chi-squared) against prediction logs written as the runtime writes them, from the same data generator (no drift)
/// or changed on purpose, with feedback for live metrics.
/// </summary>
[TestClass]
public sealed class MonitorRunTests
{
    private static ModelProject _model = null!;

    private const string Monitoring = """
        "monitoring": {
            "columns": { "Age": { "pValue": 0.01 } },
            "gates": [ { "metric": "accuracy", "min": 0.8 } ]
          }
        """;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        _model = ModelProject.Create(
            "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"trainer\": \"fast-tree\",\n" +
            "  \"gates\": [ { \"metric\": \"auc\", \"min\": 0.8 } ],\n  " + Monitoring + "\n}\n",
            SampleData.Binary());
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(_model.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [ClassCleanup]
    public static void Delete() => _model.Dispose();

    private static (DriftDocument Document, DiagnosticList Diagnostics) Check(TempFolder folder, string logs, string? reference = null, string? spec = null)
    {
        var diagnostics = new DiagnosticList();
        var document = MonitorRun.Execute(new MonitorRequest(reference ?? _model.OutputDirectory, logs, folder.Combine("out"), "Churn", spec ?? _model.SpecPath), diagnostics);
        return (document, diagnostics);
    }

    [TestMethod]
    public void TrafficLikeTheTrainingDataDoesNotDrift()
    {
        using var folder = new TempFolder();
        var (document, diagnostics) = Check(folder, WriteLogs(folder, Rows(400, seed: 7)));

        Assert.IsFalse(document.Retrain, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual((3, 0), (document.Dataset.ComparedColumns, document.Dataset.DriftedColumns));
        Assert.IsTrue(document.Columns.All(c => c.Drift.Test is Engine.Monitoring.Drift.DriftTest.KolmogorovSmirnov or Engine.Monitoring.Drift.DriftTest.ChiSquared), "300 training rows: the tests, not the distances");
        Assert.AreEqual(400, document.Current.Records);
        Assert.IsEmpty(diagnostics.Items);
        StringAssert.Contains(diagnostics.Notes.Single(n => n.Code == DiagnosticCodes.MonitorNoDrift && n.Message.Contains("no need to retrain")).Message, "0 of 3 columns drifted");
        foreach (var file in new[] { "Churn.drift.json", "Churn.drift.md", "Churn.drift.html" }) Assert.IsTrue(File.Exists(folder.Combine("out/" + file)), file);
        using var json = JsonDocument.Parse(File.ReadAllBytes(folder.Combine("out/Churn.drift.json")));
        Assert.IsFalse(json.RootElement.GetProperty("retrain").GetBoolean());
    }

    [TestMethod]
    public void ShiftedUsageAndAPlanTakingOverDriftTheDatasetAndSayRetrain()
    {
        using var folder = new TempFolder();
        var rows = Rows(400, seed: 7).Select(r => r with { Usage = r.Usage + 50, Plan = "premium" });

        var (document, diagnostics) = Check(folder, WriteLogs(folder, rows));

        Assert.IsTrue(document.Retrain);
        CollectionAssert.AreEquivalent(new[] { "Plan", "Usage" }, document.Columns.Where(c => c.Drifted).Select(c => c.Drift.Column).ToArray());
        var usage = document.Columns.Single(c => c.Drift.Column == "Usage").Drift;
        Assert.IsLessThan(0.05, usage.PValue!.Value);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MonitorDatasetDrift);
        StringAssert.Contains(error.Message, "retrain: 2 of 3 columns drifted");
        Assert.HasCount(2, diagnostics.Items.Where(d => d.Code == DiagnosticCodes.MonitorColumnDrift));
        StringAssert.Contains(diagnostics.Items.First(d => d.Code == DiagnosticCodes.MonitorColumnDrift && d.Message.Contains("'Usage'")).Message, "Kolmogorov-Smirnov p = ");
        StringAssert.StartsWith(File.ReadAllText(folder.Combine("out/Churn.drift.md")), "<!-- mlbuildtasks-drift:Churn -->\n# Churn: retrain");
        StringAssert.Contains(File.ReadAllText(folder.Combine("out/Churn.drift.html")), "Drifted columns: training vs production");
    }

    [TestMethod]
    public void MissingValuesAndUnseenCategoriesDriftAColumnOnTheirOwn()
    {
        using var folder = new TempFolder();
        var rows = Rows(400, seed: 7).Select((r, i) => r with { Age = i % 4 == 0 ? null : r.Age, Plan = i % 5 == 0 ? "gold" : r.Plan });

        var (document, diagnostics) = Check(folder, WriteLogs(folder, rows));

        var age = document.Columns.Single(c => c.Drift.Column == "Age");
        Assert.IsTrue(age.MissingRose, "25% missing against none in training");
        Assert.AreEqual(0.25, age.Drift.CurrentMissingRate, 1e-9);
        var plan = document.Columns.Single(c => c.Drift.Column == "Plan");
        Assert.IsTrue(plan.TooManyUnseen);
        Assert.AreEqual(0.2, plan.Drift.UnseenRate!.Value, 1e-9);
        StringAssert.Contains(diagnostics.Items.Single(d => d.Code == DiagnosticCodes.MonitorColumnDrift && d.Message.Contains("'Age'")).Message, "missing 0% -> 25% (limit +10%)");
        StringAssert.Contains(diagnostics.Items.Single(d => d.Code == DiagnosticCodes.MonitorColumnDrift && d.Message.Contains("'Plan'")).Message, "20% of values never seen in training (limit 10%)");
    }

    [TestMethod]
    public void LiveMetricsFromFeedbackAreGatedWithTheSpecsGates()
    {
        using var folder = new TempFolder();
        var rows = Rows(400, seed: 7);
        var logs = WriteLogs(folder, rows, wrongEvery: 4); // 75% right: below the live gate's 0.8
        WriteFeedback(folder, rows.Take(200));

        var (document, diagnostics) = Check(folder, logs);

        var live = document.Live!;
        Assert.AreEqual(200, live.JoinedRows);
        Assert.AreEqual(0.75, live.Metrics["accuracy"]!.Value, 1e-9);
        Assert.IsTrue(document.Retrain);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MonitorLiveGateFailed);
        StringAssert.StartsWith(error.Message, "Live metrics: ");
        Assert.AreEqual(_model.SpecPath, error.File);
        Assert.IsTrue(document.Reasons.Any(r => r.StartsWith("live accuracy 0.75", StringComparison.Ordinal)), string.Join("; ", document.Reasons));
    }

    [TestMethod]
    public void AMalformedLineIsSkippedAndNamedAndALastLineStillBeingWrittenIsLeftAlone()
    {
        using var folder = new TempFolder();
        var logs = WriteLogs(folder, Rows(50, seed: 7), extraLine: "{\"id\": \"abc\", \"inputs\": {\"Age\": 3");
        File.AppendAllText(Path.Combine(logs, "Churn.predictions.20261128T000000000Z.1.jsonl"), "{\"id\":\"cut");

        var (document, diagnostics) = Check(folder, logs);

        Assert.AreEqual((50L, 1L), (document.Current.Records, document.Current.MalformedLines));
        var warning = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.MonitorMalformedLog);
        Assert.AreEqual(6, warning.Line);
        StringAssert.EndsWith(warning.File, "Churn.predictions.20261128T000000000Z.1.jsonl");
    }

    [TestMethod]
    public void NoLogsIsAnErrorNamingTheFolderAndTheFileNames()
    {
        using var folder = new TempFolder();
        var error = DiagnosticAssert.Throws(() => Check(folder, folder.CreateDirectory("empty")), DiagnosticCodes.MonitorNoLogs);
        StringAssert.Contains(error.Message, "Churn.predictions.*.jsonl");
    }

    [TestMethod]
    public void AColumnTheTrainingDataDidNotHaveIsAnErrorAtItsSpecLine()
    {
        using var folder = new TempFolder();
        var spec = folder.Write("Churn.mlmodel.json", File.ReadAllText(_model.SpecPath).Replace("\"Age\": { \"pValue\": 0.01 }", "\"Agee\": { \"ignore\": true }", StringComparison.Ordinal)
            .Replace("\"data.csv\"", JsonSerializer.Serialize(Path.Combine(_model.Folder.Path, "data.csv")), StringComparison.Ordinal));

        var error = DiagnosticAssert.Throws(() => Check(folder, WriteLogs(folder, Rows(20, seed: 7)), spec: spec), DiagnosticCodes.MonitorUnknownColumn);

        StringAssert.Contains(error.Message, "'Agee'");
        Assert.AreEqual((spec, 8), (error.File, error.Line));
    }

    [TestMethod]
    public void AModelPackageIsAReferenceLikeTheBuildsFolder()
    {
        using var folder = new TempFolder();
        var package = ModelPackager.Pack(new PackRequest(_model.SpecPath, _model.OutputDirectory, "Contoso.Churn", "1.3.0", folder.CreateDirectory("feed"), PackageFormat.Nupkg), new DiagnosticList());
        var logs = WriteLogs(folder, Rows(400, seed: 7).Select(r => r with { Usage = r.Usage + 50, Plan = "premium" }));

        var fromPackage = Check(folder, logs, reference: package).Document;
        var fromFolder = Check(folder, logs).Document;

        Assert.AreEqual("1.3.0", fromPackage.Reference.Version);
        CollectionAssert.AreEqual(fromFolder.Columns.Select(c => (c.Drift.Statistic, c.Drift.PValue)).ToArray(), fromPackage.Columns.Select(c => (c.Drift.Statistic, c.Drift.PValue)).ToArray());
    }

    [TestMethod]
    public void ReleaseIsTheHighestStableVersionOnTheReleaseFeed()
    {
        using var folder = new TempFolder();
        var feed = folder.CreateDirectory("feed");
        foreach (var version in new[] { "1.0.0", "1.2.0", "1.3.0-beta.1" })
            ModelPackager.Pack(new PackRequest(_model.SpecPath, _model.OutputDirectory, "Contoso.Churn", version, feed, PackageFormat.Nupkg), new DiagnosticList());
        var logs = WriteLogs(folder, Rows(100, seed: 7));

        var document = MonitorRun.Execute(new MonitorRequest("release", logs, folder.Combine("out"), "Churn", _model.SpecPath, PackageId: "Contoso.Churn", PackageOutput: feed), new DiagnosticList());

        Assert.AreEqual("1.2.0", document.Reference.Version, "prereleases are not what production runs");
        StringAssert.StartsWith(document.Reference.Source, "Contoso.Churn 1.2.0 on the package output folder");
        var error = DiagnosticAssert.Throws(() => MonitorRun.Execute(new MonitorRequest("release", logs, folder.Combine("out"), "Churn"), new DiagnosticList()),
            DiagnosticCodes.MonitorReferenceUnreadable);
        StringAssert.Contains(error.Message, "no package id was given");
    }
}
