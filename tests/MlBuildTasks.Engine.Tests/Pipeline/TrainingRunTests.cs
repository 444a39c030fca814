using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>An app's view of the binary sample model's input (column names and .NET types as metrics.json lists them).</summary>
public sealed class ChurnInput
{
    public float Age { get; set; }
    public string Plan { get; set; } = "";
    public float Usage { get; set; }
}

public sealed class ChurnPrediction
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
}

public sealed class SizeInput
{
    public float Length { get; set; }
    public float Width { get; set; }
}

public sealed class SizePrediction
{
    public string PredictedLabel { get; set; } = "";
}

[TestClass]
public sealed class TrainingRunTests
{
    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static JsonElement ReadJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static string[] Names(JsonElement metrics) => metrics.EnumerateObject().Select(p => p.Name).ToArray();

    [TestMethod]
    public void BinaryRunWritesModelMetricsManifestAndInputList()
    {
        using var project = ModelProject.Binary();
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.IsTrue(result.Trained);
        Assert.IsEmpty(DiagnosticAssert.WithoutSkew(diagnostics), DiagnosticAssert.Describe(diagnostics));
        var paths = project.Artifacts();
        Assert.AreEqual(paths.Model, result.ModelPath);
        Assert.AreEqual(paths.Metrics, result.MetricsPath);
        Assert.IsTrue(File.Exists(paths.Model));
        Assert.AreEqual(project.SpecPath + "\n" + project.DataPath + "\n", File.ReadAllText(paths.InputList));

        var metrics = ReadJson(paths.Metrics);
        Assert.AreEqual(1, metrics.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual("Churn", metrics.GetProperty("model").GetString());
        Assert.AreEqual("binary-classification", metrics.GetProperty("task").GetString());
        Assert.AreEqual("fast-tree", metrics.GetProperty("trainer").GetString());
        Assert.AreEqual(42, metrics.GetProperty("seed").GetInt32());
        Assert.AreEqual("Churned", metrics.GetProperty("label").GetString());
        var trainRows = metrics.GetProperty("trainRows").GetInt32();
        var testRows = metrics.GetProperty("testRows").GetInt32();
        Assert.AreEqual(300, trainRows + testRows);
        Assert.IsInRange(59, 61, testRows);
        CollectionAssert.AreEquivalent(new[] { "auc", "auprc", "accuracy", "f1", "precision", "recall", "log-loss" }, Names(metrics.GetProperty("metrics")));
        Assert.IsGreaterThanOrEqualTo(0.95, metrics.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.IsTrue(metrics.GetProperty("gatesPassed").GetBoolean());
        var gate = metrics.GetProperty("gates").EnumerateArray().Single();
        Assert.AreEqual("auc", gate.GetProperty("metric").GetString());
        Assert.AreEqual(0.8, gate.GetProperty("min").GetDouble());
        Assert.IsTrue(gate.GetProperty("passed").GetBoolean());
        var inputs = metrics.GetProperty("inputs").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()}:{i.GetProperty("kind").GetString()}:{i.GetProperty("dataType").GetString()}").ToArray();
        CollectionAssert.AreEqual(new[] { "Age:number:Single", "Plan:category:String", "Usage:number:Single" }, inputs);

        var manifest = ArtifactJson.TryRead<RunManifest>(paths.Manifest)!;
        Assert.IsTrue(manifest.GatesPassed);
        Assert.AreEqual(Sha256(paths.Model), manifest.ModelSha256);
        Assert.AreEqual("fast-tree", manifest.Trainer);
        Assert.AreEqual(42, manifest.Seed);
        Assert.MatchesRegex("^[0-9a-f]{32}$", manifest.Fingerprint);
        CollectionAssert.AreEqual(
            new[] { $"spec|{project.SpecPath}|{ContentFingerprint.OfFile(project.SpecPath)}", $"data|{project.DataPath}|{ContentFingerprint.OfFile(project.DataPath)}" },
            manifest.Inputs.Select(i => $"{i.Role}|{i.Path}|{i.Fingerprint}").ToArray());

        Assert.IsNotNull(result.Metrics);
        Assert.AreEqual(metrics.GetProperty("metrics").GetProperty("auc").GetDouble(), result.Metrics.Metrics["auc"]);
    }

    [TestMethod]
    public void BinaryModelPredictsTheRuleItWasTrainedOn()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Succeeded);

        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(project.Artifacts().Model, out _);
        var engine = ml.Model.CreatePredictionEngine<ChurnInput, ChurnPrediction>(model);

