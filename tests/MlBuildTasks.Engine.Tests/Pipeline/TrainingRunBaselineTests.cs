using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>
/// Baselines that are models: a model file, or the released package from a folder feed, scored on the current test part in
/// the same run; the offline fallback to a committed metrics file; and the errors when there is neither.
/// </summary>
[TestClass]
public sealed class TrainingRunBaselineTests
{
    private const string AucGate = "{ \"metric\": \"auc\", \"maxDrop\": 0.01 }";

    /// <summary>"Usage" decides the label; clipped to one value inside the model, the model cannot see it and gets much worse.</summary>
    private const string BlindToUsage = "\"Usage\": { \"type\": \"number\", \"clip\": [0, 0] }";

    /// <summary>The released model (trained once), and a folder feed with it packed as several versions.</summary>
    private static ModelProject _released = null!;

    private static TempFolder _feed = null!;
    private static TempFolder _cache = null!;

    private static readonly string[] FeedVersions = ["0.9.0", "1.0.0", "1.1.0-beta.1", "1.2.0"];

    [ClassInitialize]
    public static void ReleaseOnce(TestContext context)
    {
        _cache = new TempFolder();
        _released = ModelProject.Create(Spec(""), SampleData.Binary(flipFraction: 0.1));
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(Train(_released, diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
        _feed = new TempFolder();
        // Packed by the engine's own packer, as `dotnet pack` would have released them.
        foreach (var version in FeedVersions)
            ModelPackager.Pack(new PackRequest(_released.SpecPath, _released.OutputDirectory, "Churn", version, _feed.Path), new DiagnosticList());
    }

    [ClassCleanup]
    public static void Delete()
    {
        _released.Dispose();
        _feed.Dispose();
        _cache.Dispose();
    }

    private static string ReleasedModelSha => Reproducible.Sha256(File.ReadAllBytes(_released.Artifacts().Model));

    /// <summary>A spec with its gates from line 9 on and the baseline (when given) after them.</summary>
    private static string Spec(string baseline, string gates = AucGate, string columns = "") =>
        "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"trainer\": \"fast-tree\",\n" +
        $"  \"columns\": {{ {columns} }},\n  \"slices\": [\"Plan\"],\n  \"gates\": [\n    {gates}\n  ]" +
        (baseline.Length == 0 ? "" : $",\n  \"baseline\": {baseline}") + "\n}\n";

    private static ModelProject Candidate(string baseline, string gates = AucGate, string columns = "") =>
        ModelProject.Create(Spec(baseline, gates, columns), SampleData.Binary(flipFraction: 0.1));

    private static TrainResult Train(ModelProject project, DiagnosticList diagnostics, string? version = null, bool accept = false) =>
        TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CacheDirectory: _cache.Path, AcceptRegression: accept, PackageVersion: version), diagnostics);

