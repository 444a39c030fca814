using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>The spec's <c>onnx</c>: the export beside the model, its parity check on the test rows, and the errors.</summary>
[TestClass]
public sealed class TrainingRunOnnxTests
{
    /// <summary>A spec with <paramref name="onnx"/> on line 6 (the line diagnostics point at).</summary>
    private static string Spec(string task, string label, string trainer, string onnx, string gate, string columns = "") =>
        $"{{\n  \"task\": \"{task}\",\n  \"data\": \"data.csv\",\n  \"label\": \"{label}\",\n  \"trainer\": \"{trainer}\",\n" +
        $"  \"onnx\": {onnx},\n  \"columns\": {{ {columns} }},\n  \"gates\": [ {gate} ]\n}}\n";

    private const int OnnxLine = 6;

    private static ModelProject Binary(string onnx = "true", string columns = "", string trainer = "fast-tree") =>
        ModelProject.Create(Spec("binary-classification", "Churned", trainer, onnx, "{ \"metric\": \"auc\", \"min\": 0.8 }", columns), SampleData.Binary(flipFraction: 0.05));

    private static JsonElement OnnxSection(string metricsPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(metricsPath));
        return document.RootElement.GetProperty("onnx").Clone();
    }

    private static string[] Outputs(JsonElement onnx) => onnx.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()!).ToArray();

    /// <summary>Trains, expects success, and checks what every passing export has: the file, its hash, all test rows compared within the tolerance.</summary>
    private static JsonElement TrainAndCheckExport(ModelProject project, double tolerance)
    {
        var diagnostics = new DiagnosticList();
        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.IsEmpty(diagnostics.Items.Where(d => d.Severity == Severity.Error), DiagnosticAssert.Describe(diagnostics));
        var paths = project.Artifacts();
        Assert.IsTrue(File.Exists(paths.Onnx), "no ONNX file beside the model");
        var onnx = OnnxSection(paths.Metrics);
        Assert.AreEqual(Path.GetFileName(paths.Onnx), onnx.GetProperty("file").GetString());
        Assert.AreEqual(Reproducible.Sha256(File.ReadAllBytes(paths.Onnx)), onnx.GetProperty("sha256").GetString());
        Assert.AreEqual(result.Metrics!.TestRows, onnx.GetProperty("rows").GetInt32());
        Assert.IsTrue(onnx.GetProperty("passed").GetBoolean());
        Assert.AreEqual(tolerance, onnx.GetProperty("tolerance").GetDouble());
        Assert.IsLessThanOrEqualTo(tolerance, onnx.GetProperty("maxDifference").GetDouble());
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("ONNX export matches ML.NET on " + result.Metrics.TestRows + " test rows")), string.Join("\n", diagnostics.Messages));
        // Both reports say so for a reviewer.
        var parity = $"`{Path.GetFileName(paths.Onnx)}`: parity with the ML.NET model on {result.Metrics.TestRows:N0} test rows, largest difference ";
        StringAssert.Contains(File.ReadAllText(paths.ReportMarkdown), "### ONNX export\n\n" + parity);
        StringAssert.Contains(File.ReadAllText(paths.ReportHtml), "<h2>ONNX export</h2>\n<p>" + parity);
        StringAssert.Contains(File.ReadAllText(paths.ReportMarkdown), $"(tolerance {tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)}): passed");
        return onnx;
    }

    [TestMethod]
    public void BinaryModelIsExportedAndPredictsTheSameInOnnxRuntime()
    {
        using var project = Binary();

        var onnx = TrainAndCheckExport(project, 1e-4);

        CollectionAssert.AreEqual(new[] { "PredictedLabel", "Score", "Probability" }, Outputs(onnx));
        // Independently of the check: the file on disk, fed one row as an app would, gives the ML.NET model's probability.
        var ml = new MLContext();
        var model = ml.Model.Load(project.Artifacts().Model, out _);
        var engine = ml.Model.CreatePredictionEngine<ChurnInput, ChurnPrediction>(model);
        var expected = engine.Predict(new ChurnInput { Age = 30, Plan = "plus", Usage = 25 });
        using var session = new InferenceSession(project.Artifacts().Onnx);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("Age", new DenseTensor<float>(new[] { 30f }, [1, 1])),
            NamedOnnxValue.CreateFromTensor("Plan", new DenseTensor<string>(new[] { "plus" }, [1, 1])),
            NamedOnnxValue.CreateFromTensor("Usage", new DenseTensor<float>(new[] { 25f }, [1, 1])),
        ]);
        Assert.AreEqual(expected.Probability, results.Single(r => r.Name == "Probability.output").AsTensor<float>()[0], 1e-4);
        Assert.AreEqual(expected.PredictedLabel, results.Single(r => r.Name == "PredictedLabel.output").AsTensor<bool>()[0]);
    }

    [TestMethod]
    public void RegressionModelIsExportedWithItsStatedTolerance()
    {
        using var project = ModelProject.Create(
            Spec("regression", "Price", "fast-tree", "{ \"tolerance\": 0.001 }", "{ \"metric\": \"r-squared\", \"min\": 0.8 }"), SampleData.Regression(), "Prices.mlmodel.json");

        var onnx = TrainAndCheckExport(project, 0.001);

        CollectionAssert.AreEqual(new[] { "Score" }, Outputs(onnx));
    }

    [TestMethod]
    public void MulticlassModelIsExportedWithPerClassScoresAndLabels()
    {
        using var project = ModelProject.Create(
            Spec("multiclass-classification", "Size", "lbfgs-maximum-entropy", "true", "{ \"metric\": \"micro-accuracy\", \"min\": 0.8 }"), SampleData.Multiclass(), "Sizes.mlmodel.json");

        var onnx = TrainAndCheckExport(project, 1e-4);

        CollectionAssert.AreEqual(new[] { "PredictedLabel", "Score" }, Outputs(onnx));
    }

    [TestMethod]
    public void ParityBeyondTheToleranceFailsTheRunAtTheOnnxLineAndWritesNoModel()
    {
        // Probabilities of a logistic model go through exp() in float in ONNX Runtime and in ML.NET's own code: never bit-equal on every row.
        using var project = Binary("{ \"tolerance\": 1e-12 }", trainer: "lbfgs-logistic");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.OnnxParityFailed);
        DiagnosticAssert.IsError(error, DiagnosticCodes.OnnxParityFailed, project.SpecPath, OnnxLine, 3);
        StringAssert.Contains(error.Message, "beyond the tolerance 1E-12");
        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(@"test row \d+ \(data\.csv line \d+\): \w+ is \S+ in ML\.NET and \S+ in ONNX Runtime"));
        var paths = project.Artifacts();
        Assert.IsFalse(File.Exists(paths.Model), "a model that failed its parity check was left behind");
        Assert.IsFalse(File.Exists(paths.Onnx), "an ONNX file that failed its parity check was written");
        var onnx = OnnxSection(paths.Metrics);
        Assert.IsFalse(onnx.GetProperty("passed").GetBoolean());
        Assert.IsGreaterThan(1e-12, onnx.GetProperty("maxDifference").GetDouble());
        StringAssert.Contains(onnx.GetProperty("firstDifference").GetString(), "data.csv line");
        StringAssert.Contains(File.ReadAllText(paths.ReportMarkdown), "(tolerance 1E-12): FAILED, first at test row ");

        // Unchanged inputs do not hide the failure: the run is made again and fails the same way.
        var again = new DiagnosticList();
        Assert.IsFalse(project.Train(again).Succeeded);
        DiagnosticAssert.Single(again, DiagnosticCodes.OnnxParityFailed);
    }

    [TestMethod]
    public void AFeaturizationTheConverterCannotExportIsAnErrorAtTheOnnxLineBeforeTraining()
    {
        using var project = Binary(columns: "\"Usage\": { \"type\": \"number\", \"clip\": [0, 50] }");
        var diagnostics = new DiagnosticList();

        var error = DiagnosticAssert.Throws(() => project.Train(diagnostics), DiagnosticCodes.OnnxNotExportable);

        DiagnosticAssert.IsError(error, DiagnosticCodes.OnnxNotExportable, project.SpecPath, OnnxLine, 3);
        StringAssert.Contains(error.Message, "column 'Usage': 'clip' has no ONNX conversion; remove it, or remove 'onnx'.");
        Assert.IsFalse(File.Exists(project.Artifacts().Metrics), "the model was trained although it could not be exported");
    }

    [TestMethod]
    public void ARestoredModelGetsItsOnnxFileAndAnUnchangedOneIsKept()
    {
        using var project = Binary();
        using var cache = new TempFolder();
        TrainResult Train(string output, DiagnosticList diagnostics) =>
            TrainingRun.Execute(new TrainRequest(project.SpecPath, output, CacheDirectory: cache.Path), diagnostics);
        Assert.IsTrue(Train(project.OutputDirectory, new DiagnosticList()).Trained);
        var exported = File.ReadAllBytes(project.Artifacts().Onnx);

        // Another checkout (a fresh output folder) restores the model from the cache and exports it again.
        var elsewhere = project.Folder.Combine("other/obj/ml");
        var diagnostics = new DiagnosticList();
        var restored = Train(elsewhere, diagnostics);

        Assert.IsTrue(restored.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.IsFalse(restored.Trained);
        CollectionAssert.AreEqual(exported, File.ReadAllBytes(project.Artifacts(elsewhere).Onnx), "the same model should give the same ONNX bytes");
        Assert.IsTrue(OnnxSection(project.Artifacts(elsewhere).Metrics).GetProperty("passed").GetBoolean());

        // Up to date, but the ONNX file was deleted: the run is made again (from the cache) rather than declared up to date.
        File.Delete(project.Artifacts().Onnx);
        var again = new DiagnosticList();
        Assert.IsTrue(Train(project.OutputDirectory, again).Succeeded, DiagnosticAssert.Describe(again));
        CollectionAssert.AreEqual(exported, File.ReadAllBytes(project.Artifacts().Onnx));
        Assert.IsFalse(again.Messages.Any(m => m.Contains("not retrained")), string.Join("\n", again.Messages));
    }
}