        Assert.IsTrue(engine.Predict(new ChurnInput { Age = 40, Plan = "basic", Usage = 5 }).PredictedLabel);
        Assert.IsFalse(engine.Predict(new ChurnInput { Age = 40, Plan = "basic", Usage = 90 }).PredictedLabel);
    }

    [TestMethod]
    public void RegressionRunReportsRegressionMetrics()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"gates\": [ { \"metric\": \"r-squared\", \"min\": 0.8 } ] }",
            SampleData.Regression(), "Prices.mlmodel.json");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        var metrics = ReadJson(project.Artifacts().Metrics);
        Assert.AreEqual("regression", metrics.GetProperty("task").GetString());
        CollectionAssert.AreEquivalent(new[] { "r-squared", "rmse", "mae", "mse" }, Names(metrics.GetProperty("metrics")));
        Assert.IsGreaterThan(0.8, metrics.GetProperty("metrics").GetProperty("r-squared").GetDouble());
        Assert.AreEqual(40, metrics.GetProperty("testRows").GetInt32());
        Assert.IsTrue(File.Exists(project.Artifacts().Model));
    }

    [TestMethod]
    public void MulticlassRunReportsMulticlassMetricsAndPredictsClassNames()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"multiclass-classification\", \"data\": \"data.csv\", \"label\": \"Size\", \"trainer\": \"lbfgs-maximum-entropy\", \"gates\": [ { \"metric\": \"micro-accuracy\", \"min\": 0.8 } ] }",
            SampleData.Multiclass(), "Sizes.mlmodel.json");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual("lbfgs-maximum-entropy", result.Metrics!.Trainer);
        CollectionAssert.AreEquivalent(new[] { "micro-accuracy", "macro-accuracy", "log-loss", "log-loss-reduction" }, result.Metrics.Metrics.Keys.ToArray());
        Assert.IsGreaterThan(0.8, result.Metrics.Metrics["micro-accuracy"]!.Value);

        var ml = new MLContext(seed: 1);
        var engine = ml.Model.CreatePredictionEngine<SizeInput, SizePrediction>(ml.Model.Load(result.ModelPath, out _));
        Assert.AreEqual("small", engine.Predict(new SizeInput { Length = 3, Width = 5 }).PredictedLabel);
        Assert.AreEqual("large", engine.Predict(new SizeInput { Length = 28, Width = 5 }).PredictedLabel);
    }

    [TestMethod]
    public void LogLossGateOnAnUncalibratedTrainerIsMLB4002()
    {
        using var project = ModelProject.Binary(gates: "{ \"metric\": \"log-loss\", \"max\": 1 }", trainer: "fast-forest");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        DiagnosticAssert.CodesBesidesSkew(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        DiagnosticAssert.IsError(DiagnosticAssert.WithoutSkew(diagnostics)[0], DiagnosticCodes.GateMetricUnavailable, project.SpecPath, 7, 5);
        Assert.IsNull(result.Metrics!.Metrics["log-loss"]);
        Assert.AreEqual(JsonValueKind.Null, ReadJson(project.Artifacts().Metrics).GetProperty("metrics").GetProperty("log-loss").ValueKind);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
    }

    [TestMethod]
    public void ModelNameOfTheRequestNamesTheArtifacts()
    {
        using var project = ModelProject.Binary();
        var result = TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, ModelName: "Retention"), new DiagnosticList());

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual(Path.Combine(project.OutputDirectory, "Retention.zip"), result.ModelPath);
        Assert.AreEqual("Retention", result.Metrics!.Model);
        CollectionAssert.AreEquivalent(
            new[] { "Retention.zip", "Retention.metrics.json", "Retention.manifest.json", "Retention.inputs.txt", "Retention.validation.json", "Retention.profile.json",
                "Retention.report.md", "Retention.report.html" },
            Directory.GetFiles(project.OutputDirectory).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void SecondRunWithTheSameInputsReusesTheModel()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Trained);
        var paths = project.Artifacts();
        var model = File.ReadAllBytes(paths.Model);
        var manifest = File.ReadAllBytes(paths.Manifest);
        var metrics = File.ReadAllBytes(paths.Metrics);
        var diagnostics = new DiagnosticList();

        var second = project.Train(diagnostics);

        Assert.IsTrue(second.Succeeded);
        Assert.IsFalse(second.Trained);
        Assert.IsEmpty(diagnostics.Items);
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("not retrained", StringComparison.Ordinal)), string.Join("\n", diagnostics.Messages));
        CollectionAssert.AreEqual(model, File.ReadAllBytes(paths.Model));
        CollectionAssert.AreEqual(manifest, File.ReadAllBytes(paths.Manifest), "the manifest (with its training time) is not rewritten");
        CollectionAssert.AreEqual(metrics, File.ReadAllBytes(paths.Metrics));
        Assert.IsNotNull(second.Metrics);
        Assert.AreEqual("Churn", second.Metrics.Model);
    }

    [TestMethod]
    public void ForceRetrainsWithTheSameInputs()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Trained);
        var firstTrainedAt = ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!.TrainedAtUtc;

        var forced = project.Train(force: true);

        Assert.IsTrue(forced.Succeeded);
        Assert.IsTrue(forced.Trained);
        Assert.AreNotEqual(firstTrainedAt, ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!.TrainedAtUtc);
    }

    [TestMethod]
    public void ChangingOneByteOfTheDataRetrains()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Trained);
        var before = ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!;

        // One byte: the second digit of the first row's Age, so the file stays valid but differs.
        var bytes = File.ReadAllBytes(project.DataPath);
        var firstDigit = Array.IndexOf(bytes, (byte)'\n') + 2;
        bytes[firstDigit] = bytes[firstDigit] == (byte)'5' ? (byte)'6' : (byte)'5';
        File.WriteAllBytes(project.DataPath, bytes);

        var second = project.Train();

        Assert.IsTrue(second.Succeeded);
        Assert.IsTrue(second.Trained);
        var after = ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!;
        Assert.AreNotEqual(before.Fingerprint, after.Fingerprint);
        Assert.AreEqual(before.Inputs[0].Fingerprint, after.Inputs[0].Fingerprint, "spec unchanged");
        Assert.AreNotEqual(before.Inputs[1].Fingerprint, after.Inputs[1].Fingerprint, "data changed");
    }

    [TestMethod]
    public void AlteredModelFileIsRetrained()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Trained);
        File.AppendAllText(project.Artifacts().Model, "tampered");

        var second = project.Train();

        Assert.IsTrue(second.Trained);
        Assert.AreEqual(ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!.ModelSha256, Sha256(project.Artifacts().Model));
    }

    [TestMethod]
    public void SameSeedGivesTheSameMetricsAndModelBytes()
    {
        using var project = ModelProject.Binary(flipFraction: 0.1);
        var first = project.Train(outputDirectory: project.Folder.Combine("out1"));
        var second = project.Train(outputDirectory: project.Folder.Combine("out2"));

        Assert.IsTrue(first.Trained && second.Trained);
        CollectionAssert.AreEqual(first.Metrics!.Metrics.ToArray(), second.Metrics!.Metrics.ToArray());
        CollectionAssert.AreEqual(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(second.ModelPath));
        Assert.AreEqual(
            ArtifactJson.TryRead<RunManifest>(project.Artifacts(project.Folder.Combine("out1")).Manifest)!.Fingerprint,
            ArtifactJson.TryRead<RunManifest>(project.Artifacts(project.Folder.Combine("out2")).Manifest)!.Fingerprint);
    }

    [TestMethod]
    public void MissedGateIsMLB4001AndLeavesNoModel()
    {
        using var project = ModelProject.Binary(gates: "{ \"metric\": \"auc\", \"min\": 0.9999 }", flipFraction: 0.2);
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        Assert.IsTrue(result.Trained);
        DiagnosticAssert.CodesBesidesSkew(diagnostics, DiagnosticCodes.GateFailed);
        var gateFailed = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateFailed);
        DiagnosticAssert.IsError(gateFailed, DiagnosticCodes.GateFailed, project.SpecPath, 7, 5);
        Assert.Contains("is below the minimum 0.9999", gateFailed.Message);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
        Assert.IsFalse(ReadJson(project.Artifacts().Metrics).GetProperty("gatesPassed").GetBoolean());
        var manifest = ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!;
        Assert.IsFalse(manifest.GatesPassed);
        Assert.IsNull(manifest.ModelSha256);
    }

    [TestMethod]
    public void MissedGateIsReplayedWithoutTrainingWhenNothingChanged()
    {
        using var project = ModelProject.Binary(gates: "{ \"metric\": \"auc\", \"min\": 0.9999 }", flipFraction: 0.2);
        var first = new DiagnosticList();
        project.Train(first);
        var metrics = File.ReadAllBytes(project.Artifacts().Metrics);
        var second = new DiagnosticList();

        var replay = project.Train(second);

        Assert.IsFalse(replay.Succeeded);
        Assert.IsFalse(replay.Trained);
        DiagnosticAssert.Codes(second, DiagnosticCodes.GateFailed);
        Assert.AreEqual(DiagnosticAssert.Single(first, DiagnosticCodes.GateFailed), second.Items[0]);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
        CollectionAssert.AreEqual(metrics, File.ReadAllBytes(project.Artifacts().Metrics));
    }

    [TestMethod]
    public void ReplayOfAMissedGateReportsItEvenWhenTheBoundIsAHairAboveTheValue()
    {
        using var project = ModelProject.Binary(gates: "{ \"metric\": \"auc\", \"min\": 0.5 }", flipFraction: 0.2);
        var first = project.Train();
        Assert.IsTrue(first.Succeeded);
        var recorded = first.Metrics!.Metrics["auc"]!.Value;
        var exact = ExactTestAuc(project);
        Assert.AreEqual(exact, recorded, "metrics.json records the exact value, so a replay reaches the same verdict");

        // A bound the exact AUC misses by less than any display rounding.
        var bound = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(exact) + 1).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var gate = $"\"min\": {bound}";
        File.WriteAllText(project.SpecPath, File.ReadAllText(project.SpecPath).Replace("\"min\": 0.5", gate, StringComparison.Ordinal));
        var trained = new DiagnosticList();
        Assert.IsFalse(project.Train(trained).Succeeded);
        DiagnosticAssert.CodesBesidesSkew(trained, DiagnosticCodes.GateFailed);

        var replayed = new DiagnosticList();
        var replay = project.Train(replayed);

        Assert.IsFalse(replay.Trained);
        Assert.IsFalse(replay.Succeeded);
        DiagnosticAssert.Codes(replayed, DiagnosticCodes.GateFailed);
    }

    /// <summary>The AUC of the saved model on the run's test split, unrounded.</summary>
    private static double ExactTestAuc(ModelProject project)
    {
        var diagnostics = new DiagnosticList();
        var spec = SpecParser.Load(project.SpecPath, diagnostics);
        var data = DataScan.Run(spec, spec.Data, null, new ValidationOptions(), collect: true, diagnostics).Data!;
        var test = data.ToDataView(DataSplitter.Split(data.Classes, data.RowCount, spec).Test);
        var ml = new MLContext(spec.Seed);
        var model = ml.Model.Load(project.Artifacts().Model, out _);
        return ml.BinaryClassification.Evaluate(model.Transform(test), ColumnNames.Label).AreaUnderRocCurve;
    }

    [TestMethod]
    public void ClassWithOneRowLeavesTheTestPartWithOneClassAndIsMLB3002()
    {
        var csv = new StringBuilder("Usage,Churned\n1,yes\n");
        for (var i = 0; i < 50; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{10 + i},no\n");
        using var project = ModelProject.Create(SpecText.Minimal("binary-classification", "Churned"), csv.ToString());

        DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.TrainingTooFewRows);

        Assert.IsFalse(File.Exists(project.Artifacts().Model));
    }

    [TestMethod]
    public void MissedGateRemovesTheModelOfAnEarlierRun()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Succeeded);
        Assert.IsTrue(File.Exists(project.Artifacts().Model));
        File.WriteAllText(project.SpecPath, File.ReadAllText(project.SpecPath).Replace("\"min\": 0.8", "\"max\": 0.5", StringComparison.Ordinal));
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        Assert.IsTrue(result.Trained);
        DiagnosticAssert.CodesBesidesSkew(diagnostics, DiagnosticCodes.GateFailed);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
    }

    [TestMethod]
    public void InvalidDataFailsWithMLB2xxxAndWritesNoModel()
    {
        var csv = SampleData.Binary(rows: 60);
        var lines = csv.Split('\n');
        lines[3] = "old," + lines[3][(lines[3].IndexOf(',', StringComparison.Ordinal) + 1)..];
        using var project = ModelProject.Create(
            "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"columns\": { \"Age\": { \"type\": \"number\" } }\n}",
            string.Join("\n", lines));
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        Assert.IsFalse(result.Trained);
        Assert.IsNull(result.Metrics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.DataTypeMismatch, project.DataPath, 4, 1);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
        Assert.IsFalse(File.Exists(project.Artifacts().Metrics));
        Assert.IsFalse(File.Exists(project.Artifacts().Manifest));
    }

    [TestMethod]
    public void MalformedCsvThrowsMLB2004AndWritesNoModel()
    {
        using var project = ModelProject.Create(SpecText.Minimal("regression", "Price"), "Size,Price\n1,2\n3\n");
        DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.DataMalformed);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
        Assert.IsFalse(File.Exists(project.Artifacts().Manifest));
    }

    [TestMethod]
    public void MissingDataFileIsMLB2001AtTheSpecsDataField()
    {
        using var project = ModelProject.Create(SpecText.Minimal("regression", "Price"), "Size,Price\n1,2\n");
        File.Delete(project.DataPath);
        var error = DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.DataFileNotFound);
        DiagnosticAssert.At(error, project.SpecPath, 3, 3);
    }

    [TestMethod]
    public void SeparateTestDataIsUsedInsteadOfASplit()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"testData\": \"test.csv\", \"label\": \"Price\" }",
            SampleData.Regression(rows: 150), "Prices.mlmodel.json");
        var testPath = project.Folder.Write("test.csv", SampleData.Regression(rows: 30, seed: 9));

        var result = project.Train();

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual(150, result.Metrics!.TrainRows);
        Assert.AreEqual(30, result.Metrics.TestRows);
        Assert.AreEqual(project.SpecPath + "\n" + project.DataPath + "\n" + testPath + "\n", File.ReadAllText(project.Artifacts().InputList));
        CollectionAssert.AreEqual(new[] { "spec", "data", "testData" }, ArtifactJson.TryRead<RunManifest>(project.Artifacts().Manifest)!.Inputs.Select(i => i.Role).ToArray());
    }

    [TestMethod]
    public void TestDataWithOtherColumnsIsMLB2012AtItsHeader()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"testData\": \"test.csv\", \"label\": \"Price\" }",
            "Size,Price\n1,2\n3,4\n", "Prices.mlmodel.json");
        var testPath = project.Folder.Write("test.csv", "Size,Rooms,Price\n1,1,2\n");

        var error = DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.DataHeadersDiffer);

        DiagnosticAssert.At(error, testPath, 1, 1);
    }

    [TestMethod]
    public void InvalidSpecThrowsBeforeAnyArtifactIsWritten()
    {
        using var project = ModelProject.Create("{ \"task\": \"regression\", \"data\": \"data.csv\" }", "Size,Price\n1,2\n");
        var diagnostics = new DiagnosticList();
        DiagnosticAssert.Throws(() => project.Train(diagnostics), DiagnosticCodes.SpecInvalidValue);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecMissingField);
        Assert.IsFalse(Directory.Exists(project.OutputDirectory));
    }
}
