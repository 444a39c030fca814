using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Training.Search;

namespace MlBuildTasks.Engine.Tests.Training.Search;

[TestClass]
public sealed class SearchPlanTests
{
    private static TrainingSpec Training(string json) =>
        SpecText.Parse(SpecText.Minimal("binary-classification", more: $"\"training\": {json}")).Training!;

    [TestMethod]
    public void RandomPlanStartsEachTrainerAtMlNetsDefaultsAndTakesTurns()
    {
        var training = Training("""{ "trainers": ["fast-tree", "lbfgs-logistic"], "search": "random", "trials": 6 }""");

        var configs = SearchPlan.Configs(training, ModelTask.BinaryClassification, seed: 42);

        Assert.HasCount(6, configs);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6 }, configs.Select(c => c.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "fast-tree", "lbfgs-logistic", "fast-tree", "lbfgs-logistic", "fast-tree", "lbfgs-logistic" }, configs.Select(c => c.Trainer).ToArray());
        CollectionAssert.AreEquivalent(Defaults("fast-tree"), configs[0].Parameters.ToList());
        CollectionAssert.AreEquivalent(Defaults("lbfgs-logistic"), configs[1].Parameters.ToList());
        Assert.AreEqual(6, configs.Select(c => c.Describe()).Distinct().Count(), "no configuration twice");
    }

    private static List<KeyValuePair<string, double>> Defaults(string trainer) =>
        TrainerCatalog.Get(ModelTask.BinaryClassification, trainer).Space.Select(h => KeyValuePair.Create(h.Name, h.Default)).ToList();

    [TestMethod]
    public void RandomValuesStayInTheirRangesAndWholeNumbersAreWhole()
    {
        var training = Training("""{ "trainers": ["fast-tree"], "search": "random", "trials": 50 }""");
        var space = TrainerCatalog.Get(ModelTask.BinaryClassification, "fast-tree").Space.ToDictionary(h => h.Name);

        foreach (var config in SearchPlan.Configs(training, ModelTask.BinaryClassification, seed: 7))
            foreach (var (name, value) in config.Parameters)
            {
                Assert.IsTrue(space[name].Contains(value), $"{name} = {value}");
                if (space[name].Integer) Assert.AreEqual(Math.Floor(value), value, name);
            }
    }

    [TestMethod]
    public void TheSameSeedPlansTheSameTrialsAndAnotherSeedOthers()
    {
        var training = Training("""{ "search": "random", "trials": 12 }""");
        string Plan(int seed) => string.Join("|", SearchPlan.Configs(training, ModelTask.BinaryClassification, seed).Select(c => c.Describe()));

        Assert.AreEqual(Plan(42), Plan(42));
        Assert.AreNotEqual(Plan(42), Plan(43));
    }

    [TestMethod]
    public void GridUsesTheDeclaredValuesAndStaysWithinTheBudget()
    {
        var training = Training("""
            { "trainers": ["fast-tree"], "search": "grid", "trials": 4,
              "space": { "fast-tree": { "numberOfLeaves": [8, 16], "numberOfTrees": [50, 100], "minimumExampleCountPerLeaf": [5], "learningRate": [0.1] } } }
            """);

        var configs = SearchPlan.Configs(training, ModelTask.BinaryClassification, seed: 1);

        Assert.HasCount(4, configs);
        CollectionAssert.AreEquivalent(
            new[] { "8/50", "8/100", "16/50", "16/100" },
            configs.Select(c => $"{c.Parameters["numberOfLeaves"]}/{c.Parameters["numberOfTrees"]}").ToArray());
        Assert.IsTrue(configs.All(c => c.Parameters["learningRate"] == 0.1 && c.Parameters["minimumExampleCountPerLeaf"] == 5));
    }

    [TestMethod]
    public void ADeclaredRangeNarrowsTheSearch()
    {
        var training = Training("""{ "trainers": ["fast-tree"], "search": "random", "trials": 30, "space": { "fast-tree": { "learningRate": { "min": 0.05, "max": 0.06 } } } }""");

        var rates = SearchPlan.Configs(training, ModelTask.BinaryClassification, seed: 3).Select(c => c.Parameters["learningRate"]).ToList();

        Assert.IsTrue(rates.All(r => r is >= 0.05 and <= 0.06), string.Join(", ", rates));
    }

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(3, 2)]
    [DataRow(4, 3)]
    [DataRow(10, 4)]
    [DataRow(27, 4)]
    [DataRow(28, 5)]
    public void HalvingRoundsGoOnUntilOneConfigurationWouldRemain(int configs, int rounds) =>
        Assert.AreEqual(rounds, ModelSearch.HalvingRounds(configs));

    [TestMethod]
    [DataRow(10, 1, 10)]
    [DataRow(10, 2, 14)]
    [DataRow(10, 4, 17)]
    [DataRow(9, 3, 13)]
    public void PlannedTrialsCountEveryRound(int configs, int rounds, int trials) =>
        Assert.AreEqual(trials, ModelSearch.PlannedTrials(configs, rounds));
}
