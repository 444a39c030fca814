using Microsoft.ML;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Evaluation;

/// <summary>The worst-predicted rows of hand-made scored rows, against the expected order worked out by hand.</summary>
[TestClass]
public sealed class WorstPredictionsTests
{
    private static ResolvedColumn Input(string name, ColumnType type) => new(name, 0, type, name, false, false, true, null);

    private sealed class RegressionRow
    {
        public float Label { get; set; }
        public float Score { get; set; }
        public float Size { get; set; }
        public string Plan { get; set; } = "";
    }

    private sealed class UncalibratedRow
    {
        public bool Label { get; set; }
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
    }

    [TestMethod]
    public void RegressionRowsAreTheLargestAbsoluteErrorsWithMissingInputsAsNull()
    {
        var ml = new MLContext(1);
        // Absolute errors 1, 5, 0.5, 5, 3: the two 5s tie and keep their test order (rows 2 and 4).
        var rows = new[]
        {
            new RegressionRow { Label = 10, Score = 11, Size = 1, Plan = "a" },
            new RegressionRow { Label = 10, Score = 5, Size = float.NaN, Plan = "b" },
            new RegressionRow { Label = 10, Score = 10.5f, Size = 3, Plan = "" },
            new RegressionRow { Label = 0, Score = 5, Size = 4, Plan = "d" },
            new RegressionRow { Label = 3, Score = 0, Size = 0.1f, Plan = "e" },
        };

        var worst = WorstPredictions.Find(ml.Data.LoadFromEnumerable(rows), ModelTask.Regression, null,
            [Input("Size", ColumnType.Number), Input("Plan", ColumnType.Category)], [12, 13, 14, 15, 16], count: 3)!;

        CollectionAssert.AreEqual(new[] { 2, 4, 5 }, worst.Select(w => w.Row).ToArray());
        CollectionAssert.AreEqual(new int?[] { 13, 15, 16 }, worst.Select(w => w.Line).ToArray());
        CollectionAssert.AreEqual(new double?[] { 5, 5, 3 }, worst.Select(w => w.Error).ToArray());
        Assert.IsNull(worst[0].Inputs["Size"], "a missing number is null");
        Assert.AreEqual("b", worst[0].Inputs["Plan"]!.GetValue<string>());
        Assert.AreEqual(0.1f, worst[2].Inputs["Size"]!.GetValue<float>());
        Assert.AreEqual(3f, worst[2].Label!.GetValue<float>());
        Assert.AreEqual(0f, worst[2].Predicted!.GetValue<float>());
        Assert.IsNull(worst[0].TrueClassScore);

        var all = WorstPredictions.Find(ml.Data.LoadFromEnumerable(rows), ModelTask.Regression, null, [Input("Plan", ColumnType.Category)], null, count: 10)!;
        Assert.HasCount(5, all, "never more rows than the test part has");
        Assert.IsNull(all.Single(w => w.Row == 3).Inputs["Plan"], "an empty text is null");
        Assert.IsNull(all[0].Line);
    }

    [TestMethod]
    public void CalibratedBinaryRowsHaveTheLowestProbabilityOfTheTrueClass()
    {
        var ml = new MLContext(1);
        // ScoredRows gives probability 0.9 when predicted positive, 0.1 when not: the true class's probability is
        // 0.9 for a right prediction and 0.1 for a wrong one.
        var data = ml.Data.LoadFromEnumerable(ScoredRows.Binary([(true, true), (true, false), (false, false), (false, true), (true, true)]));

        var worst = WorstPredictions.Find(data, ModelTask.BinaryClassification, "yes", [], null, count: 3)!;

        CollectionAssert.AreEqual(new[] { 2, 4, 1 }, worst.Select(w => w.Row).ToArray());
        Assert.AreEqual(0.1, worst[0].TrueClassScore!.Value, 1e-6);
        Assert.AreEqual(0.1, worst[1].TrueClassScore!.Value, 1e-6);
        Assert.AreEqual(0.9, worst[2].TrueClassScore!.Value, 1e-6);
        Assert.AreEqual("yes", worst[0].Label!.GetValue<string>(), "named like the confusion matrix's classes");
        Assert.AreEqual("other", worst[0].Predicted!.GetValue<string>());
        Assert.AreEqual("other", worst[1].Label!.GetValue<string>());
        Assert.IsNull(worst[0].Error);
    }

    [TestMethod]
    public void UncalibratedBinaryRowsUseTheScoreOfTheTrueClass()
    {
        var ml = new MLContext(1);
        // True-class scores: 1.5, -3, 0.5 (negative row, score -0.5), -2 (negative row, score 2).
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new UncalibratedRow { Label = true, PredictedLabel = true, Score = 1.5f },
            new UncalibratedRow { Label = true, PredictedLabel = false, Score = -3 },
            new UncalibratedRow { Label = false, PredictedLabel = false, Score = -0.5f },
            new UncalibratedRow { Label = false, PredictedLabel = true, Score = 2 },
        });

        var worst = WorstPredictions.Find(data, ModelTask.BinaryClassification, null, [], null)!;

        CollectionAssert.AreEqual(new[] { 2, 4, 3, 1 }, worst.Select(w => w.Row).ToArray());
        CollectionAssert.AreEqual(new double?[] { -3, -2, 0.5, 1.5 }, worst.Select(w => w.TrueClassScore).ToArray());
        CollectionAssert.AreEqual(new[] { "true", "false", "false", "true" }, worst.Select(w => w.Label!.GetValue<string>()).ToArray());
    }

    [TestMethod]
    public void MulticlassRowsHaveTheLowestScoreOfTheTrueClass()
    {
        var ml = new MLContext(1);
        // Scores are 0.8 for the predicted class and 0.1 for the others: wrong rows (3 and 4) have 0.1 for the true class.
        var (model, data) = ScoredRows.Multiclass(ml, ["b", "c", "a"], [("a", "a"), ("c", "c"), ("a", "b"), ("b", "a"), ("b", "b")]);

        var worst = WorstPredictions.Find(model.Scorer.Transform(model.PrepareLabels(data)), ModelTask.MulticlassClassification, null, [], null, count: 3)!;

        CollectionAssert.AreEqual(new[] { 3, 4, 1 }, worst.Select(w => w.Row).ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b", "a" }, worst.Select(w => w.Label!.GetValue<string>()).ToArray());
        CollectionAssert.AreEqual(new[] { "b", "a", "a" }, worst.Select(w => w.Predicted!.GetValue<string>()).ToArray());
        Assert.AreEqual(0.1, worst[0].TrueClassScore!.Value, 1e-6);
        Assert.AreEqual(0.8, worst[2].TrueClassScore!.Value, 1e-6);
    }
}
