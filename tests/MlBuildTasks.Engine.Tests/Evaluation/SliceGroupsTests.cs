using MlBuildTasks.Engine.Evaluation;

namespace MlBuildTasks.Engine.Tests.Evaluation;

/// <summary>How test rows are grouped into slices: by value, by bins (lower edge included), by quartiles.</summary>
[TestClass]
public sealed class SliceGroupsTests
{
    [TestMethod]
    public void BinsIncludeTheirLowerEdgeAndMissingValuesAreTheirOwnGroup()
    {
        var groups = SliceGroups.ByBins("Tenure", [11.9f, 12, 23.99f, 24, 47, 48, 100, float.NaN], [12, 24, 48]);

        CollectionAssert.AreEqual(new[] { "Tenure < 12", "Tenure in [12, 24)", "Tenure in [24, 48)", "Tenure >= 48", "Tenure missing" }, groups.Names.ToArray());
        CollectionAssert.AreEqual(new float[] { 0, 1, 1, 2, 2, 3, 3, 4 }, groups.GroupOfRow);
        CollectionAssert.AreEqual(new[] { 1, 2, 2, 2, 1 }, groups.Counts);
    }

    [TestMethod]
    public void AnEmptyBinIsKeptWithNoRows()
    {
        var groups = SliceGroups.ByBins("Age", [1, 2, 50], [10, 20]);

        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, groups.Counts);
        Assert.HasCount(3, groups.Names, "no values missing: no missing group");
    }

    [TestMethod]
    public void QuartilesInterpolateAndDropRepeats()
    {
        CollectionAssert.AreEqual(new[] { 2.0, 3.0, 4.0 }, SliceGroups.Quartiles([5, 1, 3, 2, 4, float.NaN]).ToArray());
        CollectionAssert.AreEqual(new[] { 1.75, 2.5, 3.25 }, SliceGroups.Quartiles([1, 2, 3, 4]).ToArray());
        CollectionAssert.AreEqual(new[] { 7.0 }, SliceGroups.Quartiles([7, 7, 7]).ToArray());
        Assert.IsEmpty(SliceGroups.Quartiles([float.NaN]));
    }

    [TestMethod]
    public void ValuesAreGroupsInOrdinalOrderWithMissingLast()
    {
        var groups = SliceGroups.ByValue("Contract", ["Two year", "Month-to-month", "", "Month-to-month"]);

        CollectionAssert.AreEqual(new[] { "Contract=Month-to-month", "Contract=Two year", "Contract missing" }, groups.Names.ToArray());
        CollectionAssert.AreEqual(new float[] { 1, 0, 2, 0 }, groups.GroupOfRow);
    }

    [TestMethod]
    public void ManyValuesKeepTheMostFrequentAndGroupTheRest()
    {
        var values = Enumerable.Range(0, SliceGroups.MaxValues + 5).Select(i => "v" + i).Concat(["v1", "v1"]).ToList();

        var groups = SliceGroups.ByValue("Zip", values);

        Assert.HasCount(SliceGroups.MaxValues + 1, groups.Names);
        Assert.AreEqual("Zip other values", groups.Names[^1]);
        Assert.AreEqual(3, groups.Counts[groups.Names.ToList().IndexOf("Zip=v1")]);
        Assert.AreEqual(values.Count, groups.Counts.Sum());
    }
}
