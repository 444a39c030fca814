using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Tests.Training;

/// <summary>The lightgbm trainers: each task learns its sample's rule, tuned values reach LightGBM, and two fits give the same bytes.</summary>
[TestClass]
public sealed class LightGbmTests
{
    private static readonly ModelTask[] Tasks = [ModelTask.BinaryClassification, ModelTask.MulticlassClassification, ModelTask.Regression];

    [TestMethod]
    public void ABinaryModelLearnsTheRuleAndLoadsForPrediction()
    {
        using var project = ModelProject.Binary(trainer: "lightgbm", gates: "{ \"metric\": \"auc\", \"min\": 0.95 }");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual("lightgbm", result.Metrics!.Trainer);
        var ml = new MLContext(1);
        var model = ml.Model.Load(File.OpenRead(result.ModelPath), out _);
        var probabilities = model.Transform(ml.Data.LoadFromEnumerable([new Customer { Usage = 10 }, new Customer { Usage = 90 }]))
            .GetColumn<float>("Probability").ToList();
        Assert.IsGreaterThan(0.5f, probabilities[0], "low usage churns");
        Assert.IsLessThan(0.5f, probabilities[1], "high usage stays");
    }

    [TestMethod]
    public void AMulticlassModelLearnsTheRule()
    {
        using var project = ModelProject.Create(SpecText.Minimal("multiclass-classification", "Size", more: "\"trainer\": \"lightgbm\", \"gates\": [ { \"metric\": \"macro-accuracy\", \"min\": 0.8 } ]"), SampleData.Multiclass(600));
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [TestMethod]
    public void ARegressionModelLearnsTheRule()
    {
        using var project = ModelProject.Create(SpecText.Minimal("regression", "Price", more: "\"trainer\": \"lightgbm\", \"gates\": [ { \"metric\": \"r-squared\", \"min\": 0.9 } ]"), SampleData.Regression(600));
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [TestMethod]
    public void EveryTaskHasOneAndAnAppNeedsMicrosoftMlLightGbmForIt()
    {
        foreach (var task in Tasks)
        {
            var trainer = TrainerCatalog.Get(task, "lightgbm");
            Assert.AreEqual("Microsoft.ML.LightGbm", trainer.RuntimePackage);
            Assert.IsFalse(trainer.NeedsNormalization, "trees split on raw values");
        }
    }

    /// <summary>The first trial of a search is ML.NET's own LightGBM: NaN where ML.NET leaves the option null and chooses from the data.</summary>
    [TestMethod]
    public void TheSpaceStartsFromMlNetsDefaults()
    {
        var space = TrainerCatalog.Get(ModelTask.BinaryClassification, "lightgbm").Space.ToDictionary(h => h.Name, h => h.Default);
        var options = new LightGbmBinaryTrainer.Options();

        Assert.HasCount(5, space);
        Assert.AreEqual(options.NumberOfIterations, space["numberOfIterations"]);
        Assert.AreEqual(new GradientBooster.Options().L2Regularization, space["l2Regularization"]);
        Assert.IsNull(options.NumberOfLeaves);
        Assert.IsNull(options.LearningRate);
        Assert.IsNull(options.MinimumExampleCountPerLeaf);
        foreach (var name in new[] { "numberOfLeaves", "learningRate", "minimumExampleCountPerLeaf" })
            Assert.IsTrue(double.IsNaN(space[name]), name);
        foreach (var task in Tasks)
            Assert.AreSame(TrainerCatalog.Get(ModelTask.BinaryClassification, "lightgbm").Space, TrainerCatalog.Get(task, "lightgbm").Space);
    }

    [TestMethod]
    public void TunedIterationsAndLeavesShapeTheTrees()
    {
        var ml = new MLContext(1);
        var settings = new TrainerSettings(7, new Dictionary<string, double> { ["numberOfIterations"] = 7, ["numberOfLeaves"] = 4, ["minimumExampleCountPerLeaf"] = 2 }, Threads: 1);

        var model = (RegressionPredictionTransformer<LightGbmRegressionModelParameters>)TrainerCatalog.Get(ModelTask.Regression, "lightgbm").Build(ml, settings).Fit(Points(ml));

        var trees = model.Model.TrainedTreeEnsemble.Trees;
        Assert.HasCount(7, trees);
        Assert.IsTrue(trees.All(t => t.NumberOfLeaves <= 4), string.Join(", ", trees.Select(t => t.NumberOfLeaves)));
        Assert.IsGreaterThan(1, trees[0].NumberOfLeaves, "the trees split at all");
    }

    /// <summary>
    /// The same data, seed and settings give the same model bytes; and the same trees on one thread or two (the
    /// bytes differ there only because the model records LightGBM's options, the thread count among them). LightGBM
    /// is set to deterministic histograms: no timing-based row/column-wise choice, no thread-order sums.
    /// </summary>
    [TestMethod]
    public void TwoFitsGiveTheSameBytesAndTheThreadCountDoesNotChangeTheTrees()
    {
        var parameters = new Dictionary<string, double> { ["numberOfIterations"] = 30, ["learningRate"] = 0.3, ["l2Regularization"] = 0.5 };
        foreach (var task in new[] { ModelTask.BinaryClassification, ModelTask.Regression })
        {
            (byte[] Bytes, float[] Scores) Fit(int? threads)
            {
                var ml = new MLContext(1);
                var data = Points(ml, binary: task == ModelTask.BinaryClassification);
                var model = TrainerCatalog.Get(task, "lightgbm").Build(ml, new TrainerSettings(42, parameters, threads)).Fit(data);
                return (ModelFile.Bytes(ml, model, data.Schema), model.Transform(data).GetColumn<float>("Score").ToArray());
            }

            var first = Fit(threads: null);
            CollectionAssert.AreEqual(first.Bytes, Fit(threads: null).Bytes, $"{task}: two fits with ML.NET's thread count");
            var one = Fit(threads: 1);
            CollectionAssert.AreEqual(one.Bytes, Fit(threads: 1).Bytes, $"{task}: two fits on one thread");
            CollectionAssert.AreEqual(first.Scores, one.Scores, $"{task}: the same trees on every core or on one");
            CollectionAssert.AreEqual(one.Scores, Fit(threads: 2).Scores, $"{task}: the same trees on one thread or two");
        }
    }

    [TestMethod]
    public void ASearchOverLightGbmPassesTheDeterminismCheck()
    {
        using var project = ModelProject.Create(
            SpecText.Minimal("binary-classification", "Churned", more: "\"training\": { \"trainers\": [\"lightgbm\"], \"search\": \"random\", \"trials\": 3, \"folds\": 3 }"),
            SampleData.Binary(flipFraction: 0.05));
        var diagnostics = new DiagnosticList();

        var result = TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CheckDeterminism: true), diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual("lightgbm", result.Metrics!.Trainer);
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("both runs gave the same trials, choice, metrics and model bytes", StringComparison.Ordinal)));
    }

    /// <summary>400 points, 3 features; the label is 2 x0 - x1 plus noise (or whether that is positive).</summary>
    private static IDataView Points(MLContext ml, bool binary = false)
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var x = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
            var y = 2 * x[0] - x[1] + (float)(random.NextDouble() * 0.1);
            return new Point { Features = x, Label = y, Positive = y > 0.5f };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        return binary
            ? ml.Transforms.DropColumns("Label").Append(ml.Transforms.CopyColumns("Label", "Positive")).Fit(data).Transform(data)
            : data;
    }

    private sealed class Point
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
        public bool Positive { get; set; }
    }

    private sealed class Customer
    {
        public float Age { get; set; } = 40;
        public string Plan { get; set; } = "basic";
        public float Usage { get; set; }
    }
}
