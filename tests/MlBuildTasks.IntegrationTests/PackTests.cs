using System.IO.Compression;
using System.Xml.Linq;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>`dotnet pack` of a model project, and an app consuming the package.</summary>
[TestClass]
public sealed class PackTests : IntegrationTest
{
    [TestMethod]
    public async Task PackProducesAVersionedNupkgWithModelMetricsSpecLineageAndCard()
    {
        var sample = await NewSampleAsync();

        var pack = await sample.RunAsync("pack -p:Version=2.3.4-rc.1");

        AssertSucceeded(pack);
        var nupkg = Path.Combine(sample.ModelsFeed, "ChurnPrediction.2.3.4-rc.1.nupkg");
        Assert.IsTrue(File.Exists(nupkg), pack.ToString());
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
                 {
                     "model/ChurnModel.zip", "model/ChurnModel.metrics.json", "model/ChurnModel.mlmodel.json",
                     "model/ChurnModel.lineage.json", "README.md", "build/ChurnPrediction.targets", "buildTransitive/ChurnPrediction.targets",
                 })
            Assert.Contains(expected, entries);

        var nuspec = XDocument.Load(zip.GetEntry("ChurnPrediction.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.AreEqual("ChurnPrediction", metadata.Element(ns + "id")!.Value);
        Assert.AreEqual("2.3.4-rc.1", metadata.Element(ns + "version")!.Value);
        Assert.AreEqual("README.md", metadata.Element(ns + "readme")!.Value);
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        CollectionAssert.Contains(dependencies, "Microsoft.ML");
        CollectionAssert.Contains(dependencies, "Microsoft.ML.FastTree");

        using var lineage = System.Text.Json.JsonDocument.Parse(zip.GetEntry("model/ChurnModel.lineage.json")!.Open());
        var inputs = lineage.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        var data = inputs.Single(i => i.GetProperty("role").GetString() == "data");
        Assert.AreEqual("data/churn.csv", data.GetProperty("path").GetString());
        Assert.AreEqual(32, data.GetProperty("fingerprint").GetString()!.Length);
        Assert.AreEqual(42, lineage.RootElement.GetProperty("seed").GetInt32());

        using var card = new StreamReader(zip.GetEntry("README.md")!.Open());
        StringAssert.Contains(card.ReadToEnd(), "| auc |");
    }

    [TestMethod]
    public async Task FailedGateFailsTheBuildAtTheGateLineAndNothingIsPacked()
    {
        var sample = await NewSampleAsync();
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("{ \"metric\": \"auc\", \"min\": 0.78 }", "{ \"metric\": \"auc\", \"min\": 0.99 }"));
        var gateLine = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("0.99")) + 1;

        var pack = await sample.RunAsync("pack");

