using System.Text.Json;
using Churn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MlBuildTasks.Runtime.Tests.Support;

namespace MlBuildTasks.Runtime.Tests.Prediction;

[TestClass]
public sealed class ModelPredictorTests
{
    private static string s_directory = "";
    private static ChurnModel? s_model;

    /// <summary>The model loaded once from the intact files and shared by the tests that only predict: it is thread-safe.</summary>
    private static ChurnModel Model => s_model!;

    [ClassInitialize]
    public static void TrainModel(TestContext context)
    {
        s_directory = Checksums.NewDirectory();
        ChurnModelFiles.Write(s_directory);
        s_model = ChurnModel.Load(Options());
    }

    [ClassCleanup]
    public static void RemoveModel()
    {
        s_model?.Dispose();
        Directory.Delete(s_directory, recursive: true);
    }

    private static ModelOptions Options(string? directory = null, InvalidInputBehavior invalidInput = InvalidInputBehavior.Throw) =>
        new() { ModelDirectory = directory ?? s_directory, InvalidInput = invalidInput };

    private static ChurnModelInput Input(float? tenure, string? contract, bool? senior = false) =>
        new() { Tenure = tenure, Contract = contract, SeniorCitizen = senior };

    /// <summary>Valid inputs covering the signature: every contract, tenure 0 to 72, both senior values.</summary>
    private static List<ChurnModelInput> ValidInputs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Input(random.Next(0, 73), ChurnModelFiles.Contracts[random.Next(3)], random.Next(2) == 0))
            .ToList();
    }

    [TestMethod]
    public void PredictsWhatMlNetPredictsForTheSameRow()
    {
        var ml = new MLContext();
        var model = ml.Model.Load(Path.Combine(s_directory, ChurnModelFiles.Zip), out _);
        using var engine = ml.Model.CreatePredictionEngine<ChurnModelFiles.TrainingRow, ChurnModelFiles.Prediction>(model);

        foreach (var input in ValidInputs(60, seed: 5))
        {
            var expected = engine.Predict(new ChurnModelFiles.TrainingRow
            {
                Tenure = input.Tenure!.Value,
                Contract = input.Contract!,
                SeniorCitizen = input.SeniorCitizen!.Value ? 1f : 0f,
            });

            var actual = Model.Predict(input);

            Assert.AreEqual(expected.PredictedLabel, actual.PredictedLabel);
            Assert.AreEqual(expected.Score, actual.Score);
            Assert.AreEqual(expected.Probability, actual.Probability);
            Assert.IsEmpty(actual.InputIssues);
        }
    }

    [TestMethod]
    public void TheModelLearnedTheRule()
    {
        var risky = Model.Predict(Input(3, "Month-to-month"));
        var safe = Model.Predict(Input(60, "Two year"));

        Assert.IsTrue(risky.PredictedLabel);
        Assert.IsFalse(safe.PredictedLabel);
        Assert.IsGreaterThan(0.5f, risky.Probability);
        Assert.IsLessThan(0.5f, safe.Probability);
    }

    [TestMethod]
    public void InfoDescribesThePackage()
    {
        var info = Model.Info;

        Assert.AreEqual("ChurnModel", info.Name);
        Assert.AreEqual("Churn", info.PackageId);
        Assert.AreEqual("1.2.3", info.Version);
        Assert.AreEqual(0.9, info.Metrics!.Value.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.AreEqual("SdcaLogisticRegression", info.Lineage!.Value.GetProperty("trainer").GetString());
        Assert.AreSame(info.Signature, Model.Signature);
        CollectionAssert.AreEqual(new[] { "Tenure", "Contract", "Senior citizen" }, Model.Signature.Inputs.Select(i => i.Name).ToArray());
        Assert.AreEqual(Path.GetFullPath(s_directory), Model.ModelDirectory);
        Assert.AreEqual(InvalidInputBehavior.Throw, Model.Options.InvalidInput);

        // As a GET /model returns it.
        var json = JsonSerializer.Serialize(info);
        Assert.Contains("\"Version\":\"1.2.3\"", json);
        Assert.Contains("\"accuracy\":0.9", json);
    }

    [TestMethod]
    public void ThrowRefusesAnInputWithEveryProblemNamed()
    {
        var error = Assert.ThrowsExactly<ModelInputException>(() => Model.Predict(Input(null, "Weekly")));

        Assert.AreEqual("ChurnModel", error.Model);
        Assert.IsNull(error.Row);
        Assert.HasCount(2, error.Issues);
        Assert.AreEqual(("Tenure", InputIssueKind.Missing), (error.Issues[0].Input, error.Issues[0].Kind));
        Assert.AreEqual(("Contract", InputIssueKind.UnknownCategory), (error.Issues[1].Input, error.Issues[1].Kind));
        Assert.Contains("model 'ChurnModel'", error.Message);
        Assert.Contains("'Tenure' is required", error.Message);
        Assert.Contains("'Contract' is 'Weekly'", error.Message);
        Assert.DoesNotContain("position", error.Message);
    }

    [TestMethod]
    public void ThrowIsTheDefault()
    {
        using var model = ChurnModel.Load(new ModelOptions { ModelDirectory = s_directory });

        Assert.ThrowsExactly<ModelInputException>(() => model.Predict(Input(130, "One year")));
    }

    [TestMethod]
    public void ABatchWithOneRefusedInputReturnsNothingAndNamesItsPosition()
    {
        var inputs = ValidInputs(5, seed: 9);
        inputs[2] = Input(-1, "One year");

        var error = Assert.ThrowsExactly<ModelInputException>(() => Model.PredictBatch(inputs));

        Assert.AreEqual(2, error.Row);
        Assert.AreEqual(InputIssueKind.OutOfRange, Assert.ContainsSingle(error.Issues).Kind);
        Assert.Contains("at position 2 of the batch", error.Message);
    }

    [TestMethod]
    public void ABatchPredictsEveryInputInOrder()
    {
        var inputs = ValidInputs(20, seed: 13);

        var outputs = Model.PredictBatch(inputs);

        Assert.HasCount(20, outputs);
        for (var i = 0; i < inputs.Count; i++)
            Assert.AreEqual(Model.Predict(inputs[i]).Probability, outputs[i].Probability);
    }

    [TestMethod]
    public void ANullInputIsAnArgumentError()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => Model.Predict(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => Model.PredictBatch(null!));
    }

    [TestMethod]
    public void FlagPredictsAndListsTheProblems()
    {
        using var model = ChurnModel.Load(Options(invalidInput: InvalidInputBehavior.Flag));

        var output = model.Predict(Input(null, "Weekly"));

        Assert.HasCount(2, output.InputIssues);
        Assert.AreEqual(InputIssueKind.Missing, output.InputIssues[0].Kind);
        Assert.AreEqual(InputIssueKind.UnknownCategory, output.InputIssues[1].Kind);
        Assert.IsTrue(output.InputIssues.All(i => i.Refused));

        // An unknown category counts as none: the same prediction as an empty one, which the signature also flags.
        var unknown = model.Predict(Input(10, "Weekly"));
        var none = model.Predict(Input(10, ""));
        Assert.AreEqual(none.Probability, unknown.Probability);
        Assert.AreEqual(InputIssueKind.UnknownCategory, Assert.ContainsSingle(unknown.InputIssues).Kind);
        Assert.AreEqual(InputIssueKind.Missing, Assert.ContainsSingle(none.InputIssues).Kind);
    }

    [TestMethod]
    public void FlagBatchesKeepEachInputsProblems()
    {
        using var model = ChurnModel.Load(Options(invalidInput: InvalidInputBehavior.Flag));
        var inputs = ValidInputs(4, seed: 17);
        inputs[2] = Input(200, "Two year");

        var outputs = model.PredictBatch(inputs);

        Assert.HasCount(4, outputs);
        Assert.AreEqual(InputIssueKind.OutOfRange, Assert.ContainsSingle(outputs[2].InputIssues).Kind);
        Assert.IsTrue(outputs.Where((_, i) => i != 2).All(o => o.InputIssues.Count == 0));
    }

    [TestMethod]
    public void AValueOutsideTheTrainingRangeIsPredictedAndReportedUnderThrow()
    {
        var output = Model.Predict(Input(100, "Two year"));

        var issue = Assert.ContainsSingle(output.InputIssues);
        Assert.AreEqual(InputIssueKind.OutsideTrainingRange, issue.Kind);
        Assert.AreEqual("Tenure", issue.Input);
        Assert.IsFalse(issue.Refused);
        Assert.IsFalse(float.IsNaN(output.Probability));
    }

    [TestMethod]
    public void AMissingOptionalValueIsNoIssue()
    {
        var output = Model.Predict(Input(20, "One year", senior: null));

        Assert.IsEmpty(output.InputIssues);
    }

    [TestMethod]
    public void OneInstanceServesManyThreadsWithTheSequentialResults()
    {
        const int Threads = 8, Predictions = 300;
        var inputs = Enumerable.Range(0, Threads).Select(t => ValidInputs(Predictions, seed: 100 + t)).ToArray();
        var expected = inputs.Select(batch => batch.Select(i => Model.Predict(i).Score).ToArray()).ToArray();
        var actual = new float[Threads][];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                actual[t] = inputs[t].Select(i => Model.Predict(i).Score).ToArray();
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.IsEmpty(errors);
        for (var t = 0; t < Threads; t++) CollectionAssert.AreEqual(expected[t], actual[t], $"thread {t}");
    }

    [TestMethod]
    public void AnIdleEngineIsReusedAndOnlyMaxIdleAreKept()
    {
        var ml = new MLContext();
        var model = ml.Model.Load(Path.Combine(s_directory, ChurnModelFiles.Zip), out _);
        var created = 0;
        using var pool = new EnginePool<ChurnModel.Row, ChurnModelOutput>(() =>
        {
            created++;
            return ml.Model.CreatePredictionEngine<ChurnModel.Row, ChurnModelOutput>(model);
        }, maxIdle: 2);

        var first = pool.Rent();
        pool.Return(first);
        Assert.AreSame(first, pool.Rent());
        Assert.AreEqual(1, created);

        var burst = new[] { first, pool.Rent(), pool.Rent(), pool.Rent() };
        Assert.AreEqual(4, created);
        foreach (var engine in burst) pool.Return(engine);

        // Two kept, two dropped: renting three again creates one more.
        var again = new[] { pool.Rent(), pool.Rent(), pool.Rent() };
        Assert.AreEqual(5, created);
        Assert.AreEqual(2, again.Count(e => burst.Contains(e)));
    }

    [TestMethod]
    public void AChangedModelZipIsRefusedBeforeMlNetReadsIt()
    {
        var directory = ChurnModelFiles.CopyOf(s_directory);
        try
        {
            var zip = Path.Combine(directory, ChurnModelFiles.Zip);
            var bytes = File.ReadAllBytes(zip);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(zip, bytes);

            var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ChurnModel.Load(Options(directory)));
            Assert.AreEqual(zip, error.Path);

            // Not a zip at all: ML.NET would fail with its own error had it read the file.
            File.WriteAllText(zip, "not a model");
            Assert.ThrowsExactly<ModelIntegrityException>(() => ChurnModel.Load(Options(directory)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(ChurnModelFiles.Signature)]
    [DataRow(ChurnModelFiles.Metrics)]
    [DataRow(ChurnModelFiles.Lineage)]
    public void EveryOtherFileReadIsCheckedToo(string name)
    {
        var directory = ChurnModelFiles.CopyOf(s_directory);
        try
        {
            File.AppendAllText(Path.Combine(directory, name), " ");

            var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ChurnModel.Load(Options(directory)));

            Assert.AreEqual(Path.Combine(directory, name), error.Path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void AMissingChecksumListIsRefused()
    {
        var directory = ChurnModelFiles.CopyOf(s_directory);
        try
        {
            File.Delete(Path.Combine(directory, ChurnModelFiles.List));

            var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ChurnModel.Load(Options(directory)));

            Assert.AreEqual(Path.Combine(directory, ChurnModelFiles.List), error.Path);
            Assert.Contains("missing", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void WithoutMetricsAndLineageTheModelLoadsWithLessInfo()
    {
        var directory = ChurnModelFiles.CopyOf(s_directory);
        try
        {
            File.Delete(Path.Combine(directory, ChurnModelFiles.Metrics));
            File.Delete(Path.Combine(directory, ChurnModelFiles.Lineage));

            using var model = ChurnModel.Load(Options(directory));

            Assert.IsNull(model.Info.Metrics);
            Assert.IsNull(model.Info.Lineage);
            Assert.IsNull(model.Info.Version);
            Assert.AreEqual(Model.Predict(Input(5, "One year")).Score, model.Predict(Input(5, "One year")).Score);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void ByDefaultTheModelIsLookedForInTheAppsFolder()
    {
        var error = Assert.ThrowsExactly<ModelIntegrityException>(() => ChurnModel.Load());

        Assert.AreEqual(ModelIntegrity.ChecksumFileOf(Path.GetFullPath(AppContext.BaseDirectory), ChurnModelFiles.Model), error.Path);
    }

    [TestMethod]
    public void DisposingTwiceIsHarmless()
    {
        var model = ChurnModel.Load(Options());
        model.Predict(Input(5, "One year"));

        model.Dispose();
        model.Dispose();
    }

    [TestMethod]
    public void TheRegistrationAddsOneLazilyLoadedSingleton()
    {
        var services = new ServiceCollection();
        var configured = false;

        services.AddChurnModel(options =>
        {
            configured = true;
            options.ModelDirectory = s_directory;
            options.InvalidInput = InvalidInputBehavior.Flag;
        });

        var descriptor = Assert.ContainsSingle(services);
        Assert.AreEqual(typeof(ChurnModel), descriptor.ServiceType);
        Assert.AreEqual(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.IsTrue(configured);
        using var model = (ChurnModel)descriptor.ImplementationFactory!(null!);
        Assert.AreEqual(InvalidInputBehavior.Flag, model.Options.InvalidInput);
        Assert.AreEqual("1.2.3", model.Info.Version);
    }
}
