using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training.Search;

namespace MlBuildTasks.Engine.Tests.Training.Search;

/// <summary>MlCheckDeterminism: two real runs agree; and each kind of difference is named.</summary>
[TestClass]
public sealed class DeterminismCheckTests
{
    private static readonly Dictionary<string, double> Parameters = new() { ["numberOfLeaves"] = 20 };
    private static readonly TrialConfig Choice = new(1, "fast-tree", Parameters);

    private static TrialResult Trial(int id, double mean) => new(Choice with { Id = id }, 0, 1, mean, 0, [mean], TimeSpan.Zero, null);

    private static SearchOutcome Outcome(params double[] means)
    {
        var trials = means.Select((m, i) => Trial(i + 1, m)).ToList();
        return new SearchOutcome(trials[0].Config, trials[0], trials, TimeSpan.Zero);
    }

    private static readonly Dictionary<string, double> Metrics = new() { ["auc"] = 0.9, ["log-loss"] = double.NaN };

    [TestMethod]
    public void TwoRealRunsOfASearchAgree()
    {
        using var project = ModelProject.Create(
            SpecText.Minimal("binary-classification", "Churned", more: "\"training\": { \"trainers\": [\"fast-tree\", \"lbfgs-logistic\"], \"search\": \"random\", \"trials\": 3, \"folds\": 3 }"),
            SampleData.Binary(flipFraction: 0.05));
        var diagnostics = new DiagnosticList();

        var result = TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CheckDeterminism: true), diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("both runs gave the same trials, choice, metrics and model bytes", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void IdenticalRunsHaveNoDifference() =>
        Assert.IsNull(TrainingRun.FirstDifference(Outcome(0.8, 0.7), Outcome(0.8, 0.7), Choice, Choice, Metrics, new Dictionary<string, double>(Metrics), () => ("abc", "abc")));

    [TestMethod]
    public void ATrialScoreThatDiffersIsNamedWithBothValues() =>
        Assert.AreEqual("trial 2 (fast-tree (numberOfLeaves 20)) scored 0.7, then 0.71",
            TrainingRun.FirstDifference(Outcome(0.8, 0.7), Outcome(0.8, 0.71), Choice, Choice, Metrics, Metrics, () => ("a", "a")));

    [TestMethod]
    public void AnotherNumberOfTrialsPointsAtTheTimeLimit() =>
        StringAssert.Contains(TrainingRun.FirstDifference(Outcome(0.8, 0.7), Outcome(0.8), Choice, Choice, Metrics, Metrics, () => ("a", "a")), "time limit");

    [TestMethod]
    public void AnotherChoiceIsNamed() =>
        StringAssert.StartsWith(TrainingRun.FirstDifference(null, null, Choice, Choice with { Trainer = "gam" }, Metrics, Metrics, () => ("a", "a")), "the search chose fast-tree");

    [TestMethod]
    public void AMetricThatDiffersIsNamed() =>
        Assert.AreEqual("test metric auc was 0.9, then 0.91",
            TrainingRun.FirstDifference(null, null, Choice, Choice, Metrics, new Dictionary<string, double> { ["auc"] = 0.91, ["log-loss"] = double.NaN }, () => ("a", "a")));

    [TestMethod]
    public void DifferentModelBytesAreNamedLast() =>
        StringAssert.StartsWith(TrainingRun.FirstDifference(null, null, Choice, Choice, Metrics, Metrics, () => ("0123456789abcdef0000", "fedcba98765432100000")), "the model file's SHA-256 was 0123456789abcdef...");
}
