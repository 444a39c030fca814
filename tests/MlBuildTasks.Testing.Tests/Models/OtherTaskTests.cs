using MlBuildTasks.Testing.Behaviour;
using MlBuildTasks.Testing.Tests.Support;

namespace MlBuildTasks.Testing.Tests.Models;

[TestClass]
public sealed class OtherTaskTests
{
    [TestMethod]
    public void ARegressionPredictsAValueAndNoLabel()
    {
        var model = TrainedModel.Load("Houses", OtherTasks.Directory);

        var small = model.Predict(new { Rooms = 1, Area = "Village" });
        var large = model.Predict(new { Rooms = 6, Area = "City" });

        Assert.IsNull(small.Label);
        Assert.IsNull(small.Probability);
        Assert.AreEqual(small.Score, small.Value);
        Assert.IsGreaterThan(small.Value + 200, large.Value);
        model.AssertScoreNeverFalls(new { Rooms = 1, Area = "City" }, "Rooms", [1, 3, 5, 7]);
        model.AssertPredictsValue(new { Rooms = 4, Area = "City" }, 300, tolerance: 40);
    }

    [TestMethod]
    public void AMulticlassModelPredictsTheClassNameWithScoresPerClass()
    {
        var model = TrainedModel.Load("Flowers", OtherTasks.Directory);

        var prediction = model.Predict(new Dictionary<string, object?> { ["Petal length"] = 8.0 });

        Assert.AreEqual("virginica", prediction.Label);
        Assert.IsNotNull(prediction.ClassScores);
        Assert.AreEqual(prediction.ClassScores.Values.Max(), prediction.Score);
        Assert.AreEqual("virginica", prediction.ClassScores.MaxBy(p => p.Value).Key);
        model.AssertMinimumFunctionality("petal length decides", [(new Dictionary<string, object?> { ["Petal length"] = 1.0 }, "setosa"), (new Dictionary<string, object?> { ["Petal length"] = 4.5 }, "versicolor")]);
    }
}
