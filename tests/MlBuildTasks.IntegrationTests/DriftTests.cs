using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>
/// The monitoring loop end to end: the packed model served by samples/ChurnPrediction.Service with its prediction log on,
/// customers sent through it over HTTP, and `dotnet build -t:MlCheckDrift` on the model project comparing the log with
/// the release (MlDriftReference=release: the highest stable version on the project's package folder).
/// Customers like the training data pass; a month of longer tenures, higher charges and more support calls, all on
/// monthly contracts, says retrain. Then the truth about 300 of the steady customers comes back through POST /feedback,
/// and `dotnet pack -p:MlIncludeFeedback=true` retrains with them and releases the next version.
/// </summary>
[TestClass]
public sealed class DriftTests : IntegrationTest
{
    [TestMethod]
    public async Task DriftedTrafficThroughTheServiceFailsMlCheckDriftAndUndriftedTrafficPasses()
    {
        var sample = await NewSampleAsync();
        // Stable (the release reference takes no prerelease) and new (the package cache is shared by the run's tests).
        var version = $"2.{Random.Shared.Next(1, 60_000)}.{Random.Shared.Next(0, 60_000)}"; // assembly version parts stay below 65536
        AssertSucceeded(await sample.RunAsync($"pack -p:Version={version}"));
        var service = sample.AddSample("ChurnPrediction.Service");
        AssertSucceeded(await sample.RunAsync($"build -p:ChurnModelVersion={version}", service));

        var (customers, churned) = Customers(sample.PathOf("data/churn.csv"), 600);
        var steady = Path.Combine(sample.Root, "logs", "steady");
        var drifted = Path.Combine(sample.Root, "logs", "drifted");
        await ServeAsync(service, steady, customers, feedback: churned.Take(300).ToList());
        await ServeAsync(service, drifted, customers.Select(Drift).ToList(), feedback: []);

        var pass = await sample.RunAsync($"build -t:MlCheckDrift -p:MlPredictionLogs={steady} -p:MlDriftReference=release");
        AssertSucceeded(pass);
        StringAssert.Contains(pass.Output, $"ChurnModel: drift check of 600 logged predictions against version {version}: 0 of 8 columns drifted, no need to retrain");
        using (var report = sample.ReadJson("obj/Debug/net10.0/ml/ChurnModel/ChurnModel.drift.json"))
        {
            Assert.IsFalse(report.RootElement.GetProperty("retrain").GetBoolean());
            Assert.AreEqual(600, report.RootElement.GetProperty("current").GetProperty("records").GetInt32());
            StringAssert.StartsWith(report.RootElement.GetProperty("reference").GetProperty("source").GetString(), $"ChurnPrediction {version} on ");
        }

        var fail = await sample.RunAsync($"build -t:MlCheckDrift -p:MlPredictionLogs={drifted} -p:MlDriftReference=release");
        var error = AssertFailedWith(fail, "MLB6001");
        StringAssert.Contains(error.Message, "retrain:");
        Assert.IsTrue(fail.Diagnostics.Any(d => d.Code == "MLB6002" && d.Message.Contains("'Tenure'")), fail.ToString());
        using (var report = sample.ReadJson("obj/Debug/net10.0/ml/ChurnModel/ChurnModel.drift.json"))
        {
            Assert.IsTrue(report.RootElement.GetProperty("retrain").GetBoolean());
            var driftedColumns = report.RootElement.GetProperty("columns").EnumerateArray()
                .Where(c => c.GetProperty("drift").GetProperty("drifted").GetBoolean()).Select(c => c.GetProperty("drift").GetProperty("column").GetString()).ToList();
            CollectionAssert.AreEquivalent(new[] { "Tenure", "MonthlyCharges", "Contract", "SupportCalls" }, driftedColumns);
        }

        Assert.IsTrue(File.Exists(sample.PathOf("obj/Debug/net10.0/ml/ChurnModel/ChurnModel.drift.html")));

        // Retraining: the 300 steady customers whose truth came back join the training data, and the next version ships.
        var next = version.Split('.') is [var major, var minor, _] ? $"{major}.{minor}.{60_001}" : throw new InvalidOperationException(version);
        var retrain = await sample.RunAsync($"pack -p:Version={next} -p:MlIncludeFeedback=true -p:MlPredictionLogs={steady}");
        AssertSucceeded(retrain);
        StringAssert.Contains(retrain.Output, "ChurnModel: MlIncludeFeedback: 300 labelled production rows from");
        using (var metrics = sample.ReadJson("obj/Release/net10.0/ml/ChurnModel/ChurnModel.metrics.json"))
            Assert.AreEqual(5000 + 300, metrics.RootElement.GetProperty("trainRows").GetInt32() + metrics.RootElement.GetProperty("testRows").GetInt32());
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(sample.ModelsFeed, $"ChurnPrediction.{next}.nupkg"));
        using var lineage = JsonDocument.Parse(package.GetEntry("model/ChurnModel.lineage.json")!.Open());
        Assert.IsTrue(lineage.RootElement.GetProperty("inputs").EnumerateArray().Any(i => i.GetProperty("path").GetString()!.EndsWith("ChurnModel.feedback-rows.jsonl", StringComparison.Ordinal)),
            lineage.RootElement.ToString());
    }

    /// <summary>
    /// Starts the service logging to <paramref name="logs"/>, posts the customers in batches, posts <paramref name="feedback"/>
    /// (whether each of the first customers churned) for their predictions, and waits until every prediction is in the log.
    /// </summary>
    private static async Task ServeAsync(string project, string logs, IReadOnlyList<Dictionary<string, object?>> customers, IReadOnlyList<bool> feedback)
    {
        var assembly = Path.Combine(project, "bin/Debug/net10.0/ChurnPrediction.Service.dll");
        await using var service = await ServiceProcess.StartAsync(assembly, project, "/health/ready", new Dictionary<string, string> { ["Prediction__LogDirectory"] = logs });
        var ids = new List<string>();
        foreach (var batch in customers.Chunk(200))
        {
            using var response = await service.Client.PostAsync("/predict/batch", new StringContent(JsonSerializer.Serialize(batch), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body + "\n" + service.Output);
            using var predictions = JsonDocument.Parse(body);
            ids.AddRange(predictions.RootElement.EnumerateArray().Select(p => p.GetProperty("predictionId").GetString()!));
        }

        for (var i = 0; i < feedback.Count; i++)
        {
            using var response = await service.Client.PostAsync("/feedback",
                new StringContent(JsonSerializer.Serialize(new { id = ids[i], churned = feedback[i] }), Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.NoContent, response.StatusCode, await response.Content.ReadAsStringAsync() + "\n" + service.Output);
        }

        // The log is written in the background, never in the request: wait for it (the writer flushes when its queue empties).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (LoggedLines(logs) < customers.Count && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.AreEqual(customers.Count, LoggedLines(logs), service.Output);
    }

    private static int LoggedLines(string logs) =>
        Directory.Exists(logs) ? Directory.GetFiles(logs, "ChurnModel.predictions.*.jsonl").Sum(f => File.ReadLines(f).Count()) : 0;

    /// <summary>The sample's first customers as the service takes them (the model's inputs, by the data's column names), and whether each churned.</summary>
    private static (List<Dictionary<string, object?>> Customers, List<bool> Churned) Customers(string csv, int count)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var customers = new List<Dictionary<string, object?>>();
        var churned = new List<bool>();
        foreach (var line in lines.Skip(1).Take(count))
        {
            var cells = line.Split(',');
            var customer = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] is "CustomerId" or "Churned") continue;
                customer[header[i]] = header[i] switch
                {
                    "Contract" or "PaymentMethod" or "InternetService" => cells[i],
                    "SeniorCitizen" => cells[i].ToLowerInvariant() is "1" or "true" or "yes",
                    _ => cells[i].Length == 0 ? null : double.Parse(cells[i], CultureInfo.InvariantCulture),
                };
            }

            customers.Add(customer);
            churned.Add(cells[Array.IndexOf(header, "Churned")].Equals("yes", StringComparison.OrdinalIgnoreCase));
        }

        return (customers, churned);
    }

    /// <summary>The same customers a year on: longer tenures, higher charges, more support calls, everyone on a monthly contract (4 of the 8 inputs, all within the spec's valid ranges).</summary>
    private static Dictionary<string, object?> Drift(Dictionary<string, object?> customer) => new(customer)
    {
        ["Tenure"] = Math.Min(120, (double)customer["Tenure"]! + 30),
        ["SupportCalls"] = Math.Min(50, (double)customer["SupportCalls"]! + 4),
        ["MonthlyCharges"] = Math.Min(500, (double)customer["MonthlyCharges"]! * 1.4),
        ["Contract"] = "Month-to-month",
    };
}