        var error = AssertFailedWith(pack, "MLB4001");
        Assert.AreEqual(spec, error.File);
        Assert.AreEqual(gateLine, error.Line);
        StringAssert.Contains(error.Message, "below the minimum 0.99");
        Assert.IsEmpty(Directory.GetFiles(sample.ModelsFeed, "*.nupkg"));
        Assert.IsFalse(File.Exists(Path.Combine(sample.ArtifactDirectory("Release"), "ChurnModel.zip")), "a model that failed its gates was left behind");
    }

    [TestMethod]
    public async Task BetterBaselineFailsTheBuildWithMLB4003AndAcceptingTheRegressionPacksItOnRecord()
    {
        var sample = await NewSampleAsync();
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec)
            .Replace("{ \"metric\": \"auc\", \"min\": 0.78 }", "{ \"metric\": \"auc\", \"min\": 0.78, \"maxDrop\": 0.01 }")
            .Replace("  \"gates\": [", "  \"baseline\": { \"metrics\": \"baseline/ChurnModel.metrics.json\" },\n  \"gates\": ["));
        // A committed baseline from an "earlier build" whose AUC the sample cannot reach.
        Directory.CreateDirectory(sample.PathOf("baseline"));
        File.WriteAllText(sample.PathOf("baseline/ChurnModel.metrics.json"),
            "{ \"schemaVersion\": 1, \"model\": \"ChurnModel\", \"task\": \"binary-classification\", \"metrics\": { \"auc\": 0.999, \"accuracy\": 0.99 } }");
        var gateLine = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("maxDrop")) + 1;

        var build = await sample.RunAsync("build");

        var error = AssertFailedWith(build, "MLB4003");
        Assert.AreEqual(spec, error.File);
        Assert.AreEqual(gateLine, error.Line);
        StringAssert.Contains(error.Message, "against the baseline 0.999");
        StringAssert.Contains(error.Message, "more than the maxDrop 0.01");

        var pack = await sample.RunAsync("pack -p:MlAcceptRegression=true");

        AssertSucceeded(pack);
        Assert.IsTrue(pack.Diagnostics.Any(d => d.Code == "MLB4003" && d.Severity == "warning"), pack.ToString());
        using var zip = ZipFile.OpenRead(Path.Combine(sample.ModelsFeed, "ChurnPrediction.1.0.0.nupkg"));
        using var lineage = System.Text.Json.JsonDocument.Parse(zip.GetEntry("model/ChurnModel.lineage.json")!.Open());
        var accepted = lineage.RootElement.GetProperty("acceptedRegressions").EnumerateArray().Single();
        Assert.AreEqual("auc", accepted.GetProperty("metric").GetString());
        Assert.AreEqual("maxDrop", accepted.GetProperty("bound").GetString());
        Assert.AreEqual(0.999, accepted.GetProperty("baseline").GetDouble());
        Assert.IsLessThan(0.989, accepted.GetProperty("value").GetDouble());
        Assert.AreEqual("baseline/ChurnModel.metrics.json",
            lineage.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("role").GetString() == "baseline").GetProperty("path").GetString());
    }

    /// <summary>With <c>"onnx": true</c> the zip also carries the ONNX export, which ONNX Runtime runs as the packed ML.NET model predicts.</summary>
    [TestMethod]
    public async Task ZipFormatCarriesTheSameContentsAndAManifestAndTheOnnxExport()
    {
        var sample = await NewSampleAsync();
        sample.ReplaceLine("ChurnModel.mlmodel.json", 6, line => line + "\n  \"onnx\": true,");

        var pack = await sample.RunAsync("pack -p:MlPackageFormat=zip");

        AssertSucceeded(pack);
        StringAssert.Contains(pack.Output, "ChurnModel: ONNX export matches ML.NET on");
        var archive = Path.Combine(sample.ModelsFeed, "ChurnPrediction.1.0.0.zip");
        Assert.IsTrue(File.Exists(archive), pack.ToString());
        using var zip = ZipFile.OpenRead(archive);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in new[] { "manifest.json", "model/ChurnModel.zip", "model/ChurnModel.metrics.json", "model/ChurnModel.lineage.json", "model/ChurnModel.onnx", "README.md" })
            Assert.Contains(file, entries);
        Assert.IsEmpty(Directory.GetFiles(sample.ModelsFeed, "*.nupkg"));

        // One customer through both packed models, as an app would pass it.
        var customer = new ChurnCustomer { Tenure = 2, MonthlyCharges = 95.5f, TotalCharges = float.NaN, Contract = "Month-to-month", PaymentMethod = "Electronic check", InternetService = "Fiber optic", SupportCalls = 4, SeniorCitizen = 1 };
        var ml = new MLContext();
        using var modelStream = new MemoryStream();
        using (var entry = zip.GetEntry("model/ChurnModel.zip")!.Open()) entry.CopyTo(modelStream);
        modelStream.Position = 0;
        var expected = ml.Model.CreatePredictionEngine<ChurnCustomer, ChurnPrediction>(ml.Model.Load(modelStream, out _)).Predict(customer);
        using var onnxStream = new MemoryStream();
        using (var entry = zip.GetEntry("model/ChurnModel.onnx")!.Open()) entry.CopyTo(onnxStream);
        using var session = new InferenceSession(onnxStream.ToArray());
        static NamedOnnxValue Number(string name, float value) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(new[] { value }, [1, 1]));
        static NamedOnnxValue Text(string name, string value) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(new[] { value }, [1, 1]));
        using var results = session.Run(
        [
            Number("Tenure", customer.Tenure), Number("MonthlyCharges", customer.MonthlyCharges), Number("TotalCharges", customer.TotalCharges),
            Text("Contract", customer.Contract), Text("PaymentMethod", customer.PaymentMethod), Text("InternetService", customer.InternetService),
            Number("SupportCalls", customer.SupportCalls), Number("SeniorCitizen", customer.SeniorCitizen),
        ]);
        Assert.AreEqual(expected.Probability, results.Single(r => r.Name == "Probability.output").AsTensor<float>()[0], 1e-4);
        Assert.AreEqual(expected.PredictedLabel, results.Single(r => r.Name == "PredictedLabel.output").AsTensor<bool>()[0]);
    }

    [TestMethod]
    public async Task AppReferencingThePackageGetsTheModelAndPredicts()
    {
        var sample = await NewSampleAsync();
        var version = $"1.0.0-app.{Guid.NewGuid().ToString("N")[..8]}"; // the package cache is shared: never reuse a version
        AssertSucceeded(await sample.RunAsync($"pack -p:Version={version}"));
        var app = sample.AddSample("ChurnPrediction.App");

        var run = await sample.RunAsync($"run -p:ChurnModelVersion={version}", app);

        AssertSucceeded(run);
        var output = Path.Combine(app, "bin/Debug/net10.0");
        foreach (var file in new[] { "zip", "signature.json", "metrics.json", "lineage.json", "profile.json", "sha256" })
            Assert.IsTrue(File.Exists(Path.Combine(output, "ChurnModel." + file)), file);
        var predictions = run.Output.Split('\n').Count(l => l.Contains("will churn") || l.Contains("will stay"));
        Assert.AreEqual(3, predictions, run.ToString());
        // The generated ChurnModel names the package version it loaded, and the signature refuses what the spec forbids.
        StringAssert.Contains(run.Output, $"Churn predictions from ChurnPrediction {version}");
        StringAssert.Contains(run.Output, "Refused: The input is outside the signature of model 'ChurnModel': 'Contract' is 'Weekly', not one of the model's categories (Month-to-month, One year, Two year); 'SeniorCitizen' is required but has no value.");

        // A model file changed after packing is refused before ML.NET reads it; a build copies the package's file back.
        var model = Path.Combine(output, "ChurnModel.zip");
        var bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(model, bytes);
        var tampered = await sample.RunAsync($"run --no-build -p:ChurnModelVersion={version}", app);
        Assert.AreNotEqual(0, tampered.ExitCode, tampered.ToString());
        StringAssert.Contains(tampered.Output, "ModelIntegrityException: Model file '" + model + "' does not match the SHA-256 its package recorded");

        AssertSucceeded(await sample.RunAsync($"run -p:ChurnModelVersion={version}", app));
    }

    /// <summary>
    /// LightGBM trains through the native lib_lightgbm that the MlBuildTasks package carries beside the engine; the model
    /// package depends on Microsoft.ML.LightGbm, which brings the app what it needs to load the model.
    /// </summary>
    [TestMethod]
    public async Task ALightGbmModelTrainsWithTheShippedNativeLibraryAndAnAppPredictsWithIt()
    {
        using (var tool = ZipFile.OpenRead(Directory.GetFiles(TestEnvironment.Feed, $"MlBuildTasks.{TestEnvironment.PackageVersion}.nupkg").Single()))
        {
            var entries = tool.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var native in new[] { "linux-x64/native/lib_lightgbm.so", "win-x64/native/lib_lightgbm.dll", "osx-x64/native/lib_lightgbm.dylib" })
                Assert.Contains("tools/net10.0/runtimes/" + native, entries);
        }

        var sample = await NewSampleAsync();
        sample.ReplaceLine("ChurnModel.mlmodel.json", 6, line => line.Replace("fast-tree", "lightgbm"));

        var build = await sample.RunAsync("build");

        AssertSucceeded(build);
        StringAssert.Contains(build.Output, "ChurnModel (lightgbm) test metrics:");
        using (var metrics = sample.ReadJson("bin/Debug/net10.0/ChurnModel.metrics.json"))
        {
            Assert.AreEqual("lightgbm", metrics.RootElement.GetProperty("trainer").GetString());
            Assert.IsTrue(metrics.RootElement.GetProperty("gatesPassed").GetBoolean());
            Assert.IsGreaterThan(0.78, metrics.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble());
        }

        var version = $"1.0.0-lgbm.{Guid.NewGuid().ToString("N")[..8]}"; // the package cache is shared: never reuse a version
        var pack = await sample.RunAsync($"pack -c Debug -p:Version={version}");
        AssertSucceeded(pack);
        using (var zip = ZipFile.OpenRead(Path.Combine(sample.ModelsFeed, $"ChurnPrediction.{version}.nupkg")))
        {
            var nuspec = XDocument.Load(zip.GetEntry("ChurnPrediction.nuspec")!.Open());
            var dependencies = nuspec.Descendants(nuspec.Root!.Name.Namespace + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
            CollectionAssert.AreEquivalent(new[] { "Microsoft.ML", "Microsoft.ML.LightGbm", "MlBuildTasks.Runtime" }, dependencies);
        }

        var app = sample.AddSample("ChurnPrediction.App");
        var run = await sample.RunAsync($"run -p:ChurnModelVersion={version}", app);

        AssertSucceeded(run);
        Assert.AreEqual(3, run.Output.Split('\n').Count(l => l.Contains("will churn") || l.Contains("will stay")), run.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(app, "bin/Debug/net10.0/Microsoft.ML.LightGbm.dll")), "the app got Microsoft.ML.LightGbm through the model package");
    }
}
