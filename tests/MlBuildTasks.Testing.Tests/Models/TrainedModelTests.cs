using MlBuildTasks.Testing.Tests.Support;

namespace MlBuildTasks.Testing.Tests.Models;

[TestClass]
public sealed class TrainedModelTests
{
    [TestMethod]
    public void LoadReadsTheMetricsAndIsShared()
    {
        var model = TinyModel.Load();

        Assert.AreEqual("binary-classification", model.Metrics.Task);
        Assert.AreEqual(0.95, model.Metrics.Values["auc"]);
        Assert.IsNull(model.Metrics.Values["log-loss"]);
        Assert.AreSame(model, TinyModel.Load());
    }

    [TestMethod]
    public void LoadOfAMissingModelSaysWhatToAdd()
    {
        var empty = Directory.CreateTempSubdirectory("mlb-empty-").FullName;

        var failure = Assert.ThrowsExactly<FileNotFoundException>(() => TrainedModel.Load("ChurnModel", empty));

        StringAssert.Contains(failure.Message, "no model is there");
        StringAssert.Contains(failure.Message, "<MlModel Include=\"ChurnModel.mlmodel.json\" />");
    }

    [TestMethod]
    public void PredictTakesSpecNamesModelNamesAndAnonymousObjects()
    {
        var model = TinyModel.Load();

        var bySpecName = model.Predict(TinyModel.Row(9, "Month-to-month"));
        var byModelName = model.Predict(new { Support_Calls = 9, Contract = "Month-to-month", Note = "" });

        Assert.IsTrue((bool)bySpecName.Label!);
        Assert.AreEqual(bySpecName, byModelName);
        Assert.IsNotNull(bySpecName.Probability);
        Assert.IsGreaterThan(0.5f, bySpecName.Value);
        Assert.IsFalse((bool)model.Predict(TinyModel.Row(0, "Two year")).Label!);
    }

    [TestMethod]
    public void AnUnknownColumnIsAnErrorWithTheClosestName()
    {
        var row = new Dictionary<string, object?> { ["Support Cals"] = 1, ["Contract"] = "One year", ["Note"] = "" };

        var failure = Assert.ThrowsExactly<ArgumentException>(() => TinyModel.Load().Predict(row));

        StringAssert.Contains(failure.Message, "'Support Cals', which is not an input of the model. Its inputs are: Support Calls, Contract, Note. Did you mean 'Support Calls'?");
    }

    [TestMethod]
    public void AMissingInputIsAnError()
    {
        var failure = Assert.ThrowsExactly<ArgumentException>(() => TinyModel.Load().Predict(new { Contract = "One year" }));
        StringAssert.Contains(failure.Message, "The row has no value for 'Support Calls', 'Note'.");
    }

    [TestMethod]
    public void ATextWhereANumberBelongsIsAnError()
    {
        var failure = Assert.ThrowsExactly<ArgumentException>(() => TinyModel.Load().Predict(TinyModel.Row(0).Also("Support Calls", "many")));
        StringAssert.Contains(failure.Message, "Input 'Support Calls' is a number, but the row gives \"many\".");
    }

    [TestMethod]
    public void ParallelPredictionsAgreeWithSequentialOnes()
    {
        var model = TinyModel.Load();
        var rows = Enumerable.Range(0, 200).Select(i => TinyModel.Row(i % 11, i % 2 == 0 ? "Month-to-month" : "Two year")).ToList();
        var sequential = rows.Select(model.Predict).ToList();

        var parallel = rows.AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(model.Predict).ToList();

        CollectionAssert.AreEqual(sequential, parallel);
    }
}

internal static class RowExtensions
{
    public static Dictionary<string, object?> Also(this Dictionary<string, object?> row, string key, object? value)
    {
        row[key] = value;
        return row;
    }
}
