using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>
/// samples/ChurnPrediction.Service: the packed model served over HTTP by a real process on loopback, and a new model
/// version deployed by `dotnet nuget push` and a package update.
/// </summary>
[TestClass]
public sealed class ServiceTests : IntegrationTest
{
    private const string HighRisk = """{"Tenure":2,"MonthlyCharges":95.5,"TotalCharges":190,"Contract":"Month-to-month","PaymentMethod":"Electronic check","InternetService":"Fiber optic","SupportCalls":4,"SeniorCitizen":true}""";
    private const string LowRisk = """{"Tenure":60,"MonthlyCharges":25,"TotalCharges":1500,"Contract":"Two year","PaymentMethod":"Bank transfer","InternetService":"No","SupportCalls":0,"SeniorCitizen":false}""";
    private const string Weekly = """{"Tenure":5,"MonthlyCharges":70,"Contract":"Weekly","PaymentMethod":"Credit card","InternetService":"DSL","SupportCalls":1,"SeniorCitizen":false}""";

    [TestMethod]
    public async Task ServicePredictsWithThePackagedModelAndAnswersBadRequestsWithProblemDetails()
    {
        var sample = await NewSampleAsync();
        var version = $"1.0.0-svc.{Guid.NewGuid().ToString("N")[..8]}"; // the package cache is shared: never reuse a version
        AssertSucceeded(await sample.RunAsync($"pack -p:Version={version}"));
        var project = sample.AddSample("ChurnPrediction.Service");
        AssertSucceeded(await sample.RunAsync($"build -p:ChurnModelVersion={version}", project));
        var output = Path.Combine(project, "bin/Debug/net10.0");
        var assembly = Path.Combine(output, "ChurnPrediction.Service.dll");

        await using (var service = await ServiceProcess.StartAsync(assembly, project, "/health/ready"))
        {
            var client = service.Client;
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

            // One input: the prediction of the package's model, loaded here with ML.NET from the files the service got.
            using var packaged = new PackagedModel(Path.Combine(output, "ChurnModel.zip"));
            var high = await ReadAsync(await PostAsync(client, "/predict", HighRisk), HttpStatusCode.OK, service);
            var low = await ReadAsync(await PostAsync(client, "/predict", LowRisk), HttpStatusCode.OK, service);
            foreach (var (prediction, customer) in new[] { (high, HighRisk), (low, LowRisk) })
            {
                var probability = prediction.GetProperty("probability").GetSingle();
                Assert.IsInRange(0f, 1f, probability);
                var expected = packaged.Predict(customer);
                Assert.AreEqual(expected.Probability, probability, 1e-6f);
                Assert.AreEqual(expected.PredictedLabel, prediction.GetProperty("predictedLabel").GetBoolean());
                Assert.AreEqual(0, prediction.GetProperty("inputIssues").GetArrayLength());
            }

            Assert.IsTrue(high.GetProperty("predictedLabel").GetBoolean(), high.ToString());
            Assert.IsFalse(low.GetProperty("predictedLabel").GetBoolean(), low.ToString());

            // Refused by the signature, malformed, not an input: 400 problem details naming the problem.
            var weekly = await ReadAsync(await PostAsync(client, "/predict", Weekly), HttpStatusCode.BadRequest, service);
            StringAssert.Contains(weekly.GetProperty("errors").GetProperty("Contract")[0].GetString(), "'Weekly'");
            var malformed = await ReadAsync(await PostAsync(client, "/predict", """{"Tenure": 2,,}"""), HttpStatusCode.BadRequest, service);
            StringAssert.Contains(malformed.GetProperty("errors").GetProperty("$")[0].GetString(), "not valid JSON");
            var empty = await ReadAsync(await PostAsync(client, "/predict", ""), HttpStatusCode.BadRequest, service);
            StringAssert.Contains(empty.GetProperty("errors").GetProperty("$")[0].GetString(), "empty");
            var unknown = await ReadAsync(await PostAsync(client, "/predict", HighRisk.Replace("\"Tenure\"", "\"Tenur\"")), HttpStatusCode.BadRequest, service);
            StringAssert.Contains(unknown.GetProperty("errors").GetProperty("Tenur")[0].GetString(), "not an input");
            var wrongType = await ReadAsync(await PostAsync(client, "/predict", """{"Tenure":"two"}"""), HttpStatusCode.BadRequest, service);
            StringAssert.Contains(wrongType.GetProperty("errors").GetProperty("Tenure")[0].GetString(), "must be a number");

            // A batch: every result, in order; a refused row is named; a batch over Prediction:MaxBatchSize is refused.
            var batch = await ReadAsync(await PostAsync(client, "/predict/batch", $"[{HighRisk},{LowRisk},{HighRisk}]"), HttpStatusCode.OK, service);
            Assert.AreEqual(3, batch.GetArrayLength());
            var expectedOrder = new[] { high, low, high }.Select(p => p.GetProperty("probability").GetSingle()).ToArray();
            CollectionAssert.AreEqual(expectedOrder, batch.EnumerateArray().Select(p => p.GetProperty("probability").GetSingle()).ToArray());
            var badRow = await ReadAsync(await PostAsync(client, "/predict/batch", $"[{HighRisk},{LowRisk},{Weekly}]"), HttpStatusCode.BadRequest, service);
            Assert.AreEqual(2, badRow.GetProperty("row").GetInt32());
            StringAssert.Contains(badRow.GetProperty("errors").GetProperty("[2].Contract")[0].GetString(), "'Weekly'");
            var tooLarge = await ReadAsync(await PostAsync(client, "/predict/batch", "[" + string.Join(",", Enumerable.Repeat(LowRisk, 1001)) + "]"),
                HttpStatusCode.BadRequest, service);
            StringAssert.Contains(tooLarge.GetProperty("errors").GetProperty("$")[0].GetString(), "at most 1,000");

            // The model's description: the packed version, its metrics and lineage; no bench endpoint outside bench mode.
            var model = await ReadAsync(await client.GetAsync("/model"), HttpStatusCode.OK, service);
            Assert.AreEqual("ChurnPrediction", model.GetProperty("packageId").GetString());
            Assert.AreEqual(version, model.GetProperty("version").GetString());
            Assert.IsGreaterThan(0.78, model.GetProperty("metrics").GetProperty("metrics").GetProperty("auc").GetDouble());
            Assert.AreEqual(42, model.GetProperty("lineage").GetProperty("seed").GetInt32());
            Assert.AreEqual(HttpStatusCode.NotFound, (await PostAsync(client, "/echo", HighRisk)).StatusCode);
        }

        // A model file changed after packing: the service refuses to start and says why.
        await File.AppendAllTextAsync(Path.Combine(output, "ChurnModel.zip"), "tampered");
        var refused = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(assembly, project, "/health/ready"));
        StringAssert.Contains(refused.Message, "exited with code 1");
        StringAssert.Contains(refused.Message, "does not match the SHA-256 its package recorded");
    }

    [TestMethod]
    public async Task ServiceDeploysANewModelVersionByNuGetPushAndAPackageUpdate()
    {
        var sample = await NewSampleAsync();
        var id = Guid.NewGuid().ToString("N")[..8]; // the package cache is shared: never reuse a version
        var (a, b) = ($"1.0.0-deploy.{id}", $"1.1.0-deploy.{id}");
        var packed = Path.Combine(sample.Root, "packed");

        // Release A: packed, pushed to the feed the service restores from, served.
        AssertSucceeded(await sample.RunAsync($"pack -p:Version={a} -p:PackageOutputPath={packed}/"));
        await PushAsync(sample, Path.Combine(packed, $"ChurnPrediction.{a}.nupkg"));
        var project = sample.AddSample("ChurnPrediction.Service");
        var modelFile = Path.Combine(project, "bin/Debug/net10.0/ChurnModel.zip");
        AssertSucceeded(await sample.RunAsync($"build -p:ChurnModelVersion={a}", project));
        await AssertServesAsync(project, a, seed: 42);
        var shaA = Sha256Of(modelFile);

        // Release B: retrained with another seed, pushed; the service's package reference updated, rebuilt and restarted.
        sample.ReplaceLine("ChurnModel.mlmodel.json", 7, line => line.Replace("42", "7"));
        AssertSucceeded(await sample.RunAsync($"pack -p:Version={b} -p:PackageOutputPath={packed}/"));
        await PushAsync(sample, Path.Combine(packed, $"ChurnPrediction.{b}.nupkg"));
        AssertSucceeded(await sample.RunAsync($"build -p:ChurnModelVersion={b}", project));
        await AssertServesAsync(project, b, seed: 7);

        var shaB = PackagedSha256(Path.Combine(packed, $"ChurnPrediction.{b}.nupkg"), "ChurnModel.zip");
        Assert.AreEqual(shaB, Sha256Of(modelFile), "the service's model file is B's");
        Assert.AreNotEqual(shaA, shaB, "B was retrained with another seed");
    }

    private static async Task AssertServesAsync(string project, string version, int seed)
    {
        await using var service = await ServiceProcess.StartAsync(Path.Combine(project, "bin/Debug/net10.0/ChurnPrediction.Service.dll"), project, "/health/ready");
        var model = await ReadAsync(await service.Client.GetAsync("/model"), HttpStatusCode.OK, service);
        Assert.AreEqual(version, model.GetProperty("version").GetString());
        Assert.AreEqual(seed, model.GetProperty("lineage").GetProperty("seed").GetInt32());
        await ReadAsync(await PostAsync(service.Client, "/predict", HighRisk), HttpStatusCode.OK, service);
    }

    /// <summary>`dotnet nuget push` into the sample's model feed (a local folder, which the copy's nuget.config lists).</summary>
    private static async Task PushAsync(SampleProject sample, string nupkg)
    {
        var push = await Dotnet.RunAsync(sample.Root, $"nuget push \"{nupkg}\" --source \"{sample.ModelsFeed}\"");
        AssertSucceeded(push);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, ServiceProcess service)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(expected, response.StatusCode, $"{body}\n{service.Output}");
            if (expected != HttpStatusCode.OK) Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, body);
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A file's SHA-256 as the package's <c>model/ChurnModel.sha256</c> lists it.</summary>
    private static string PackagedSha256(string nupkg, string file)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var reader = new StreamReader(zip.GetEntry("model/ChurnModel.sha256")!.Open());
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Single(l => l.EndsWith("  " + file, StringComparison.Ordinal))[..64];
    }

    /// <summary>The packaged model file loaded directly with ML.NET, to compare the service's predictions with.</summary>
    private sealed class PackagedModel : IDisposable
    {
        private readonly PredictionEngine<ChurnCustomer, ChurnPrediction> _engine;

        public PackagedModel(string path)
        {
            var ml = new MLContext();
            _engine = ml.Model.CreatePredictionEngine<ChurnCustomer, ChurnPrediction>(ml.Model.Load(path, out _));
        }

        public ChurnPrediction Predict(string customerJson)
        {
            using var customer = JsonDocument.Parse(customerJson);
            var c = customer.RootElement;
            return _engine.Predict(new ChurnCustomer
            {
                Tenure = c.GetProperty("Tenure").GetSingle(),
                MonthlyCharges = c.GetProperty("MonthlyCharges").GetSingle(),
                TotalCharges = c.TryGetProperty("TotalCharges", out var total) ? total.GetSingle() : float.NaN,
                Contract = c.GetProperty("Contract").GetString()!,
                PaymentMethod = c.GetProperty("PaymentMethod").GetString()!,
                InternetService = c.GetProperty("InternetService").GetString()!,
                SupportCalls = c.GetProperty("SupportCalls").GetSingle(),
                SeniorCitizen = c.GetProperty("SeniorCitizen").GetBoolean() ? 1f : 0f,
            });
        }

        public void Dispose() => _engine.Dispose();
    }
}
