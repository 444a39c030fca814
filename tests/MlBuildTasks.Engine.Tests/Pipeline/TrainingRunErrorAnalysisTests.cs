using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>A run's feature importance and worst predictions in metrics.json: on real models, repeatable, and the same from the cache.</summary>
[TestClass]
public sealed class TrainingRunErrorAnalysisTests
{
    private static JsonElement ReadJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static Dictionary<string, double> Drops(JsonElement metrics) =>
        metrics.GetProperty("featureImportance").EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("drop").GetDouble());

    private static string ErrorAnalysisOf(string metricsPath)
    {
        var metrics = ReadJson(metricsPath);
        return metrics.GetProperty("featureImportance").GetRawText() + metrics.GetProperty("worstPredictions").GetRawText();
    }

    [TestMethod]
    public void TheDecidingColumnMattersMostAndTheBuildSaysSo()
    {
        // Usage decides Churned; Plan and Age are noise.
        using var project = ModelProject.Binary(flipFraction: 0.05);
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        var metrics = ReadJson(result.MetricsPath);
        Assert.AreEqual("auc", metrics.GetProperty("featureImportanceMetric").GetString());
        var drops = Drops(metrics);
        CollectionAssert.AreEqual(new[] { "Usage", "Age", "Plan" }.Order().ToArray(), drops.Keys.Order().ToArray());
        Assert.AreEqual("Usage", drops.Keys.First(), "sorted by importance");
        Assert.IsGreaterThan(0.2, drops["Usage"]);
        Assert.IsLessThan(0.05, Math.Abs(drops["Age"]));
        Assert.IsLessThan(0.05, Math.Abs(drops["Plan"]));
        var message = diagnostics.Messages.Single(m => m.Contains("most important inputs", StringComparison.Ordinal));
        StringAssert.Contains(message, "(drop in auc when shuffled");
        StringAssert.Contains(message, ": Usage 0.");

        var worst = metrics.GetProperty("worstPredictions").EnumerateArray().ToList();
        Assert.HasCount(10, worst);
        var scores = worst.Select(w => w.GetProperty("trueClassScore").GetDouble()).ToList();
        CollectionAssert.AreEqual(scores.Order().ToList(), scores, "lowest probability of the true class first");
        CollectionAssert.AreEquivalent(new[] { "Age", "Plan", "Usage" }, worst[0].GetProperty("inputs").EnumerateObject().Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void ErrorAnalysisIsTheSameOnASecondRun()
    {
        using var project = ModelProject.Binary(flipFraction: 0.05);

        var first = ErrorAnalysisOf(project.Train().MetricsPath);
        var second = ErrorAnalysisOf(project.Train(force: true).MetricsPath);

        Assert.AreEqual(first, second);
    }

    [TestMethod]
    public void ARestoredModelWritesTheSameErrorAnalysis()
    {
        using var cache = new TempFolder();
        using var project = ModelProject.Create(
            "{ \"task\": \"multiclass-classification\", \"data\": \"data.csv\", \"label\": \"Size\", \"trainer\": \"lbfgs-maximum-entropy\" }",
            SampleData.Multiclass(), "Sizes.mlmodel.json");
        TrainResult Train() => TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CacheDirectory: cache.Path), new DiagnosticList());
        var first = Train();
        var trained = ErrorAnalysisOf(first.MetricsPath);
        // Without the last run's artifacts the run cannot be skipped, so the model comes from the cache.
        Directory.Delete(project.OutputDirectory, recursive: true);

        var second = Train();

        Assert.IsTrue(first.Trained && second.Succeeded && !second.Trained);
        Assert.AreEqual(trained, ErrorAnalysisOf(second.MetricsPath));
        var metrics = ReadJson(second.MetricsPath);
        Assert.AreEqual("micro-accuracy", metrics.GetProperty("featureImportanceMetric").GetString());
        Assert.AreEqual("Length", metrics.GetProperty("featureImportance")[0].GetProperty("column").GetString());
        var labels = metrics.GetProperty("worstPredictions").EnumerateArray().Select(w => w.GetProperty("label").GetString()).ToList();
        Assert.IsTrue(labels.All(l => l is "small" or "medium" or "large"), string.Join(", ", labels));
    }

    [TestMethod]
    public void RegressionWorstRowsAreTheLargestAbsoluteErrors()
    {
        // A separate test file, so the test rows are its rows in order; some Size values are missing.
        var random = new Random(5);
        var test = new StringBuilder("Size,Rooms,Price\n");
        var rows = new List<(float Size, float Rooms, float Price)>();
        for (var i = 0; i < 60; i++)
        {
            var missing = i % 7 == 3;
            // A missing Size is filled with the training mean (about 110): a large true Size makes a large error.
            var size = missing ? 195 : random.Next(20, 200);
            var rooms = random.Next(1, 6);
            var price = (float)Math.Round(3.0 * size + 20 * rooms + random.NextDouble() * 40 - 20, 2);
            rows.Add((missing ? float.NaN : size, rooms, price));
            test.Append(CultureInfo.InvariantCulture, $"{(missing ? "" : size.ToString(CultureInfo.InvariantCulture))},{rooms},{price}\n");
        }

        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"testData\": \"test.csv\", \"label\": \"Price\", \"trainer\": \"fast-tree\" }",
            SampleData.Regression(), "Prices.mlmodel.json");
        project.Folder.Write("test.csv", test.ToString());
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        // Every test row's error from the saved model, worked out here.
        var ml = new MLContext(1);
        var model = ml.Model.Load(result.ModelPath, out _);
        var inputs = ml.Data.LoadFromEnumerable(rows.Select(r => new HouseInput { Size = r.Size, Rooms = r.Rooms }));
        var predicted = model.Transform(inputs).GetColumn<float>("Score").ToList();
        var expected = rows.Select((r, i) => (Row: i + 1, Error: Math.Abs((double)r.Price - predicted[i])))
            .OrderByDescending(e => e.Error).Take(10).ToList();

        var worst = ReadJson(result.MetricsPath).GetProperty("worstPredictions").EnumerateArray().ToList();
        CollectionAssert.AreEqual(expected.Select(e => e.Row).ToList(), worst.Select(w => w.GetProperty("row").GetInt32()).ToList());
        for (var i = 0; i < worst.Count; i++)
        {
            var row = rows[expected[i].Row - 1];
            Assert.AreEqual(expected[i].Error, worst[i].GetProperty("error").GetDouble(), 1e-6);
            Assert.AreEqual(expected[i].Row + 1, worst[i].GetProperty("line").GetInt32(), "the header is line 1");
            Assert.AreEqual(row.Price, worst[i].GetProperty("label").GetSingle());
            var size = worst[i].GetProperty("inputs").GetProperty("Size");
            if (float.IsNaN(row.Size)) Assert.AreEqual(JsonValueKind.Null, size.ValueKind);
            else Assert.AreEqual(row.Size, size.GetSingle());
        }

        Assert.IsTrue(worst.Any(w => w.GetProperty("inputs").GetProperty("Size").ValueKind == JsonValueKind.Null),
            "rows missing their (large) Size are among the worst");
    }

    private sealed class HouseInput
    {
        public float Size { get; set; }
        public float Rooms { get; set; }
    }
}
