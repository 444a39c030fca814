using System.Xml.Linq;
using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>
/// `dotnet test` of a model's test project (samples/ChurnPrediction.Tests) against the packed MlBuildTasks and
/// MlBuildTasks.Testing: the model flows through the ProjectReference, each gate is its own TRX test case, and a model
/// made worse fails with the gate's code.
/// </summary>
[TestClass]
public sealed class ModelTestProjectTests : IntegrationTest
{
    [TestMethod]
    public async Task DotnetTestRunsTheGatesAndBehaviourTestsAndFailsOnAModelMadeWorse()
    {
        var sample = await NewSampleAsync();
        var tests = sample.AddSample("ChurnPrediction.Tests");
        var results = Path.Combine(sample.Root, "results");

        var passing = await sample.RunAsync($"test --logger \"trx;LogFileName=passing.trx\" --results-directory \"{results}\"", tests);

        AssertSucceeded(passing);
        Assert.IsTrue(File.Exists(Path.Combine(tests, "bin/Debug/net10.0/ChurnModel.zip")), "the model did not reach the test project's output folder");
        var outcomes = TrxOutcomes(Path.Combine(results, "passing.trx"));
        Assert.AreEqual("Passed", outcomes["auc >= 0.78"], string.Join(", ", outcomes.Keys));
        Assert.AreEqual("Passed", outcomes["accuracy >= 0.72"]);
        foreach (var behaviour in new[] { "ANewFiberCustomerWithManySupportCallsChurns", "PaymentMethodsOtherThanElectronicCheckDoNotMatter", "MoreSupportCallsNeverLowerTheRisk", "ClearCasesAreRight", "OnePredictionFitsAnInteractiveBudget" })
            Assert.AreEqual("Passed", outcomes[behaviour], behaviour);
        Assert.IsTrue(outcomes.Values.All(o => o == "Passed"), string.Join(", ", outcomes));

        // A gate the model cannot meet: the build inside dotnet test fails at the gate's line, and no test runs.
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("{ \"metric\": \"auc\", \"min\": 0.78 }", "{ \"metric\": \"auc\", \"min\": 0.99 }"));
        var line = File.ReadAllLines(spec).ToList().FindIndex(l => l.Contains("0.99")) + 1;

        var failing = await sample.RunAsync($"test --logger \"trx;LogFileName=failing.trx\" --results-directory \"{results}\"", tests);

        var error = AssertFailedWith(failing, "MLB4001");
        Assert.AreEqual(spec, error.File);
        Assert.AreEqual(line, error.Line);
        StringAssert.Contains(error.Message, "is below the minimum 0.99");
        Assert.IsFalse(File.Exists(Path.Combine(results, "failing.trx")), "tests ran against a model that failed its gates");
    }

    /// <summary>Each test case's name and outcome, as CI servers read them from the TRX.</summary>
    private static Dictionary<string, string> TrxOutcomes(string trx)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(trx).Descendants(ns + "UnitTestResult")
            .ToDictionary(r => (string)r.Attribute("testName")!, r => (string)r.Attribute("outcome")!);
    }
}
