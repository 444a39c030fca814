using System.IO.Compression;
using System.Text.Json;
using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>Change gates against the released package: a worse model fails `dotnet build` and `dotnet test`, and a person can release it anyway, on record.</summary>
[TestClass]
public sealed class BaselineTests : IntegrationTest
{
    /// <summary>
    /// Version 1.0.0 is packed into a local folder feed (a first release: no baseline yet). Version 1.1.0 cannot see the
    /// customers' tenure and charges (clipped to one value inside the model), so its AUC on the same test rows falls by about
    /// 0.01, still above the value gate: the change gate against the released 1.0.0 fails the build and the model's tests with MLB4003, and
    /// MlAcceptRegression packs it with the regression and the baseline in its lineage.
    /// </summary>
    [TestMethod]
    public async Task AModelWorseThanTheReleasedPackageFailsBuildAndTestAndAcceptingTheRegressionPacksItOnRecord()
    {
        var sample = await NewSampleAsync();
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec)
            .Replace("{ \"metric\": \"auc\", \"min\": 0.78 }", "{ \"metric\": \"auc\", \"min\": 0.78, \"maxDrop\": 0.005 }")
            .Replace("  \"gates\": [", "  \"baseline\": { \"package\": \"ChurnPrediction\", \"source\": \"../../artifacts/models\" },\n  \"gates\": ["));
        var gateLine = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("maxDrop")) + 1;

        var release = await sample.RunAsync("pack -p:Version=1.0.0");

        AssertSucceeded(release);
        StringAssert.Contains(release.Output, "no baseline to compare with (ChurnPrediction has no stable version below 1.0.0");
        Assert.IsTrue(File.Exists(Path.Combine(sample.ModelsFeed, "ChurnPrediction.1.0.0.nupkg")), release.ToString());
        AssertTheReleaseCarriesItsSignatureAndChecksums(Path.Combine(sample.ModelsFeed, "ChurnPrediction.1.0.0.nupkg"));

        // A released version never changes: packing 1.0.0 again with other metadata (no build, so no training) is refused.
        var again = await sample.RunAsync("pack --no-build -p:Version=1.0.0 -p:PackageTags=changed");

        var exists = AssertFailedWith(again, "MLB5005");
        StringAssert.Contains(exists.Message, "ChurnPrediction 1.0.0 already exists on the package output folder");

        foreach (var column in new[] { "\"Tenure\": {", "\"MonthlyCharges\": {", "\"TotalCharges\": {" })
            sample.ReplaceLine("ChurnModel.mlmodel.json", File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains(column)) + 1,
                line => line.Replace(" }", ", \"clip\": [0, 0] }"));

        var build = await sample.RunAsync("build -p:Version=1.1.0");

        var error = AssertFailedWith(build, "MLB4003");
        Assert.AreEqual((spec, gateLine), (error.File, error.Line));
        StringAssert.Contains(error.Message, "of package ChurnPrediction 1.0.0 fell by");
        StringAssert.Contains(error.Message, "more than the maxDrop 0.005");

        // The model's test project fails the same way: its build builds the model project first.
        var tests = sample.AddSample("ChurnPrediction.Tests");
        var test = await sample.RunAsync("test -p:Version=1.1.0", tests);

        var testError = AssertFailedWith(test, "MLB4003");
        Assert.AreEqual((spec, gateLine), (testError.File, testError.Line));

        var pack = await sample.RunAsync("pack -p:Version=1.1.0 -p:MlAcceptRegression=true");

        AssertSucceeded(pack);
        Assert.IsTrue(pack.Diagnostics.Any(d => d.Code == "MLB4003" && d.Severity == "warning"), pack.ToString());
        using var zip = ZipFile.OpenRead(Path.Combine(sample.ModelsFeed, "ChurnPrediction.1.1.0.nupkg"));
        using var lineage = JsonDocument.Parse(zip.GetEntry("model/ChurnModel.lineage.json")!.Open());
        var accepted = lineage.RootElement.GetProperty("acceptedRegressions").EnumerateArray().Single();
        Assert.AreEqual(("auc", "maxDrop"), (accepted.GetProperty("metric").GetString(), accepted.GetProperty("bound").GetString()));
        Assert.IsGreaterThan(0.005, accepted.GetProperty("baseline").GetDouble() - accepted.GetProperty("value").GetDouble());
        // The same inputs as 1.0.0: compatible, compared and recorded.
        var signature = lineage.RootElement.GetProperty("signature");
        Assert.AreEqual("1.0.0", signature.GetProperty("comparedWith").GetString());
        Assert.AreEqual(0, signature.GetProperty("breakingChanges").GetArrayLength());
        var baseline = lineage.RootElement.GetProperty("baseline");
        Assert.AreEqual(("package", "ChurnPrediction", "1.0.0"),
            (baseline.GetProperty("kind").GetString(), baseline.GetProperty("name").GetString(), baseline.GetProperty("version").GetString()));
        using var released = ZipFile.OpenRead(Path.Combine(sample.ModelsFeed, "ChurnPrediction.1.0.0.nupkg"));
        using var releasedLineage = JsonDocument.Parse(released.GetEntry("model/ChurnModel.lineage.json")!.Open());
        Assert.AreEqual(releasedLineage.RootElement.GetProperty("modelSha256").GetString(), baseline.GetProperty("modelSha256").GetString());
    }

    /// <summary>The package's contract: the inputs as the spec writes them, and a SHA-256 for every file in model/ that matches it.</summary>
    private static void AssertTheReleaseCarriesItsSignatureAndChecksums(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using (var signature = JsonDocument.Parse(zip.GetEntry("model/ChurnModel.signature.json")!.Open()))
        {
            var inputs = signature.RootElement.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
            Assert.IsFalse(inputs.ContainsKey("CustomerId"), "an ignored column is no input");
            Assert.IsTrue(inputs["Tenure"].GetProperty("required").GetBoolean());
            Assert.AreEqual(120, inputs["Tenure"].GetProperty("validRange").GetProperty("max").GetDouble());
            CollectionAssert.AreEqual(new[] { "Month-to-month", "One year", "Two year" },
                inputs["Contract"].GetProperty("categories").GetProperty("values").EnumerateArray().Select(v => v.GetString()).ToArray());
            Assert.AreEqual("Probability", signature.RootElement.GetProperty("outputs")[2].GetProperty("name").GetString());
        }

        using var checksums = new StreamReader(zip.GetEntry("model/ChurnModel.sha256")!.Open());
        var lines = checksums.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var modelEntries = zip.Entries.Where(e => e.FullName.StartsWith("model/", StringComparison.Ordinal) && !e.FullName.EndsWith(".sha256", StringComparison.Ordinal)).ToList();
        Assert.HasCount(modelEntries.Count, lines);
        foreach (var entry in modelEntries)
        {
            using var content = entry.Open();
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
            CollectionAssert.Contains(lines, $"{sha}  {entry.Name}");
        }
    }
}
