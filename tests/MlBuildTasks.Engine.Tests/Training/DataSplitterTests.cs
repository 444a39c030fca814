using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Tests.Training;

[TestClass]
public sealed class DataSplitterTests
{
    /// <summary>
    /// The rows of <paramref name="labels"/> (with a numeric feature) as the build has them: written to a CSV file,
    /// scanned, and kept as <see cref="TrainingData"/>, whose classes the split stratifies by.
    /// </summary>
    private static TrainingData Data(string task, IEnumerable<string> labels)
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("X,Label\n");
        foreach (var (label, i) in labels.Select((label, i) => (label, i))) csv.Append(CultureInfo.InvariantCulture, $"{i},{label}\n");
        var outcome = DataScans.Csv(folder, SpecText.Minimal(task), csv.ToString(), collect: true);
        Assert.IsTrue(outcome.Result.Passed, DiagnosticAssert.Describe(outcome.Diagnostics));
        return outcome.Result.Data!;
    }

    private static ModelSpec Spec(string task, int seed = 42, double testFraction = 0.25) =>
        SpecText.Parse(SpecText.Minimal(task, more: FormattableString.Invariant($"\"seed\": {seed}, \"testFraction\": {testFraction}")));

    private static string[] Labels(params (string Label, int Count)[] classes) =>
        classes.SelectMany(c => Enumerable.Repeat(c.Label, c.Count)).ToArray();

    private static void AssertPartition(DataSplit split, int rowCount)
    {
        Assert.IsEmpty(split.Train.Intersect(split.Test), "a row is in both parts");
        CollectionAssert.AreEqual(Enumerable.Range(0, rowCount).ToArray(), split.Train.Concat(split.Test).Order().ToArray());
        CollectionAssert.AreEqual(split.Train.Order().ToArray(), split.Train.ToArray(), "train rows are sorted");
        CollectionAssert.AreEqual(split.Test.Order().ToArray(), split.Test.ToArray(), "test rows are sorted");
    }

    [TestMethod]
    public void EveryRowIsInExactlyOnePart()
    {
        var spec = Spec("binary-classification");
        var labels = Labels(("yes", 37), ("no", 63));
        AssertPartition(DataSplitter.Split(labels, labels.Length, spec), 100);
    }

    [TestMethod]
    [DataRow(0.2)]
    [DataRow(0.25)]
    [DataRow(0.33)]
    public void EachClassKeepsItsShareWithinOneRow(double testFraction)
    {
        var spec = Spec("multiclass-classification", testFraction: testFraction);
        var labels = Labels(("a", 150), ("b", 41), ("c", 9));

        var split = DataSplitter.Split(labels, labels.Length, spec);

        foreach (var group in labels.Select((label, row) => (label, row)).GroupBy(p => p.label))
        {
            var inTest = split.Test.Count(row => labels[row] == group.Key);
            Assert.IsLessThanOrEqualTo(1.0, Math.Abs(inTest - group.Count() * testFraction), $"class {group.Key}: {inTest} of {group.Count()} in test");
        }
    }

    [TestMethod]
    public void BooleanWordsOfOneMeaningAreOneStratum()
    {
        var spec = Spec("binary-classification", testFraction: 0.5);
        var labels = Labels(("yes", 10), ("TRUE", 10), ("no", 20));
        var data = Data("binary-classification", labels);

        var split = DataSplitter.Split(data.Classes, data.RowCount, spec);

        Assert.AreEqual(10, split.Test.Count(row => labels[row] != "no"));
        Assert.AreEqual(10, split.Test.Count(row => labels[row] == "no"));
    }

    [TestMethod]
    public void RareClassHasARowInEachPart()
    {
        var spec = Spec("binary-classification", testFraction: 0.1);
        var labels = Labels(("no", 98), ("yes", 2));

        var split = DataSplitter.Split(labels, labels.Length, spec);

        Assert.AreEqual(1, split.Test.Count(row => labels[row] == "yes"));
        Assert.AreEqual(1, split.Train.Count(row => labels[row] == "yes"));
    }

    [TestMethod]
    public void RegressionHoldsOutTheFractionOfAllRows()
    {
        var spec = Spec("regression", testFraction: 0.2);
        var data = Data("regression", Enumerable.Range(0, 101).Select(i => (i * 1.5).ToString(CultureInfo.InvariantCulture)));
        Assert.IsNull(data.Classes, "regression rows have no classes");

        var split = DataSplitter.Split(data.Classes, data.RowCount, spec);

        Assert.HasCount(20, split.Test);
        Assert.HasCount(81, split.Train);
        AssertPartition(split, 101);
    }

    [TestMethod]
    public void SameSeedGivesTheSameSplit()
    {
        var spec = Spec("binary-classification", seed: 7);
        var labels = Labels(("yes", 40), ("no", 60));

        var first = DataSplitter.Split(labels, labels.Length, spec);
        var second = DataSplitter.Split(labels, labels.Length, Spec("binary-classification", seed: 7));

        CollectionAssert.AreEqual(first.Test.ToArray(), second.Test.ToArray());
        CollectionAssert.AreEqual(first.Train.ToArray(), second.Train.ToArray());
    }

    [TestMethod]
    public void DifferentSeedGivesADifferentSplitOfTheSameSize()
    {
        var spec = Spec("binary-classification", seed: 7);
        var labels = Labels(("yes", 40), ("no", 60));

        var first = DataSplitter.Split(labels, labels.Length, spec);
        var second = DataSplitter.Split(labels, labels.Length, Spec("binary-classification", seed: 8));

        Assert.HasCount(first.Test.Count, second.Test);
        CollectionAssert.AreNotEqual(first.Test.ToArray(), second.Test.ToArray());
    }

    [TestMethod]
    public void AClassWithOneRowStaysInTraining()
    {
        var spec = Spec("multiclass-classification", testFraction: 0.2);
        var labels = Labels(("a", 20), ("b", 20), ("c", 1));

        var split = DataSplitter.Split(labels, labels.Length, spec);

        Assert.AreEqual(0, split.Test.Count(row => labels[row] == "c"));
        Assert.AreEqual(1, split.Train.Count(row => labels[row] == "c"));
        AssertPartition(split, labels.Length);
    }
}
