using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>`dotnet build` of a model project: validate, train, evaluate, gate, write and copy outputs.</summary>
[TestClass]
public sealed class BuildTests : IntegrationTest
{
    [TestMethod]
    public async Task BuildTrainsGatesAndCopiesTheModelToBin()
    {
        var sample = await NewSampleAsync();

        var build = await sample.RunAsync("build");

        AssertSucceeded(build);
        StringAssert.Contains(build.Output, "ChurnModel (fast-tree) test metrics:");
        foreach (var file in new[] { "ChurnModel.zip", "ChurnModel.metrics.json" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(sample.ArtifactDirectory(), file)), file);
            Assert.IsTrue(File.Exists(Path.Combine(sample.OutputDirectory(), file)), file);
        }

        using var metrics = sample.ReadJson("bin/Debug/net10.0/ChurnModel.metrics.json");
        var root = metrics.RootElement;
        Assert.IsTrue(root.GetProperty("gatesPassed").GetBoolean());
        Assert.AreEqual("fast-tree", root.GetProperty("trainer").GetString());
        Assert.AreEqual(4000, root.GetProperty("trainRows").GetInt32());
        Assert.AreEqual(1000, root.GetProperty("testRows").GetInt32());
        var auc = root.GetProperty("metrics").GetProperty("auc").GetDouble();
        Assert.IsTrue(auc is > 0.8 and < 1.0, $"auc {auc}");
    }

    [TestMethod]
    public async Task SecondBuildWithNothingChangedDoesNotStartTheEngine()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("build"));
        var model = Path.Combine(sample.ArtifactDirectory(), "ChurnModel.zip");
        var written = File.GetLastWriteTimeUtc(model);

        var second = await sample.RunAsync("build -v:n");

        AssertSucceeded(second);
        StringAssert.Contains(second.Output, "Skipping target \"_MlTrainModels\" because all output files are up-to-date");
        Assert.IsFalse(second.Output.Contains("mlbuild.dll train", StringComparison.Ordinal), "the engine was started");
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(model));
    }

    [TestMethod]
    public async Task TouchingTheDataWithoutChangingItDoesNotRetrain()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("build"));
        var manifest = File.ReadAllText(Path.Combine(sample.ArtifactDirectory(), "ChurnModel.manifest.json"));
        var modelBytes = File.ReadAllBytes(Path.Combine(sample.ArtifactDirectory(), "ChurnModel.zip"));
        File.SetLastWriteTimeUtc(sample.PathOf("data/churn.csv"), DateTime.UtcNow.AddMinutes(1));

        var touched = await sample.RunAsync("build -v:n");

        AssertSucceeded(touched);
        StringAssert.Contains(touched.Output, "inputs unchanged");
        Assert.IsFalse(touched.Output.Contains("training fast-tree", StringComparison.Ordinal), "it retrained");
        Assert.AreEqual(manifest, File.ReadAllText(Path.Combine(sample.ArtifactDirectory(), "ChurnModel.manifest.json")));
        CollectionAssert.AreEqual(modelBytes, File.ReadAllBytes(Path.Combine(sample.ArtifactDirectory(), "ChurnModel.zip")));
    }

    [TestMethod]
    public async Task ChangingOneDataByteRetrains()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("build"));
        sample.ReplaceLine("data/churn.csv", 2, line => line.Replace("C00001,6,", "C00001,7,"));

        var changed = await sample.RunAsync("build");

        AssertSucceeded(changed);
        StringAssert.Contains(changed.Output, "training fast-tree");
    }

    [TestMethod]
    public async Task ChangingTheSpecRetrainsAndForceTrainRetrainsOnRequest()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("build"));
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"seed\": 42", "\"seed\": 7"));

        var specChanged = await sample.RunAsync("build");
        var forced = await sample.RunAsync("build -p:MlForceTrain=true");

        AssertSucceeded(specChanged);
        StringAssert.Contains(specChanged.Output, "seed 7");
        AssertSucceeded(forced);
        StringAssert.Contains(forced.Output, "training fast-tree");
    }

    [TestMethod]
    public async Task AFreshCopyWithAWarmCacheRestoresTheModelAndAChangedTrainingInputRetrains()
    {
        var first = await NewSampleAsync();
        AssertSucceeded(await first.RunAsync("build"));
        var cache = Path.Combine(first.Root, "training-cache");

        // Another clone, the same cache: only the gate changed, which is not a training input.
        var second = await NewSampleAsync();
        second.CacheDirectory = cache;
        var spec = second.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"min\": 0.78", "\"min\": 0.75", StringComparison.Ordinal));
        var restored = await second.RunAsync("build");

        AssertSucceeded(restored);
        StringAssert.Contains(restored.Output, "restored from the training cache");
        Assert.DoesNotContain("ChurnModel: training fast-tree", restored.Output);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(first.OutputDirectory(), "ChurnModel.zip")), File.ReadAllBytes(Path.Combine(second.OutputDirectory(), "ChurnModel.zip")));

        // A training input (the seed) changed: trained again.
        var third = await NewSampleAsync();
        third.CacheDirectory = cache;
        var thirdSpec = third.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(thirdSpec, File.ReadAllText(thirdSpec).Replace("\"seed\": 42", "\"seed\": 7"));
        var retrained = await third.RunAsync("build");

        AssertSucceeded(retrained);
        StringAssert.Contains(retrained.Output, "ChurnModel: training fast-tree");
    }

    [TestMethod]
    public async Task AChangedHyperparameterRetrainsAndTheEarlierValueIsRestoredFromTheCache()
    {
        string? cache = null;
        async Task<(DotnetResult Build, SampleProject Sample)> BuildWithTreesAsync(int trees)
        {
            var sample = await NewSampleAsync();
            cache ??= Path.Combine(sample.Root, "training-cache");
            sample.CacheDirectory = cache;
            var spec = sample.PathOf("ChurnModel.mlmodel.json");
            // One fixed fast-tree configuration instead of the sample's plain trainer: a search of one trial.
            var tuned = $"\"training\": {{ \"trainers\": [\"fast-tree\"], \"folds\": 2, \"space\": {{ \"fast-tree\": {{ \"numberOfTrees\": [{trees}] }} }} }}";
            File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"trainer\": \"fast-tree\"", tuned, StringComparison.Ordinal));
            var build = await sample.RunAsync("build");
            AssertSucceeded(build);
            using var metrics = sample.ReadJson("bin/Debug/net10.0/ChurnModel.metrics.json");
            Assert.AreEqual(trees, metrics.RootElement.GetProperty("parameters").GetProperty("numberOfTrees").GetDouble());
            return (build, sample);
        }

        var (first, _) = await BuildWithTreesAsync(40);
        StringAssert.Contains(first.Output, "search chose");

        var (changed, _) = await BuildWithTreesAsync(60);
        StringAssert.Contains(changed.Output, "search chose", "a changed hyperparameter is a training input: trained again");
        Assert.DoesNotContain("restored from the training cache", changed.Output);

        var (back, _) = await BuildWithTreesAsync(40);
        StringAssert.Contains(back.Output, "restored from the training cache");
        Assert.DoesNotContain("search chose", back.Output);
    }

    [TestMethod]
    public async Task CheckDeterminismTrainsTwiceAndFindsBothRunsEqual()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("build"));

        // Up to date, but the check always trains (twice).
        var checkedBuild = await sample.RunAsync("build -p:MlCheckDeterminism=true");

        AssertSucceeded(checkedBuild);
        StringAssert.Contains(checkedBuild.Output, "MlCheckDeterminism: training a second time");
        StringAssert.Contains(checkedBuild.Output, "both runs gave the same metrics and model bytes");
    }

    [TestMethod]
    public async Task BadCellFailsTheBuildAtItsFileLineAndColumn()
    {
        var sample = await NewSampleAsync();
        // Line 42 is customer C00041; Tenure is its second field, at character 8.
        sample.ReplaceLine("data/churn.csv", 42, line => "C00041,abc," + line.Split(',', 3)[2]);

        var build = await sample.RunAsync("build");

        var error = AssertFailedWith(build, "MLB2005");
        Assert.AreEqual(sample.PathOf("data/churn.csv"), error.File);
        Assert.AreEqual(42, error.Line);
        Assert.AreEqual(8, error.Column);
        StringAssert.Contains(error.Message, "'Tenure' expects a number");
        Assert.IsFalse(File.Exists(Path.Combine(sample.OutputDirectory(), "ChurnModel.zip")));
    }

    [TestMethod]
    public async Task InvalidSpecFieldIsAnErrorAtItsLine()
    {
        var sample = await NewSampleAsync();
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"trainer\": \"fast-tree\"", "\"trainr\": \"fast-tree\""));
        var line = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("trainr")) + 1;

        var build = await sample.RunAsync("build");

        var error = AssertFailedWith(build, "MLB1003");
        Assert.AreEqual(spec, error.File);
        Assert.AreEqual(line, error.Line);
        StringAssert.Contains(error.Message, "Did you mean 'trainer'?");
    }

    [TestMethod]
    public async Task CleanRemovesTheModelOutputs()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("build"));

        var clean = await sample.RunAsync("clean");

        AssertSucceeded(clean);
        Assert.IsFalse(File.Exists(Path.Combine(sample.OutputDirectory(), "ChurnModel.zip")));
        Assert.IsFalse(File.Exists(Path.Combine(sample.OutputDirectory(), "ChurnModel.metrics.json")));
        Assert.IsFalse(File.Exists(Path.Combine(sample.ArtifactDirectory(), "ChurnModel.zip")));
        Assert.IsFalse(File.Exists(Path.Combine(sample.ArtifactDirectory(), "ChurnModel.manifest.json")));
    }

    [TestMethod]
    public async Task DesignTimeBuildDoesNotTrain()
    {
        var sample = await NewSampleAsync();
        AssertSucceeded(await sample.RunAsync("restore"));

        var designTime = await sample.RunAsync("msbuild -t:Build -p:DesignTimeBuild=true -p:BuildingProject=false");

        AssertSucceeded(designTime);
        Assert.IsFalse(Directory.Exists(sample.ArtifactDirectory()), "a design-time build trained");
    }
}
