using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>profile.json for a table small enough to check by hand.</summary>
[TestClass]
public sealed class ProfileBuilderTests
{
    /// <summary>
    /// Age 20, 30, (missing), 40, 50; Plan basic x3, plus x1, premium (blank: missing);
    /// Active yes/no/yes/Y/no; Note of lengths 5, 8, 1, 2 and one missing; Price 10..50; Id ignored.
    /// </summary>
    private const string Table =
        "Id,Age,Plan,Active,Note,Price\n" +
        "1,20,basic,yes,hello,10\n" +
        "2,30,plus,no,hi there,20\n" +
        "3,,basic,yes,x,30\n" +
        "4,40,basic,Y,,40\n" +
        "5,50, ,no,ab,50\n";

    private static ProfileDocument Profile(TempFolder folder)
    {
        var json = DataScans.WithColumns("regression", "Price",
            "\"Id\": { \"type\": \"number\", \"ignore\": true },\n    \"Plan\": { \"type\": \"category\" },\n    \"Note\": { \"type\": \"text\" }");
        var outcome = DataScans.Csv(folder, json, Table);
        Assert.IsTrue(outcome.Result.Passed, DiagnosticAssert.Describe(outcome.Diagnostics));
        return outcome.Result.Profile;
    }

    private static ColumnProfileDocument Column(ProfileDocument profile, string name) => profile.Columns.Single(c => c.Name == name);

    [TestMethod]
    public void ProfileHasEveryValidatedColumnInDataOrderThenTheLabel()
    {
        using var folder = new TempFolder();
        var profile = Profile(folder);

        Assert.AreEqual((1, "Model", 5L), (profile.SchemaVersion, profile.Model, profile.Rows));
        CollectionAssert.AreEqual(new[] { "Id:number:ignored", "Age:number:feature", "Plan:category:feature", "Active:boolean:feature", "Note:text:feature", "Price:number:label" },
            profile.Columns.Select(c => $"{c.Name}:{c.Type}:{c.Role}").ToArray());
        Assert.AreEqual("Label", Column(profile, "Price").ModelColumn);
        Assert.AreEqual("Age", Column(profile, "Age").ModelColumn);
    }

    [TestMethod]
    public void NumberColumnHasCountsMomentsAndQuantiles()
    {
        using var folder = new TempFolder();
        var age = Column(Profile(folder), "Age");

        Assert.AreEqual((5L, 1L), (age.Count, age.Missing));
        Assert.AreEqual((20.0, 50.0, 35.0), (age.Min, age.Max, age.Mean));
        // Population standard deviation of 20, 30, 40, 50: sqrt((225 + 25 + 25 + 225) / 4) = sqrt(125).
        Assert.AreEqual(Math.Sqrt(125), age.StdDev!.Value, 1e-12);
        // Type 7 quantiles of 20, 30, 40, 50: h = 3p, so p5 = 20 + 0.15 * 10, p25 = 27.5, p50 = 35, p75 = 42.5, p95 = 48.5.
        CollectionAssert.AreEqual(new[] { "p05", "p25", "p50", "p75", "p95" }, age.Quantiles!.Keys.ToArray());
        Assert.AreEqual(21.5, age.Quantiles["p05"], 1e-12);
        Assert.AreEqual(27.5, age.Quantiles["p25"], 1e-12);
        Assert.AreEqual(35.0, age.Quantiles["p50"], 1e-12);
        Assert.AreEqual(42.5, age.Quantiles["p75"], 1e-12);
        Assert.AreEqual(48.5, age.Quantiles["p95"], 1e-12);
        Assert.IsTrue(age.Exact);
        Assert.IsNull(age.TopValues);
    }

    [TestMethod]
    public void NumberColumnHasATwentyBinHistogramOfItsValues()
    {
        using var folder = new TempFolder();
        var histogram = Column(Profile(folder), "Age").Histogram!;

        Assert.HasCount(21, histogram.Edges);
        Assert.HasCount(20, histogram.Counts);
        Assert.AreEqual((20.0, 50.0), (histogram.Edges[0], histogram.Edges[^1]));
        Assert.AreEqual(4L, histogram.Counts.Sum());
        Assert.AreEqual((1L, 1L), (histogram.Counts[0], histogram.Counts[^1]));
    }

    [TestMethod]
    public void CategoryColumnHasDistinctAndTopValues()
    {
        using var folder = new TempFolder();
        var plan = Column(Profile(folder), "Plan");

        Assert.AreEqual((5L, 1L), (plan.Count, plan.Missing));
        Assert.AreEqual((2L, true), (plan.Distinct, plan.DistinctIsExact));
        CollectionAssert.AreEqual(new[] { new ValueCount("basic", 3), new ValueCount("plus", 1) }, plan.TopValues!.ToArray());
        Assert.IsNull(plan.Min);
        Assert.IsNull(plan.Histogram);
    }

    [TestMethod]
    public void BooleanColumnCountsMeaningsNotWords()
    {
        using var folder = new TempFolder();
        var active = Column(Profile(folder), "Active");
        Assert.AreEqual((5L, 0L, 2L), (active.Count, active.Missing, active.Distinct));
        CollectionAssert.AreEqual(new[] { new ValueCount("true", 3), new ValueCount("false", 2) }, active.TopValues!.ToArray());
    }

    [TestMethod]
    public void TextColumnHasItsMeanLength()
    {
        using var folder = new TempFolder();
        var note = Column(Profile(folder), "Note");
        Assert.AreEqual((5L, 1L), (note.Count, note.Missing));
        Assert.AreEqual((5 + 8 + 1 + 2) / 4.0, note.MeanLength);
        Assert.IsNull(note.TopValues);
        Assert.IsNull(note.Min);
    }

    [TestMethod]
    public void RegressionLabelIsProfiledAsANumber()
    {
        using var folder = new TempFolder();
        var price = Column(Profile(folder), "Price");
        Assert.AreEqual((5L, 0L, 10.0, 50.0, 30.0), (price.Count, price.Missing, price.Min, price.Max, price.Mean));
    }

    [TestMethod]
    public void ClassificationLabelIsProfiledByClass()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, DataScans.WithColumns("binary-classification", "Churned", "\"X\": { \"type\": \"number\" }"), "X,Churned\n1,yes\n2,no\n3,YES\n4,\n");
        var label = Column(outcome.Result.Profile, "Churned");
        Assert.AreEqual(("label", 4L, 1L), (label.Role, label.Count, label.Missing));
        CollectionAssert.AreEqual(new[] { new ValueCount("True", 2), new ValueCount("False", 1) }, label.TopValues!.ToArray());
    }

    [TestMethod]
    public void IdentifierColumnsThatAreNotDeclaredAreNotProfiled()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), "Code,Y\nA1,1\nB2,2\nC3,3\n");
        Assert.IsTrue(outcome.Result.Schema.Columns[0].Ignored);
        CollectionAssert.AreEqual(new[] { "Y" }, outcome.Result.Profile.Columns.Select(c => c.Name).ToArray());
    }
}
