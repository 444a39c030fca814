using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Training;

/// <summary>Per-column preprocessing: read from the spec, and part of the saved model so prediction applies it too.</summary>
[TestClass]
public sealed class PreprocessingTests
{
    /// <summary>Regression data with Size missing in every 10th row; Price = 3 Size + 20 Rooms.</summary>
    private static string DataWithGaps()
    {
        var text = new StringBuilder();
        foreach (var (line, i) in SampleData.Regression(300).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select((l, i) => (l, i)))
        {
            var cells = line.Split(',');
            if (i > 0 && i % 10 == 0) cells[0] = "";
            text.Append(string.Join(",", cells)).Append('\n');
        }

        return text.ToString();
    }

    private static ITransformer TrainAndLoad(string sizeColumn, out MLContext ml, out string modelPath, ModelProject? keep = null)
    {
        var spec = "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"trainer\": \"lbfgs-poisson\", \"columns\": { \"Size\": " + sizeColumn + ", \"Rooms\": { \"type\": \"number\" } } }";
        var project = ModelProject.Create(spec, DataWithGaps(), "House.mlmodel.json");
        var diagnostics = new DiagnosticList();
        var result = project.Train(diagnostics);
        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        ml = new MLContext(1);
        modelPath = result.ModelPath;
        var model = ml.Model.Load(File.OpenRead(result.ModelPath), out _);
        return model;
    }

    private static float Predict(MLContext ml, ITransformer model, float size, float rooms = 3)
    {
        var data = ml.Data.LoadFromEnumerable([new House { Size = size, Rooms = rooms }]);
        return model.Transform(data).GetColumn<float>("Score").Single();
    }

    private static DataViewSchema Transformed(MLContext ml, ITransformer model) =>
        model.Transform(ml.Data.LoadFromEnumerable([new House { Size = 50, Rooms = 2 }])).Schema;

    private sealed class House
    {
        public float Size { get; set; }
        public float Rooms { get; set; }
    }

    [TestMethod]
    public void AConstantImputeFillsMissingValuesAtPredictionToo()
    {
        var model = TrainAndLoad("""{ "type": "number", "impute": 100 }""", out var ml, out _);

        Assert.AreEqual(Predict(ml, model, 100), Predict(ml, model, float.NaN), 1e-4);
        Assert.AreNotEqual(Predict(ml, model, 20), Predict(ml, model, float.NaN), 1.0);
    }

    [TestMethod]
    public void AMedianImputeUsesTheMedianOfTheFittedRows()
    {
        var model = TrainAndLoad("""{ "type": "number", "impute": "median" }""", out var ml, out _);
        var missing = Predict(ml, model, float.NaN);

        // The fitted rows' median lies inside the data's range (20..200): the missing prediction equals one of a value there.
        var closest = Enumerable.Range(20, 181).Select(s => (Size: s, Gap: Math.Abs(Predict(ml, model, s) - missing))).MinBy(p => p.Gap);
        Assert.IsLessThan(5.0, closest.Gap);
        Assert.IsTrue(closest.Size is > 80 and < 140, $"median near {closest.Size}");
    }

    [TestMethod]
    public void AMissingIndicatorAddsAFeatureSoAMissingValueIsNotTheSameAsTheFill()
    {
        var model = TrainAndLoad("""{ "type": "number", "impute": 100, "missingIndicator": true }""", out var ml, out _);

        var schema = Transformed(ml, model);
        Assert.IsNotNull(schema.GetColumnOrNull("__m_Size"));
        Assert.AreEqual(3, ((VectorDataViewType)schema["Features"].Type).Size, "Size, its indicator and Rooms");
    }

