using Microsoft.ML;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Evaluation;

/// <summary>The confusion matrix and per-class metrics, against values counted by hand on a few rows.</summary>
[TestClass]
public sealed class ClassBreakdownTests
{
    [TestMethod]
    public void BinaryMatrixHasActualRowsAndPredictedColumnsPositiveFirst()
    {
        // Actual positive: 3 predicted positive, 1 negative. Actual negative: 2 predicted positive, 0 negative.
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(ScoredRows.Binary([(true, true), (true, true), (true, true), (true, false), (false, true), (false, true)]));

        var result = ModelEvaluator.EvaluateTest(ml, ScoredRows.PassThrough(ml, data), data, ModelTask.BinaryClassification, null, []);

        var matrix = result.Classes!.ConfusionMatrix;
        CollectionAssert.AreEqual(new[] { "true", "false" }, matrix.Classes.ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 1 }, matrix.Counts[0].ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 0 }, matrix.Counts[1].ToArray());
        Assert.IsNull(result.Classes.PerClass, "binary has precision and recall among its metrics already");
        Assert.AreEqual(3.0 / 5, result.Metrics["precision"], 1e-9);
        Assert.AreEqual(3.0 / 4, result.Metrics["recall"], 1e-9);
    }

    [TestMethod]
    public void BinaryMatrixNamesThePositiveClass()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(ScoredRows.Binary([(true, true), (false, false), (true, false), (false, false)]));

        var result = ModelEvaluator.EvaluateTest(ml, ScoredRows.PassThrough(ml, data), data, ModelTask.BinaryClassification, "yes", []);

        CollectionAssert.AreEqual(new[] { "yes", "other" }, result.Classes!.ConfusionMatrix.Classes.ToArray());
    }

    [TestMethod]
    public void MulticlassPerClassMetricsAreKeyedByClassName()
    {
        // Rows (actual -> predicted): a -> a, a, b; b -> a, b; c -> c, c. The classes are keyed b, c, a so that key
        // order differs from name order. Counts[actual][predicted] in key order (b, c, a):
        //   b: [1, 0, 1]   c: [0, 2, 0]   a: [1, 0, 2]
        var ml = new MLContext(1);
        var (model, data) = ScoredRows.Multiclass(ml, ["b", "c", "a"],
            [("a", "a"), ("a", "a"), ("a", "b"), ("b", "a"), ("b", "b"), ("c", "c"), ("c", "c")]);

        var result = ModelEvaluator.EvaluateTest(ml, model, data, ModelTask.MulticlassClassification, null, []);

        var matrix = result.Classes!.ConfusionMatrix;
        CollectionAssert.AreEqual(new[] { "b", "c", "a" }, matrix.Classes.ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 0, 1 }, matrix.Counts[0].ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 2, 0 }, matrix.Counts[1].ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 0, 2 }, matrix.Counts[2].ToArray());
        var perClass = result.Classes.PerClass!;
        // Precision: of the rows predicted the class, the share that are it. Recall: of the rows that are it, the share predicted it.
        Assert.AreEqual(2.0 / 3, perClass["a"].Precision!.Value, 1e-9);
        Assert.AreEqual(2.0 / 3, perClass["a"].Recall!.Value, 1e-9);
        Assert.AreEqual(1.0 / 2, perClass["b"].Precision!.Value, 1e-9);
        Assert.AreEqual(1.0 / 2, perClass["b"].Recall!.Value, 1e-9);
        Assert.AreEqual(1.0, perClass["c"].Precision!.Value, 1e-9);
        Assert.AreEqual(1.0, perClass["c"].Recall!.Value, 1e-9);
        Assert.AreEqual(5.0 / 7, result.Metrics["micro-accuracy"], 1e-9);
    }
}
