using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Training.Search;

/// <summary>Searches end to end through TrainingRun on small data: the choice, trials.json, budgets, determinism, errors.</summary>
[TestClass]
public sealed class ModelSearchTests
{
    private static ModelProject Project(string training, int rows = 300) =>
        ModelProject.Create(SpecText.Minimal("binary-classification", "Churned", more: $"\"training\": {training}"), SampleData.Binary(rows, flipFraction: 0.05));

    [TestMethod]
    public void ASearchChoosesATrainerWritesItsLeaderboardAndRecordsTheChoice()
    {
        using var project = Project("""{ "trainers": ["fast-tree", "lbfgs-logistic"], "search": "random", "trials": 4, "folds": 3 }""");
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        using var trials = JsonDocument.Parse(File.ReadAllText(project.Artifacts().Trials));
        var root = trials.RootElement;
        Assert.AreEqual("auc", root.GetProperty("metric").GetString());
        Assert.AreEqual(4, root.GetProperty("trials").GetArrayLength());
        var best = root.GetProperty("trials")[0];
        Assert.AreEqual(root.GetProperty("best").GetInt32(), best.GetProperty("id").GetInt32(), "best first");
        Assert.AreEqual(3, best.GetProperty("foldScores").GetArrayLength());
        Assert.AreEqual(result.Metrics!.Trainer, best.GetProperty("trainer").GetString());
        Assert.IsNotNull(result.Metrics.Parameters);
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("trial 4 of 4", StringComparison.Ordinal)), "progress is reported per trial");
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("trial 4 of 4", StringComparison.Ordinal) && m.Contains("about 0 s left", StringComparison.Ordinal)),
            "after the last planned trial nothing is left");
        var trialMessages = diagnostics.Messages.Where(m => m.Contains(": trial ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(4, trialMessages);
        Assert.IsTrue(trialMessages.All(m => m.Contains(" s elapsed, about ", StringComparison.Ordinal) && m.Contains(" s left", StringComparison.Ordinal)), "every trial says the time left");
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("search chose", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void TheSameInputsChooseTheSameAndScoreTheSame()
    {
        string Run()
        {
            using var project = Project("""{ "trainers": ["fast-tree", "fast-forest"], "search": "halving", "trials": 5, "folds": 3 }""", rows: 900);
            Assert.IsTrue(project.Train().Succeeded);
            return File.ReadAllText(project.Artifacts().Trials).Split("\"seconds\"")[0] + string.Join(";",
                JsonDocument.Parse(File.ReadAllText(project.Artifacts().Trials)).RootElement.GetProperty("trials").EnumerateArray()
                    .Select(t => $"{t.GetProperty("id")}:{t.GetProperty("round")}:{t.GetProperty("mean")}"));
        }

        Assert.AreEqual(Run(), Run());
    }

    [TestMethod]
    public void HalvingScoresEarlyRoundsOnAShareOfTheRowsAndPromotesTheBest()
    {
        using var project = Project("""{ "trainers": ["lbfgs-logistic"], "search": "halving", "trials": 9, "folds": 3 }""", rows: 7000);

        Assert.IsTrue(project.Train().Succeeded);

        var trials = JsonDocument.Parse(File.ReadAllText(project.Artifacts().Trials)).RootElement.GetProperty("trials").EnumerateArray().ToList();
        var byRound = trials.GroupBy(t => t.GetProperty("round").GetInt32()).OrderBy(g => g.Key).ToList();
        Assert.HasCount(3, byRound);
        CollectionAssert.AreEqual(new[] { 9, 3, 1 }, byRound.Select(g => g.Count()).ToArray());
        Assert.IsLessThan(1.0, byRound[0].First().GetProperty("dataFraction").GetDouble());
        Assert.AreEqual(1.0, byRound[2].First().GetProperty("dataFraction").GetDouble());
        var promoted = byRound[1].Select(t => t.GetProperty("id").GetInt32()).ToHashSet();
        var firstRoundBest = byRound[0].OrderByDescending(t => t.GetProperty("mean").GetDouble()).ThenBy(t => t.GetProperty("id").GetInt32()).Take(3).Select(t => t.GetProperty("id").GetInt32());
        CollectionAssert.AreEquivalent(firstRoundBest.ToList(), promoted.ToList(), "the best third of round 1 go on");
    }

    [TestMethod]
    public void ATimeLimitStopsNewTrialsButTheBestSoFarIsUsed()
    {
        using var project = Project("""{ "trainers": ["fast-tree"], "search": "random", "trials": 40, "folds": 2, "timeLimit": 0.001, "parallel": 1 }""");

        Assert.IsTrue(project.Train().Succeeded);

        var count = JsonDocument.Parse(File.ReadAllText(project.Artifacts().Trials)).RootElement.GetProperty("trials").GetArrayLength();
        Assert.IsLessThan(40, count);
        Assert.IsGreaterThanOrEqualTo(1, count);
    }

    [TestMethod]
    public void GroupByANameNotInTheDataIsMLB1008AtTheField()
    {
        using var project = Project("""{ "trainers": ["fast-tree"], "groupBy": "Customer" }""");
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => project.Train(diagnostics), DiagnosticCodes.SpecColumnNotInData);

        Assert.IsTrue(diagnostics.Items.Any(d => d.Code == DiagnosticCodes.SpecColumnNotInData && d.Message.Contains("'groupBy'", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void GroupedCrossValidationRuns()
    {
        using var project = Project("""{ "trainers": ["lbfgs-logistic"], "search": "random", "trials": 2, "folds": 3, "groupBy": "Plan" }""");
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(project.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual("Plan", JsonDocument.Parse(File.ReadAllText(project.Artifacts().Trials)).RootElement.GetProperty("groupBy").GetString());
    }
}
