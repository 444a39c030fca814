using System.Text.Json;
using MlBuildTasks.Engine.Caching;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>A run's confusion matrix, per-class metrics and slices in metrics.json, and slices not being a training input.</summary>
[TestClass]
public sealed class TrainingRunSlicesTests
{
    private const string BinarySlices = "[\"Plan\", { \"column\": \"Usage\", \"bins\": [40] }, \"Age\"]";

    private static ModelProject Binary(string slices) => ModelProject.Create(
        "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"trainer\": \"fast-tree\",\n" +
        $"  \"slices\": {slices}\n}}\n", SampleData.Binary(flipFraction: 0.1));

    private static ModelProject Multiclass(string slices) => ModelProject.Create(
        "{ \"task\": \"multiclass-classification\", \"data\": \"data.csv\", \"label\": \"Size\", \"trainer\": \"lbfgs-maximum-entropy\", " +
        $"\"slices\": {slices} }}", SampleData.Multiclass(), "Sizes.mlmodel.json");

    private static TrainResult Train(ModelProject project, string cache, DiagnosticList diagnostics) =>
        TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CacheDirectory: cache), diagnostics);

    private static JsonElement ReadJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static List<JsonElement> SlicesOf(JsonElement metrics, string column) =>
        metrics.GetProperty("slices").EnumerateArray().Where(s => s.GetProperty("column").GetString() == column).ToList();

    private static string Describe(Engine.Evaluation.SliceResult slice) =>
        $"{slice.Name} {slice.Rows}: " + string.Join(", ", slice.Metrics.Select(p => $"{p.Key}={p.Value:R}"));

    [TestMethod]
    public void BinaryRunWritesItsConfusionMatrixAndSlices()
    {
        using var project = Binary(BinarySlices);
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        var metrics = ReadJson(result.MetricsPath);
        var testRows = metrics.GetProperty("testRows").GetInt32();
        var matrix = metrics.GetProperty("confusionMatrix");
        CollectionAssert.AreEqual(new[] { "true", "false" }, matrix.GetProperty("classes").EnumerateArray().Select(c => c.GetString()).ToArray());
        Assert.AreEqual(testRows, matrix.GetProperty("counts").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt64()));
        Assert.IsFalse(metrics.TryGetProperty("perClass", out _), "binary's precision and recall are headline metrics");

        foreach (var column in new[] { "Plan", "Usage", "Age" })
            Assert.AreEqual(testRows, SlicesOf(metrics, column).Sum(s => s.GetProperty("rows").GetInt32()), column);
        CollectionAssert.AreEqual(new[] { "Plan=basic", "Plan=plus", "Plan=premium" }, SlicesOf(metrics, "Plan").Select(s => s.GetProperty("name").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "Usage < 40", "Usage >= 40" }, SlicesOf(metrics, "Usage").Select(s => s.GetProperty("name").GetString()).ToArray());
        Assert.HasCount(4, SlicesOf(metrics, "Age"), "quartiles: four buckets");
        Assert.AreEqual(7, SlicesOf(metrics, "Plan")[0].GetProperty("metrics").EnumerateObject().Count());
        var summary = diagnostics.Messages.Single(m => m.Contains("test metrics:", StringComparison.Ordinal));
        StringAssert.Contains(summary, "worst slices by auc: ");
    }

    [TestMethod]
    public void ASpecWithoutSlicesWritesNone()
    {
        using var project = ModelProject.Binary();

        var result = project.Train();

        Assert.IsFalse(ReadJson(result.MetricsPath).TryGetProperty("slices", out _));
        Assert.IsNull(result.Metrics!.Slices);
    }

    [TestMethod]
    public void ChangedSlicesKeepTheCacheKeyAndAreComputedOnTheRestoredModel()
    {
        using var cache = new TempFolder();
        using var project = Binary("[\"Plan\"]");
        var first = Train(project, cache.Path, new DiagnosticList());
        var key = TrainingCacheKey.For(Engine.Spec.SpecParser.Load(project.SpecPath, new DiagnosticList()), InputTracking.Fingerprints(Engine.Spec.SpecParser.Load(project.SpecPath, new DiagnosticList())));

        File.WriteAllText(project.SpecPath, File.ReadAllText(project.SpecPath).Replace("[\"Plan\"]", BinarySlices, StringComparison.Ordinal));
        var spec = Engine.Spec.SpecParser.Load(project.SpecPath, new DiagnosticList());
        var diagnostics = new DiagnosticList();
        var second = Train(project, cache.Path, diagnostics);

        Assert.AreEqual(key, TrainingCacheKey.For(spec, InputTracking.Fingerprints(spec)));
        Assert.IsTrue(first.Trained && second.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.IsFalse(second.Trained, "slices are not a training input");
        Assert.HasCount(1, new TrainingCache(cache.Path).List());
        CollectionAssert.AreEqual(first.Metrics!.Slices!.Select(Describe).ToList(), second.Metrics!.Slices!.Where(s => s.Column == "Plan").Select(Describe).ToList(),
            "the same slice, recomputed on the restored model");
        Assert.HasCount(3 + 2 + 4, second.Metrics.Slices!);
        CollectionAssert.AreEqual(first.Metrics.ConfusionMatrix!.Counts.SelectMany(r => r).ToList(), second.Metrics.ConfusionMatrix!.Counts.SelectMany(r => r).ToList());
    }

    [TestMethod]
    public void MulticlassPerClassMetricsAndMatrixAreTheSameFromTheCache()
    {
        using var cache = new TempFolder();
        using var project = Multiclass("[\"Width\"]");
        var first = Train(project, cache.Path, new DiagnosticList());
        File.WriteAllText(project.SpecPath, File.ReadAllText(project.SpecPath).Replace("[\"Width\"]", "[{ \"column\": \"Length\", \"bins\": [10, 20] }]", StringComparison.Ordinal));
        var diagnostics = new DiagnosticList();

        var second = Train(project, cache.Path, diagnostics);

        Assert.IsTrue(first.Trained && !second.Trained && second.Succeeded, DiagnosticAssert.Describe(diagnostics));
        var perClass = first.Metrics!.PerClass!;
        CollectionAssert.AreEquivalent(new[] { "small", "medium", "large" }, perClass.Keys.ToList());
        CollectionAssert.AreEquivalent(perClass.ToList(), second.Metrics!.PerClass!.ToList());
        CollectionAssert.AreEqual(first.Metrics.ConfusionMatrix!.Classes.ToList(), second.Metrics.ConfusionMatrix!.Classes.ToList());
        CollectionAssert.AreEqual(first.Metrics.ConfusionMatrix.Counts.SelectMany(r => r).ToList(), second.Metrics.ConfusionMatrix.Counts.SelectMany(r => r).ToList());
        // Length decides the class: each bucket is one class, so micro-accuracy there is the class's recall.
        var buckets = second.Metrics.Slices!;
        CollectionAssert.AreEqual(new[] { "Length < 10", "Length in [10, 20)", "Length >= 20" }, buckets.Select(s => s.Name).ToArray());
        Assert.AreEqual(perClass["small"].Recall!.Value, buckets[0].Metrics["micro-accuracy"]!.Value, 1e-9);
        Assert.AreEqual(perClass["large"].Recall!.Value, buckets[2].Metrics["micro-accuracy"]!.Value, 1e-9);
    }
}