    /// <summary>1-based (line, column) of the first occurrence of <paramref name="token"/> in the project's spec.</summary>
    private static (int Line, int Column) Where(ModelProject project, string token)
    {
        var lines = File.ReadAllLines(project.SpecPath);
        var line = Array.FindIndex(lines, l => l.Contains(token, StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf(token, StringComparison.Ordinal) + 1);
    }

    private static void AssertAt(Diagnostic diagnostic, ModelProject project, string token)
    {
        var (line, column) = Where(project, token);
        DiagnosticAssert.At(diagnostic, project.SpecPath, line, column);
    }

    private static MetricsDocument Metrics(ModelProject project) => ArtifactJson.TryRead<MetricsDocument>(project.Artifacts().Metrics)!;

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    [TestMethod]
    public void TheSameModelAsBaselineIsNoChangeAndTheBaselineIsRecorded()
    {
        using var project = Candidate("{ \"model\": \"baseline/Churn.zip\" }",
            gates: "{ \"metric\": \"auc\", \"maxDrop\": 0 },\n    { \"metric\": \"accuracy\", \"slice\": \"Plan=basic\", \"maxDrop\": 0 }");
        project.Folder.WriteBytes("baseline/Churn.zip", File.ReadAllBytes(_released.Artifacts().Model));
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(Train(project, diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));

        var metrics = Metrics(project);
        foreach (var gate in metrics.Gates)
            Assert.AreEqual((gate.Value, 0.0, true), (gate.Baseline, gate.Change, gate.Passed), gate.ToString());
        Assert.AreEqual(new BaselineOrigin("model", "baseline/Churn.zip", ModelSha256: ReleasedModelSha), metrics.Baseline);
        Assert.AreEqual(metrics.Metrics["auc"], metrics.BaselineMetrics!["auc"]);
        Assert.AreEqual(metrics.Slices!.Single(s => s.Name == "Plan=basic").Metrics["accuracy"], metrics.BaselineSlices!["Plan=basic"]["accuracy"]);
        Assert.IsTrue(metrics.BaselineMetrics.ContainsKey("model-size-bytes"), "the baseline's performance figures are measured too");
        Assert.AreEqual(metrics.Baseline, ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!.Baseline);
        var report = File.ReadAllText(project.Artifacts().ReportMarkdown);
        StringAssert.Contains(report, "### Compared with the baseline (model file &#39;baseline/Churn.zip&#39;, model SHA-256 " + ReleasedModelSha[..12] + ")");
        Assert.ContainsSingle(diagnostics.Messages.Where(m => m.Contains("compared with the baseline model file 'baseline/Churn.zip'", StringComparison.Ordinal)));
        StringAssert.Contains(File.ReadAllText(project.Artifacts().InputList), project.Folder.Combine("baseline/Churn.zip"));
    }

    [TestMethod]
    public void ACandidateWorseThanTheBaselineModelIsMLB4003NamingTheValuesAndTheGateLine()
    {
        using var project = Candidate("{ \"model\": \"baseline/Churn.zip\" }", columns: BlindToUsage,
            gates: "{ \"metric\": \"auc\", \"maxDrop\": 0.01 },\n    { \"metric\": \"accuracy\", \"slice\": \"Plan=basic\", \"maxDrop\": 0.01 }");
        project.Folder.WriteBytes("baseline/Churn.zip", File.ReadAllBytes(_released.Artifacts().Model));
        var diagnostics = new DiagnosticList();

        var result = Train(project, diagnostics);

        Assert.IsFalse(result.Succeeded);
        var errors = diagnostics.Items.Where(d => d.Code == DiagnosticCodes.GateRegressed).ToList();
        Assert.HasCount(2, errors, DiagnosticAssert.Describe(diagnostics));
        var metrics = Metrics(project);
        var auc = metrics.Gates[0];
        Assert.IsGreaterThan(0.01, auc.Baseline!.Value - auc.Value!.Value);
        Assert.AreEqual(Metrics(_released).Metrics["auc"], auc.Baseline, "the baseline model scores the same test rows the same way");
        DiagnosticAssert.IsError(errors[0], DiagnosticCodes.GateRegressed, project.SpecPath, Where(project, "{ \"metric\": \"auc\"").Line, 5);
        StringAssert.Contains(errors[0].Message, $"auc = {auc.Value:0.####} against the baseline {auc.Baseline:0.####} of model file 'baseline/Churn.zip' fell by");
        StringAssert.Contains(errors[0].Message, "more than the maxDrop 0.01");
        DiagnosticAssert.IsError(errors[1], DiagnosticCodes.GateRegressed, project.SpecPath, Where(project, "{ \"metric\": \"accuracy\"").Line, 5);
        StringAssert.Contains(errors[1].Message, "accuracy of slice 'Plan=basic' = ");
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
    }

    [TestMethod]
    public void APackageBaselineIsTheHighestStableVersionBelowTheOneBeingBuiltAndAChangedOneReJudgesWithoutTraining()
    {
        using var project = Candidate($"{{ \"package\": \"Churn\", \"source\": \"{Json(_feed.Path)}\" }}");
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(Train(project, diagnostics, version: "1.1.0").Succeeded, DiagnosticAssert.Describe(diagnostics));

        var metrics = Metrics(project);
        Assert.AreEqual(new BaselineOrigin("package", "Churn", "1.0.0", _feed.Path, ReleasedModelSha), metrics.Baseline);
        Assert.AreEqual((metrics.Metrics["auc"], 0.0), (metrics.Gates[0].Baseline, metrics.Gates[0].Change));
        Assert.IsTrue(File.Exists(Path.Combine(project.Artifacts().BaselineCache, "churn.1.0.0.nupkg")), "the download is kept whole for the next run");
        Assert.DoesNotContain("package:", File.ReadAllText(project.Artifacts().InputList));

        // Same inputs and version: replayed from the recorded baseline values, not scored again.
        var replay = new DiagnosticList();
        Assert.IsTrue(Train(project, replay, version: "1.1.0").Succeeded);
        Assert.IsTrue(replay.Messages.Any(m => m.Contains("not retrained", StringComparison.Ordinal)), string.Join("\n", replay.Messages));

        // A newer version being built has another baseline: judged again, the model restored from the training cache.
        var next = new DiagnosticList();
        var rerun = Train(project, next, version: "1.3.0");
        Assert.IsTrue(rerun.Succeeded, DiagnosticAssert.Describe(next));
        Assert.IsFalse(rerun.Trained, "the baseline is not a training input");
        Assert.AreEqual("1.2.0", Metrics(project).Baseline!.Version);

        // The package's lineage says what the release was compared with.
        using var output = new TempFolder();
        var nupkg = ModelPackager.Pack(new PackRequest(project.SpecPath, project.OutputDirectory, "Churn", "1.3.0", output.Path), new DiagnosticList());
        using var reader = new NuGet.Packaging.PackageArchiveReader(nupkg);
        using var lineage = JsonDocument.Parse(reader.GetStream("model/Churn.lineage.json"));
        var baseline = lineage.RootElement.GetProperty("baseline");
        Assert.AreEqual(("package", "Churn", "1.2.0", ReleasedModelSha),
            (baseline.GetProperty("kind").GetString(), baseline.GetProperty("name").GetString(), baseline.GetProperty("version").GetString(), baseline.GetProperty("modelSha256").GetString()));
        Assert.AreEqual("package:Churn/1.2.0", lineage.RootElement.GetProperty("inputs").EnumerateArray()
            .Single(i => i.GetProperty("role").GetString() == "baseline").GetProperty("path").GetString());
        using var card = new StreamReader(reader.GetStream("README.md"));
        StringAssert.Contains(card.ReadToEnd(), $"- Change gates compared with the baseline package Churn 1.2.0, model SHA-256 {ReleasedModelSha[..12]}");
    }

    [TestMethod]
    public void APinnedVersionIsTheBaselineEvenWithHigherOnesOnTheFeed()
    {
        using var project = Candidate($"{{ \"package\": \"Churn\", \"version\": \"0.9.0\", \"source\": \"{Json(_feed.Path)}\" }}");
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(Train(project, diagnostics, version: "1.1.0").Succeeded, DiagnosticAssert.Describe(diagnostics));

        Assert.AreEqual("0.9.0", Metrics(project).Baseline!.Version);
    }

    [TestMethod]
    public void WithoutASourceTheFeedsOfTheNuGetConfigBesideTheSpecAreUsed()
    {
        using var project = Candidate("{ \"package\": \"Churn\" }");
        project.Folder.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="released-models" value="{_feed.Path}" />
              </packageSources>
            </configuration>
            """);
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(Train(project, diagnostics, version: "1.0.5").Succeeded, DiagnosticAssert.Describe(diagnostics));

        var baseline = Metrics(project).Baseline!;
        Assert.AreEqual(("1.0.0", _feed.Path), (baseline.Version, baseline.Source));
    }

    [TestMethod]
    public void NoStableVersionBelowTheOneBeingBuiltIsAFirstReleaseWhoseChangeGatesPass()
    {
        using var project = Candidate($"{{ \"package\": \"Churn\", \"source\": \"{Json(_feed.Path)}\" }}", columns: BlindToUsage);
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(Train(project, diagnostics, version: "0.5.0").Succeeded, DiagnosticAssert.Describe(diagnostics));

        var message = diagnostics.Messages.Single(m => m.Contains("no baseline to compare with", StringComparison.Ordinal));
        StringAssert.Contains(message, $"Churn has no stable version below 0.5.0 on the feed '{_feed.Path}'");
        StringAssert.Contains(message, "this is its first release); 1 change gate(s) pass without comparing.");
        Assert.IsNull(Metrics(project).Baseline);
        Assert.IsNull(Metrics(project).Gates[0].Baseline);
    }

    [TestMethod]
    public void AnUnreadableFeedFallsBackToTheCommittedMetricsFile()
    {
        using var project = Candidate("{ \"package\": \"Churn\", \"source\": \"no-such-feed\", \"metrics\": \"baseline/Churn.metrics.json\" }");
        project.Folder.Write("baseline/Churn.metrics.json", File.ReadAllText(_released.Artifacts().Metrics));
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(Train(project, diagnostics, version: "1.1.0").Succeeded, DiagnosticAssert.Describe(diagnostics));

        var message = diagnostics.Messages.Single(m => m.Contains("could not be used", StringComparison.Ordinal));
        StringAssert.Contains(message, $"the folder feed '{project.Folder.Combine("no-such-feed")}' does not exist");
        StringAssert.Contains(message, "comparing with the committed metrics file 'baseline/Churn.metrics.json' instead");
        var metrics = Metrics(project);
        Assert.AreEqual(new BaselineOrigin("metrics", "baseline/Churn.metrics.json", Fallback: true), metrics.Baseline);
        Assert.AreEqual(Metrics(_released).Metrics["auc"], metrics.Gates[0].Baseline);
    }

    [TestMethod]
    public void AnUnreadableFeedWithoutAFallbackIsMLB4007AtTheBaselineBeforeTraining()
    {
        using var project = Candidate("{ \"package\": \"Churn\", \"source\": \"no-such-feed\" }");
        var diagnostics = new DiagnosticList();

        var error = DiagnosticAssert.Throws(() => Train(project, diagnostics, version: "1.1.0"), DiagnosticCodes.BaselineFeedFailed);

        AssertAt(error, project, "\"baseline\"");
        StringAssert.Contains(error.Message, "The baseline package Churn could not be used: the folder feed");
        Assert.IsFalse(File.Exists(project.Artifacts().Metrics), "nothing was trained");
    }

    [TestMethod]
    public void APinnedVersionTheFeedDoesNotHaveIsMLB4008ListingWhatItHas()
    {
        using var project = Candidate($"{{ \"package\": \"Churn\", \"version\": \"1.0.7\", \"source\": \"{Json(_feed.Path)}\" }}");

        var error = DiagnosticAssert.Throws(() => Train(project, new DiagnosticList(), version: "1.1.0"), DiagnosticCodes.BaselineVersionNotFound);

        AssertAt(error, project, "\"baseline\"");
        StringAssert.Contains(error.Message, "The feed has: 1.2.0, 1.1.0-beta.1, 1.0.0, 0.9.0.");
    }

    [TestMethod]
    public void ADamagedDownloadIsMLB4007AndDeletedSoTheNextRunDownloadsItAgain()
    {
        using var project = Candidate($"{{ \"package\": \"Churn\", \"version\": \"1.0.0\", \"source\": \"{Json(_feed.Path)}\" }}");
        var cached = project.Folder.Write("obj/ml/baseline/churn.1.0.0.nupkg", "not a package");

        var error = DiagnosticAssert.Throws(() => Train(project, new DiagnosticList(), version: "1.1.0"), DiagnosticCodes.BaselineFeedFailed);

        StringAssert.Contains(error.Message, "Churn 1.0.0 is not a readable package");
        Assert.IsFalse(File.Exists(cached));
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(Train(project, diagnostics, version: "1.1.0").Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual(ReleasedModelSha, Metrics(project).Baseline!.ModelSha256);
    }

    [TestMethod]
    [DataRow(null, "does not exist")]
    [DataRow("not a model", "cannot be loaded as an ML.NET model")]
    public void AMissingOrUnloadableModelFileIsMLB4006AtTheBaseline(string? content, string message)
    {
        using var project = Candidate("{ \"model\": \"baseline/Churn.zip\" }");
        if (content is not null) project.Folder.Write("baseline/Churn.zip", content);

        var error = DiagnosticAssert.Throws(() => Train(project, new DiagnosticList()), DiagnosticCodes.BaselineModelUnusable);

        AssertAt(error, project, "\"baseline\"");
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void ABaselineModelThatCannotScoreTheCurrentDataIsMLB4006()
    {
        // Usage is no longer an input, so the released model, which needs it, has nothing to read it from.
        using var project = Candidate("{ \"model\": \"baseline/Churn.zip\" }", columns: "\"Usage\": { \"type\": \"number\", \"ignore\": true }");
        project.Folder.WriteBytes("baseline/Churn.zip", File.ReadAllBytes(_released.Artifacts().Model));

        var error = DiagnosticAssert.Throws(() => Train(project, new DiagnosticList()), DiagnosticCodes.BaselineModelUnusable);

        AssertAt(error, project, "\"baseline\"");
        StringAssert.Contains(error.Message, "cannot score the current test data");
    }
}
