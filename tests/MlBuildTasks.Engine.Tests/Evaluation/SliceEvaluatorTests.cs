using Microsoft.ML;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Evaluation;

/// <summary>Metrics per slice: each group's rows evaluated by ML.NET as if they were the whole test part.</summary>
[TestClass]
public sealed class SliceEvaluatorTests
{
    private static readonly (bool, bool)[] Rows =
    [
        (true, true), (true, false), (false, false), (false, true), (true, true), (false, false), // group 0
        (true, true), (true, true), (true, false), (false, false), // group 1
        (false, false), (false, true), // group 2: one class only
    ];

    private static readonly float[] Groups = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2];

    /// <summary>The rows' slice results, the test view carrying each row's group of <paramref name="slice"/> as the pipeline's does.</summary>
    private static IReadOnlyList<SliceResult> Evaluate(MLContext ml, SliceGroups slice)
    {
        var data = ml.Data.LoadFromEnumerable(ScoredRows.Binary(Rows, slice.GroupOfRow));
        var withGroups = ml.Transforms.CopyColumns(slice.ViewColumn, nameof(ScoredRows.BinaryRow.Group)).Fit(data).Transform(data);
        return ModelEvaluator.EvaluateTest(ml, ScoredRows.PassThrough(ml, withGroups), withGroups, ModelTask.BinaryClassification, null, [slice]).Slices;
    }

    [TestMethod]
    public void ASlicesMetricsEqualMlNetsOnItsRowsAlone()
    {
        var ml = new MLContext(1);
        var rows = ScoredRows.Binary(Rows, Groups);

        var results = Evaluate(ml, SliceGroups.ByValue("Group", Groups.Select(g => "g" + g).ToList()));

        Assert.HasCount(3, results);
        CollectionAssert.AreEqual(new[] { "Group=g0", "Group=g1", "Group=g2" }, results.Select(r => r.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 6, 4, 2 }, results.Select(r => r.Rows).ToArray());
        foreach (var (result, group) in results.Take(2).Zip(new[] { 0f, 1f }))
        {
            var alone = ml.BinaryClassification.Evaluate(ml.Data.LoadFromEnumerable(rows.Where(r => r.Group == group)));
            Assert.AreEqual(alone.AreaUnderRocCurve, result.Metrics["auc"]!.Value, 1e-12, result.Name);
            Assert.AreEqual(alone.Accuracy, result.Metrics["accuracy"]!.Value, 1e-12, result.Name);
            Assert.AreEqual(alone.LogLoss, result.Metrics["log-loss"]!.Value, 1e-12, result.Name);
            Assert.AreEqual(alone.F1Score, result.Metrics["f1"]!.Value, 1e-12, result.Name);
        }
    }

    [TestMethod]
    public void ASliceOfOneClassHasNoAucButItsCountedMetrics()
    {
        var ml = new MLContext(1);

        var oneClass = Evaluate(ml, SliceGroups.ByValue("Group", Groups.Select(g => "g" + g).ToList()))[2];

        // Both rows negative, one predicted positive: accuracy 1/2, precision 0/1, recall 0/0 (undefined).
        Assert.AreEqual(2, oneClass.Rows);
        Assert.IsNull(oneClass.Metrics["auc"]);
        Assert.IsNull(oneClass.Metrics["auprc"]);
        Assert.IsNull(oneClass.Metrics["log-loss"]);
        Assert.AreEqual(0.5, oneClass.Metrics["accuracy"]);
        Assert.AreEqual(0.0, oneClass.Metrics["precision"]);
        Assert.IsNull(oneClass.Metrics["recall"]);
        Assert.IsNull(oneClass.Metrics["f1"]);
    }

    [TestMethod]
    public void AnEmptyBinHasEveryMetricNull()
    {
        var ml = new MLContext(1);

        var results = Evaluate(ml, SliceGroups.ByBins("Group", Groups, [1, 1.5, 2]));

        CollectionAssert.AreEqual(new[] { "Group < 1", "Group in [1, 1.5)", "Group in [1.5, 2)", "Group >= 2" }, results.Select(r => r.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 6, 4, 0, 2 }, results.Select(r => r.Rows).ToArray());
        Assert.IsTrue(results[2].Metrics.Values.All(v => v is null));
        CollectionAssert.AreEquivalent(MetricCatalog.For(ModelTask.BinaryClassification).Select(m => m.Name).ToList(), results[2].Metrics.Keys.ToList());
    }
}