    [TestMethod]
    [DataRow("min-max")]
    [DataRow("mean-variance")]
    [DataRow("log-mean-variance")]
    [DataRow("bin")]
    public void EachScaleIsPartOfTheModel(string scale)
    {
        var model = TrainAndLoad($$"""{ "type": "number", "scale": "{{scale}}" }""", out var ml, out _);

        // The scaled feature is what the model sees: fitted on the training sizes (20..200), it maps them into a small range.
        var scaled = model.Transform(ml.Data.LoadFromEnumerable([new House { Size = 200, Rooms = 2 }])).GetColumn<float>("__f_Size").Single();
        Assert.IsLessThan(10f, Math.Abs(scaled), $"{scale}: 200 became {scaled}");
        Assert.IsGreaterThan(Predict(ml, model, 50), Predict(ml, model, 190), "bigger houses cost more whatever the scaling");
    }

    [TestMethod]
    public void CategoriesAreOneHotUnlessHashedOnRequestOrByCardinality()
    {
        static int Width(string encoding, int plans)
        {
            var data = new StringBuilder("Plan,Usage,Churned\n");
            var random = new Random(3);
            for (var i = 0; i < 400; i++) data.Append($"p{random.Next(plans)},{random.Next(100)},{(random.Next(2) == 0 ? "yes" : "no")}\n");
            var column = encoding.Length == 0 ? "{ \"type\": \"category\" }" : $"{{ \"type\": \"category\", \"encoding\": \"{encoding}\" }}";
            using var project = ModelProject.Create("{ \"task\": \"binary-classification\", \"data\": \"data.csv\", \"label\": \"Churned\", \"trainer\": \"lbfgs-logistic\", \"columns\": { \"Plan\": " + column + " } }", data.ToString());
            var result = project.Train();
            var ml = new MLContext(1);
            var model = ml.Model.Load(File.OpenRead(result.ModelPath), out var input);
            var view = ml.Data.LoadFromEnumerable([new PlanRow { Plan = "p1", Usage = 3 }]);
            return ((VectorDataViewType)model.Transform(view).Schema["__f_Plan"].Type).Size;
        }

        Assert.AreEqual(5, Width("", 5), "few categories: one-hot, one slot each");
        Assert.AreEqual(1 << 16, Width("hash", 5), "hash on request");
        Assert.AreEqual(1 << 16, Width("", 150), "more than 100 categories: hashed");
        Assert.IsTrue(Width("one-hot", 150) is > 100 and < 151, "one-hot on request: one slot per category seen in training");
    }

    private sealed class PlanRow
    {
        public string Plan { get; set; } = "";
        public float Usage { get; set; }
    }

    [TestMethod]
    public void TheSpecReadsEachField()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", more: """
            "columns": { "A": { "type": "number", "impute": "most-frequent", "missingIndicator": true, "scale": "mean-variance" }, "B": { "type": "category", "encoding": "hash" }, "C": { "impute": -1.5 } }
            """));

        Assert.AreEqual(new Preprocessing(ImputeMethod.MostFrequent, 0, true, ScaleMethod.MeanVariance), spec.FindColumn("A")!.Preprocessing);
        Assert.AreEqual(CategoryEncoding.Hash, spec.FindColumn("B")!.Preprocessing!.Encoding);
        Assert.AreEqual((ImputeMethod.Constant, -1.5), (spec.FindColumn("C")!.Preprocessing!.Impute, spec.FindColumn("C")!.Preprocessing!.ImputeValue));
    }

    [TestMethod]
    [DataRow("""{ "type": "category", "impute": "mean" }""")]
    [DataRow("""{ "type": "number", "encoding": "hash" }""")]
    [DataRow("""{ "type": "number", "scale": "minmax" }""")]
    [DataRow("""{ "type": "number", "impute": "avg" }""")]
    [DataRow("""{ "type": "text", "scale": "bin" }""")]
    [DataRow("""{ "type": "category", "clip": "iqr" }""")]
    [DataRow("""{ "type": "boolean", "clip": [0, 1] }""")]
    [DataRow("""{ "type": "date", "impute": "mean" }""")]
    public void PreprocessingThatDoesNotFitTheColumnIsMLB1005(string column)
    {
        var diagnostics = new DiagnosticList();
        Assert.ThrowsExactly<MlBuildException>(() => SpecText.Parse(SpecText.Minimal("regression", more: $"\"columns\": {{ \"A\": {column} }}"), diagnostics));
        DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecInvalidValue);
    }
}
