using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>Checks between the train and test parts: leakage (MLB2029) and skew (MLB2030).</summary>
[TestClass]
public sealed class SplitChecksTests
{
    private static readonly ValidationOptions Options = new();

    private static List<int> Range(int start, int count) => Enumerable.Range(start, count).ToList();

    /// <summary>"Id,X,Plan,Y": 5 distinct rows (lines 2-6), then the same 5 rows again (lines 7-11) with other ids.</summary>
    private const string RepeatedHalf =
        "Id,X,Plan,Y\n" +
        "c1,1,a,10\nc2,2,b,20\nc3,3,a,30\nc4,4,b,40\nc5,5,a,50\n" +
        "c6,1,a,10\nc7,2,b,20\nc8,3,a,30\nc9,4,b,40\nc10,5,a,50\n";

    /// <summary>Leakage warns by default; these tests check the error path.</summary>
    private const string LeakageIsAnError = "\"checks\": { \"maxLeakage\": { \"value\": 0.1, \"severity\": \"error\" } }";

    [TestMethod]
    public void LeakageWarnsByDefault()
    {
        using var folder = new TempFolder();
        var scan = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), RepeatedHalf, collect: true);
        var diagnostics = new DiagnosticList();

        var result = SplitChecks.Leakage(scan.Spec, scan.Result.Data!, Range(0, 5), scan.Result.Data!, Range(5, 5), scan.Result.Locator, Options, diagnostics);

        Assert.AreEqual(CheckSeverity.Warning, result.Severity);
        Assert.IsTrue(diagnostics.Items.All(d => d.Code == DiagnosticCodes.DataLeakage && d.Severity == Severity.Warning));
    }

    [TestMethod]
    public void TestRowsEqualToTrainingRowsAreMLB2029AtTheirLines()
    {
        using var folder = new TempFolder();
        var scan = DataScans.Csv(folder, SpecText.Minimal("regression", "Y", more: LeakageIsAnError), RepeatedHalf, collect: true);
        var diagnostics = new DiagnosticList();

        var result = SplitChecks.Leakage(scan.Spec, scan.Result.Data!, Range(0, 5), scan.Result.Data!, Range(5, 5), scan.Result.Locator, Options, diagnostics);

        Assert.AreEqual(("leakage", (string?)null, DiagnosticCodes.DataLeakage, 5L, 5L, false), (result.Check, result.Column, result.Code, result.Evaluated, result.Failed, result.Passed));
        Assert.AreEqual(0.9, result.Mostly, 1e-12);
        Assert.AreEqual(CheckSeverity.Error, result.Severity);
        DiagnosticAssert.Codes(diagnostics, Enumerable.Repeat(DiagnosticCodes.DataLeakage, 6).ToArray());
        for (var i = 0; i < 5; i++) DiagnosticAssert.IsError(diagnostics.Items[i], DiagnosticCodes.DataLeakage, scan.DataPath, 7 + i, 1);
        Assert.Contains("This test row has the same values as a training row", diagnostics.Items[0].Message);
        DiagnosticAssert.IsError(diagnostics.Items[5], DiagnosticCodes.DataLeakage, scan.DataPath, 7, 1);
        Assert.AreEqual("leakage: 5 of 5 values fail this check (100.0 %). The rule allows 10.0 % ('mostly': 0.9).", diagnostics.Items[5].Message);
    }

    [TestMethod]
    public void LeakedShareUpToMaxLeakagePasses()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("X,Y\n");
        for (var i = 0; i < 20; i++) csv.Append(CultureInfo.InvariantCulture, $"{i},{i}\n");
        csv.Append("0,0\n");
        var scan = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), csv.ToString(), collect: true);
        var diagnostics = new DiagnosticList();

        // Test: rows 11..20, of which row 20 repeats row 0 of the training part: 1 of 10 = maxLeakage.
        var result = SplitChecks.Leakage(scan.Spec, scan.Result.Data!, Range(0, 11), scan.Result.Data!, Range(11, 10), scan.Result.Locator, Options, diagnostics);

        Assert.AreEqual((10L, 1L, true), (result.Evaluated, result.Failed, result.Passed));
        Assert.IsEmpty(diagnostics.Items);
    }

    [TestMethod]
    public void IgnoredColumnsAreNotComparedWithoutALeakageKey()
    {
        using var folder = new TempFolder();
        var scan = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), RepeatedHalf, collect: true);
        Assert.IsTrue(scan.Result.Schema.Columns[0].Ignored, "Id looks like an identifier");

        var result = SplitChecks.Leakage(scan.Spec, scan.Result.Data!, Range(0, 5), scan.Result.Data!, Range(5, 5), scan.Result.Locator, Options, new DiagnosticList());

        Assert.AreEqual(5L, result.Failed, "rows that differ only in an identifier are the same example");
    }

    [TestMethod]
    public void WithALeakageKeyRowsAreComparedByTheKeyAlone()
    {
        using var folder = new TempFolder();
        // c1 and c3 are in both parts with other values; the repeated values of c2's row come with a new key, c9.
        var csv = "Id,X,Y\nc1,1,10\nc2,2,20\nc3,3,30\nc1,7,70\nc9,2,20\nc3,8,80\nc4,9,90\n";
        var json = SpecText.Minimal("regression", "Y", more: "\"checks\": { \"leakageKey\": \"Id\", \"maxLeakage\": { \"value\": 0.25, \"severity\": \"warning\" } }");
        var scan = DataScans.Csv(folder, json, csv, collect: true);
        var diagnostics = new DiagnosticList();

        var result = SplitChecks.Leakage(scan.Spec, scan.Result.Data!, Range(0, 3), scan.Result.Data!, Range(3, 4), scan.Result.Locator, Options, diagnostics);

        Assert.AreEqual(("Id", 4L, 2L, false, CheckSeverity.Warning), (result.Column, result.Evaluated, result.Failed, result.Passed, result.Severity));
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.DataLeakage, DiagnosticCodes.DataLeakage, DiagnosticCodes.DataLeakage);
        Assert.IsTrue(diagnostics.Items.All(d => d.Severity == Severity.Warning));
        DiagnosticAssert.At(diagnostics.Items[0], scan.DataPath, 5, 1);
        DiagnosticAssert.At(diagnostics.Items[1], scan.DataPath, 7, 1);
        Assert.Contains("the same key 'Id' as a training row", diagnostics.Items[0].Message);
        Assert.AreEqual("Column 'Id': 2 of 4 values fail this check (50.0 %). The rule allows 25.0 % ('mostly': 0.75).", diagnostics.Items[2].Message);
    }

    [TestMethod]
    public void LeakageKeyThatIsNotInTheDataIsMLB1008AtTheKey()
    {
        using var folder = new TempFolder();
        var json = SpecText.Minimal("regression", "Y", more: "\"checks\": { \"leakageKey\": \"CustomerID\" }");
        folder.Write("data.csv", "CustomerId,X,Y\nc1,1,10\nc2,2,20\n");
        var diagnostics = new DiagnosticList();
        var spec = SpecText.Parse(json, path: folder.Combine(DataScans.SpecFile));

        DiagnosticAssert.Throws(() => DataScan.Run(spec, spec.Data, null, Options, collect: true, diagnostics), DiagnosticCodes.SpecColumnNotInData);

        var (line, column) = TextPosition.Of(json, 5, "\"leakageKey\"");
        DiagnosticAssert.IsError(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecColumnNotInData), DiagnosticCodes.SpecColumnNotInData, spec.SpecPath, line, column);
    }

    [TestMethod]
    public void LeakageIntoSeparateTestDataIsReportedAtTheTestFile()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, SpecText.Minimal("regression", "Y", more: "\"testData\": \"test.csv\", " + LeakageIsAnError), "X,Y\n1,1\n2,2\n3,3\n", collect: true);
        var testPath = folder.Write("test.csv", "X,Y\n4,4\n2,2\n");
        var test = DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, Options, collect: true, new DiagnosticList());
        var diagnostics = new DiagnosticList();

        var result = SplitChecks.Leakage(train.Spec, train.Result.Data!, Range(0, 3), test.Data!, Range(0, 2), test.Locator, Options, diagnostics);

        Assert.AreEqual((2L, 1L, false), (result.Evaluated, result.Failed, result.Passed));
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.DataLeakage, testPath, 3, 1);
    }

    /// <summary>
    /// <paramref name="rows"/> rows of "X,Plan,Note,Y": X uniform in [<paramref name="shift"/>, <paramref name="shift"/> + 100),
    /// Plan one of three values, Note free text (not compared), Y = X.
    /// </summary>
    private static string Uniform(int rows, int seed, double shift = 0)
    {
        var random = new Random(seed);
        var plans = new[] { "a", "b", "c" };
        var text = new StringBuilder("X,Plan,Note,Y\n");
        for (var i = 0; i < rows; i++)
        {
            var x = shift + random.NextDouble() * 100;
            text.Append(CultureInfo.InvariantCulture, $"{x:0.###},{plans[random.Next(3)]},note {i},{x:0.###}\n");
        }

        return text.ToString();
    }

    private static readonly string SkewSpec = DataScans.WithColumns("regression", "Y", "\"Note\": { \"type\": \"text\" }", "\"testData\": \"test.csv\"");

    [TestMethod]
    public void IdenticalPartsHaveNoSkew()
    {
        using var folder = new TempFolder();
        var scan = DataScans.Csv(folder, SkewSpec, Uniform(200, 1), collect: true);
        var rows = Range(0, 200);
        var diagnostics = new DiagnosticList();

        var skew = SplitChecks.Skew(scan.Spec, scan.Result.Data!, rows, scan.Result.Data!, rows, Options, diagnostics);

        Assert.IsEmpty(diagnostics.Items);
        CollectionAssert.AreEqual(new[] { "X 0 True", "Plan 0 True" }, skew.Select(s => $"{s.Column} {s.Distance} {s.Passed}").ToArray(), "text columns are not compared");
        Assert.IsTrue(skew.All(s => s.MaxDistance == 0.1));
    }

    [TestMethod]
    public void ARandomSplitOfManyRowsFromOneDistributionHasLittleSkew()
    {
        using var folder = new TempFolder();
        var scan = DataScans.Csv(folder, SkewSpec, Uniform(10_000, 2), collect: true);
        var data = scan.Result.Data!;
        var split = DataSplitter.Split(data.Classes, data.RowCount, scan.Spec);
        var diagnostics = new DiagnosticList();

        var skew = SplitChecks.Skew(scan.Spec, data, split.Train, data, split.Test, Options, diagnostics);

        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
        foreach (var column in skew)
        {
            Assert.IsTrue(column.Passed, column.ToString());
            Assert.IsLessThan(0.07, column.Distance, column.ToString());
        }
    }

    [TestMethod]
    public void ARandomSplitOfAFewHundredRowsFromOneDistributionIsNotReportedAsSkewed()
    {
        using var folder = new TempFolder();
        var scan = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Churned"), SampleData.Binary(), collect: true);
        var data = scan.Result.Data!;
        var split = DataSplitter.Split(data.Classes, data.RowCount, scan.Spec);
        var diagnostics = new DiagnosticList();

        SplitChecks.Skew(scan.Spec, data, split.Train, data, split.Test, Options, diagnostics);

        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
    }

    [TestMethod]
    public void TestDataFromAShiftedDistributionIsAnMLB2030WarningAtTheDefaultRule()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, SkewSpec, Uniform(2000, 3), collect: true);
        folder.Write("test.csv", Uniform(500, 4, shift: 50));
        var test = DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, Options, collect: true, new DiagnosticList());
        var diagnostics = new DiagnosticList();

        var skew = SplitChecks.Skew(train.Spec, train.Result.Data!, Range(0, 2000), test.Data!, Range(0, 500), Options, diagnostics);

        var x = skew.Single(s => s.Column == "X");
        Assert.IsFalse(x.Passed);
        Assert.IsGreaterThan(0.5, x.Distance, "half of each part is where the other has nothing");
        Assert.IsTrue(skew.Single(s => s.Column == "Plan").Passed);
        var warning = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DataSkew);
        Assert.HasCount(1, diagnostics.Items);
        Assert.AreEqual(Severity.Warning, warning.Severity);
        DiagnosticAssert.At(warning, train.SpecPath, 1, 1);
        StringAssert.StartsWith(warning.Message, "Column 'X' is distributed differently in the test part than in training (Jensen-Shannon distance ");
        Assert.Contains("above 'maxSkew' 0.1", warning.Message);
    }

    [TestMethod]
    public void SkewOfADeclaredColumnIsReportedAtItsDeclarationAndCanBeAnError()
    {
        using var folder = new TempFolder();
        var json = DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\" },\n    \"Note\": { \"type\": \"text\" }",
            "\"testData\": \"test.csv\",\n  \"checks\": { \"maxSkew\": { \"value\": 0.3, \"severity\": \"error\" } }");
        var train = DataScans.Csv(folder, json, Uniform(2000, 3), collect: true);
        folder.Write("test.csv", Uniform(500, 4, shift: 50));
        var test = DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, Options, collect: true, new DiagnosticList());
        var diagnostics = new DiagnosticList();

        var skew = SplitChecks.Skew(train.Spec, train.Result.Data!, Range(0, 2000), test.Data!, Range(0, 500), Options, diagnostics);

        DiagnosticAssert.IsError(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DataSkew), DiagnosticCodes.DataSkew, train.SpecPath, 6, 5);
        Assert.AreEqual(0.3, skew.Single(s => s.Column == "X").MaxDistance);
    }

    [TestMethod]
    public void WarningsAsErrorsMakesSkewAnError()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, SkewSpec, Uniform(2000, 3), collect: true);
        folder.Write("test.csv", Uniform(500, 4, shift: 50));
        var test = DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, Options, collect: true, new DiagnosticList());
        var diagnostics = new DiagnosticList();

        SplitChecks.Skew(train.Spec, train.Result.Data!, Range(0, 2000), test.Data!, Range(0, 500), new ValidationOptions(WarningsAsErrors: true), diagnostics);

        Assert.AreEqual(Severity.Error, DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DataSkew).Severity);
    }

    [TestMethod]
    public void ANumberColumnMissingInEveryTestRowIsNotACrash()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, SpecText.Minimal("regression", "Y", more: "\"testData\": \"test.csv\""), "X,Z,Y\n1,1,1\n2,2,2\n3,3,3\n", collect: true);
        folder.Write("test.csv", "X,Z,Y\n,1,4\n,2,5\n");
        var test = DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, Options, collect: true, new DiagnosticList());
        var diagnostics = new DiagnosticList();

        var skew = SplitChecks.Skew(train.Spec, train.Result.Data!, Range(0, 3), test.Data!, Range(0, 2), Options, diagnostics);

        // X has no test values to compare: it is left out rather than given a made-up distance.
        Assert.AreEqual("Z", skew.Single().Column);
    }

    [TestMethod]
    public void CategoriesSeenOnlyInTheTestPartAreSkew()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("Plan,Y\n");
        for (var i = 0; i < 600; i++) csv.Append(CultureInfo.InvariantCulture, $"{(i < 300 ? "a" : i < 400 ? "b" : "z")},{i}\n");
        var scan = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), csv.ToString(), collect: true);
        var diagnostics = new DiagnosticList();

        // Train: 300 a, 100 b; test: 200 z. No value in common: the largest distance, 1.
        var skew = SplitChecks.Skew(scan.Spec, scan.Result.Data!, Range(0, 400), scan.Result.Data!, Range(400, 200), Options, diagnostics);

        Assert.AreEqual(1.0, skew.Single().Distance, 1e-9);
        Assert.AreEqual(DiagnosticCodes.DataSkew, diagnostics.Items.Single().Code);
    }

    [TestMethod]
    public void SkewOnFewRowsIsReportedButNotWarnedAbout()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("Plan,Y\n");
        for (var i = 0; i < 40; i++) csv.Append(CultureInfo.InvariantCulture, $"{(i < 20 ? "a" : i < 30 ? "b" : "z")},{i}\n");
        var scan = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), csv.ToString(), collect: true);
        var diagnostics = new DiagnosticList();

        var skew = SplitChecks.Skew(scan.Spec, scan.Result.Data!, Range(0, 30), scan.Result.Data!, Range(30, 10), Options, diagnostics);

        Assert.AreEqual(1.0, skew.Single().Distance, 1e-9);
        Assert.IsTrue(skew.Single().Passed, "fewer than 200 rows a side are not judged");
        Assert.IsEmpty(diagnostics.Items);
    }
}
