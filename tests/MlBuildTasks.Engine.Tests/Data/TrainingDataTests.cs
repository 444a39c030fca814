using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Data;

/// <summary>The typed rows a scan keeps for training: values as the model sees them, classes, row hashes and tags.</summary>
[TestClass]
public sealed class TrainingDataTests
{
    private static TrainingData Collect(TempFolder folder, string specJson, string csv)
    {
        var outcome = DataScans.Csv(folder, specJson, csv, collect: true);
        return outcome.Result.Data!;
    }

    private static T[] Column<T>(TrainingData data, string modelColumn) =>
        data.ToDataView([.. Enumerable.Range(0, data.RowCount)]).GetColumn<T>(modelColumn).ToArray();

    [TestMethod]
    public void NumbersAndBooleansAreFloatsWithMissingAsNaN()
    {
        using var folder = new TempFolder();
        var data = Collect(folder, DataScans.WithColumns("regression", "Y", "\"Active\": { \"type\": \"boolean\" }"), "Size,Active,Y\n1.5,yes,1\n,no,2\n3,,3.25\n");

        CollectionAssert.AreEqual(new[] { 1.5f, float.NaN, 3f }, Column<float>(data, "Size"));
        CollectionAssert.AreEqual(new[] { 1f, 0f, float.NaN }, Column<float>(data, "Active"));
        CollectionAssert.AreEqual(new[] { 1f, 2f, 3.25f }, Column<float>(data, ColumnNames.Label));
        Assert.IsNull(data.Classes);
        Assert.AreEqual(3, data.RowCount);
    }

    [TestMethod]
    public void CategoriesAndTextAreStringsUnderTheirModelNames()
    {
        using var folder = new TempFolder();
        var data = Collect(folder, DataScans.WithColumns("multiclass-classification", "Size", "\"Note (free)\": { \"type\": \"text\" }"), "Plan,Note (free),Size\nbasic, hi ,s\nplus,,m\nbasic,x,s\n");

        CollectionAssert.AreEqual(new[] { "basic", "plus", "basic" }, Column<ReadOnlyMemory<char>>(data, "Plan").Select(v => v.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { "hi", "", "x" }, Column<ReadOnlyMemory<char>>(data, "Note__free_").Select(v => v.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { "s", "m", "s" }, Column<ReadOnlyMemory<char>>(data, ColumnNames.Label).Select(v => v.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { "s", "m", "s" }, data.Classes!.ToArray());
    }

    [TestMethod]
    [DataRow(null, new[] { true, false, true, false })]
    [DataRow("no", new[] { false, true, false, true })]
    public void BinaryLabelsAreBooleansOfThePositiveClass(string? positiveClass, bool[] expected)
    {
        using var folder = new TempFolder();
        var json = positiveClass is null
            ? SpecText.Minimal("binary-classification", "Churned")
            : SpecText.Minimal("binary-classification", "Churned", positiveClass);
        var csv = positiveClass is null ? "X,Churned\n1,yes\n2,no\n3,Y\n4,0\n" : "X,Churned\n1,yes\n2,no\n3,yes\n4,no\n";

        var data = Collect(folder, json, csv);

        CollectionAssert.AreEqual(expected, Column<bool>(data, ColumnNames.Label));
    }

    [TestMethod]
    public void OnlyTheChosenRowsAreInAView()
    {
        using var folder = new TempFolder();
        var data = Collect(folder, SpecText.Minimal("regression", "Y"), "X,Y\n10,1\n20,2\n30,3\n");
        var view = data.ToDataView([2, 0]);
        Assert.AreEqual(2L, view.GetRowCount());
        CollectionAssert.AreEqual(new[] { 30f, 10f }, view.GetColumn<float>("X").ToArray());
    }

    [TestMethod]
    public void RowsWithTheSameFeaturesAndLabelHaveTheSameHashWhateverTheirIgnoredColumns()
    {
        using var folder = new TempFolder();
        var data = Collect(folder, SpecText.Minimal("regression", "Y"), "Id,X,Plan,Y\nc1,1,a,5\nc2,1,a,5\nc3,1,a,6\nc4,1,b,5\nc5, 1 ,a,5\n");

        Assert.AreEqual(data.RowHashes[0], data.RowHashes[1], "only the ignored id differs");
        Assert.AreNotEqual(data.RowHashes[0], data.RowHashes[2], "the label differs");
        Assert.AreNotEqual(data.RowHashes[0], data.RowHashes[3], "a feature differs");
        Assert.AreEqual(data.RowHashes[0], data.RowHashes[4], "values are compared trimmed");
    }

    [TestMethod]
    public void WithALeakageKeyRowsAreHashedByTheKeyAlone()
    {
        using var folder = new TempFolder();
        var data = Collect(folder, SpecText.Minimal("regression", "Y", more: "\"checks\": { \"leakageKey\": \"Id\" }"), "Id,X,Y\nc1,1,5\nc1,2,6\nc2,1,5\n");
        Assert.AreEqual(data.RowHashes[0], data.RowHashes[1]);
        Assert.AreNotEqual(data.RowHashes[0], data.RowHashes[2]);
    }

    [TestMethod]
    public void ValuesOfAFeatureCanBeReadForSomeRows()
    {
        using var folder = new TempFolder();
        var data = Collect(folder, SpecText.Minimal("regression", "Y"), "X,Plan,Y\n1,a,1\n,b,2\n3,a,3\n");
        var x = data.Schema.Features.Single(c => c.Name == "X");
        var plan = data.Schema.Features.Single(c => c.Name == "Plan");

        CollectionAssert.AreEqual(new[] { 1.0, 3.0 }, data.NumbersOf(x, [0, 1, 2])!.ToArray(), "missing values are left out");
        Assert.IsNull(data.TextsOf(x, [0]));
        CollectionAssert.AreEqual(new[] { "b", "a" }, data.TextsOf(plan, [1, 2])!.ToArray());
        Assert.IsNull(data.NumbersOf(plan, [0]));
    }

    [TestMethod]
    public void EachRowKeepsItsTagToFindItAgain()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), "X,Y\n1,1\n\n2,2\n", collect: true);
        var data = outcome.Result.Data!;
        Assert.AreEqual(new SourceLocation(outcome.DataPath, 4, 1), outcome.Result.Locator.Locate(data.Tags[1]));
    }

    [TestMethod]
    [DataRow(ColumnType.Number, "Single")]
    [DataRow(ColumnType.Boolean, "Single")]
    [DataRow(ColumnType.Category, "String")]
    [DataRow(ColumnType.Text, "String")]
    public void ModelInputTypeIsFloatForNumbersAndBooleansElseString(ColumnType type, string dataType) =>
        Assert.AreEqual(dataType, TrainingData.ModelInputType(type));
}
