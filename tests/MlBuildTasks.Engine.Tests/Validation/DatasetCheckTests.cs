using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// Checks on the whole data set in the same pass (DataScan, LabelValidator): row counts, duplicate rows, constant
/// columns, class balance, empty data and test data with other columns.
/// </summary>
[TestClass]
public sealed class DatasetCheckTests
{
    /// <summary>A regression spec predicting "Y" with a <c>checks</c> object on line 5.</summary>
    private static string Checks(string checks) => SpecText.Minimal("regression", "Y", more: "\"checks\": { " + checks + " }");

    /// <summary><paramref name="rows"/> rows "X,Y" with X = i and Y = 2i.</summary>
    private static string Rows(int rows)
    {
        var text = new StringBuilder("X,Y\n");
        for (var i = 0; i < rows; i++) text.Append(CultureInfo.InvariantCulture, $"{i},{2 * i}\n");
        return text.ToString();
    }

    private static (int Line, int Column) At(string json, string token) => TextPosition.Of(json, 5, token);

    [TestMethod]
    public void FewerRowsThanMinRowsIsMLB2022AtTheCheck()
    {
        using var folder = new TempFolder();
        var json = Checks("\"minRows\": 5");
        var outcome = DataScans.Csv(folder, json, Rows(4));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataRowCount);
        var (line, column) = At(json, "\"minRows\"");
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataRowCount, outcome.SpecPath, line, column);
        Assert.AreEqual("The data has 4 rows; 'minRows' requires at least 5.", outcome.Items[0].Message);
        var check = outcome.Check("minRows", null);
        Assert.AreEqual((4L, 4L, false), (check.Evaluated, check.Failed, check.Passed));
        Assert.IsFalse(outcome.Result.Passed);
    }

    [TestMethod]
    public void RowCountOnTheBoundsPasses()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Checks("\"minRows\": 5, \"maxRows\": 5"), Rows(5));
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.IsTrue(outcome.Check("minRows", null).Passed);
        Assert.IsTrue(outcome.Check("maxRows", null).Passed);
    }

    [TestMethod]
    public void MoreRowsThanMaxRowsIsMLB2022AtTheCheck()
    {
        using var folder = new TempFolder();
        var json = Checks("\"maxRows\": 3");
        var outcome = DataScans.Csv(folder, json, Rows(4));

        var (line, column) = At(json, "\"maxRows\"");
        DiagnosticAssert.IsError(DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataRowCount), DiagnosticCodes.DataRowCount, outcome.SpecPath, line, column);
        Assert.AreEqual("The data has 4 rows; 'maxRows' allows at most 3.", outcome.Items[0].Message);
    }

    [TestMethod]
    public void RowCountAsAWarning()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Checks("\"minRows\": { \"value\": 5, \"severity\": \"warning\" }"), Rows(4));
        Assert.AreEqual(Severity.Warning, DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataRowCount).Severity);
        Assert.IsTrue(outcome.Result.Passed);
    }

    [TestMethod]
    public void DuplicateRowsAboveTheBoundAreMLB2023AtTheFirstRepeat()
    {
        using var folder = new TempFolder();
        // 10 rows; line 5 repeats line 2 and line 9 repeats line 3: 20% repeat an earlier row.
        var outcome = DataScans.Csv(folder, Checks("\"maxDuplicateRows\": 0.1"), "X,Y\n1,1\n2,2\n3,3\n1,1\n4,4\n5,5\n6,6\n2,2\n7,7\n8,8\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataDuplicateRows);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataDuplicateRows, outcome.DataPath, 5, 1);
        Assert.AreEqual("20.0 % of the rows (2 of 10) repeat an earlier row exactly; 'maxDuplicateRows' allows 10.0 %. The first repeat is here.", outcome.Items[0].Message);
        var check = outcome.Check("maxDuplicateRows", null);
        Assert.AreEqual((10L, 2L, false), (check.Evaluated, check.Failed, check.Passed));
    }

    [TestMethod]
    public void DuplicateRowsUpToTheBoundPass()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Checks("\"maxDuplicateRows\": 0.1"), "X,Y\n1,1\n2,2\n3,3\n1,1\n4,4\n5,5\n6,6\n9,9\n7,7\n8,8\n");
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual((1L, true), (outcome.Check("maxDuplicateRows", null).Failed, outcome.Check("maxDuplicateRows", null).Passed));
    }

    [TestMethod]
    public void RowsThatDifferInAnyColumnAreNotDuplicates()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Checks("\"maxDuplicateRows\": 0"), "Id,X,Y\na,1,1\nb,1,1\nc,1,2\n");
        Assert.AreEqual(0L, outcome.Check("maxDuplicateRows", null).Failed);
    }

    [TestMethod]
    public void WithoutMaxDuplicateRowsDuplicatesAreNotChecked()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), "X,Y\n1,1\n1,1\n2,2\n");
        Assert.IsFalse(outcome.HasCheck("maxDuplicateRows", null));
    }

    [TestMethod]
    public void ManyDistinctRowsHaveNoRepeatsBeyondTheExactLimit()
    {
        using var folder = new TempFolder();
        var rows = DuplicateSampler.DefaultCapacity + 10_000;
        var json = DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\", \"unique\": true }", "\"checks\": { \"maxDuplicateRows\": 0 }");

        var outcome = DataScans.Csv(folder, json, Rows(rows));

        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual(((long)rows, 0L, true), (outcome.Check("maxDuplicateRows", null).Evaluated, outcome.Check("maxDuplicateRows", null).Failed, outcome.Check("maxDuplicateRows", null).Passed));
        Assert.AreEqual((0L, true), (outcome.Check("unique", "X").Failed, outcome.Check("unique", "X").Passed));
    }

    [TestMethod]
    public void ConstantUndeclaredColumnIsAnMLB2024WarningAtTheDataHeader()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), "X,C,N,Y\n1,same,7,1\n2,same,7,2\n3,same,7,3\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataConstantColumn, DiagnosticCodes.DataConstantColumn);
        Assert.IsTrue(outcome.Items.All(d => d.Severity == Severity.Warning));
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 1, 1);
        Assert.AreEqual("Column 'C' has the same value in every row, so it cannot help the model. Mark it \"ignore\": true in the spec, or fix the data.", outcome.Items[0].Message);
        Assert.Contains("Column 'N'", outcome.Items[1].Message);
        var check = outcome.Check("constant", "C");
        Assert.AreEqual((CheckSeverity.Warning, false), (check.Severity, check.Passed));
        Assert.IsTrue(outcome.Result.Passed);
    }

    [TestMethod]
    public void ConstantDeclaredColumnIsMLB2024AtItsDeclaration()
    {
        using var folder = new TempFolder();
        var json = DataScans.WithColumns("regression", "Y", "\"C\": { \"type\": \"category\" }");
        var outcome = DataScans.Csv(folder, json, "C,Y\nsame,1\nsame,2\n");
        DiagnosticAssert.At(DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataConstantColumn), outcome.SpecPath, 6, 5);
    }

    [TestMethod]
    public void ColumnWithNoValuesIsConstantToo()
    {
        using var folder = new TempFolder();
        var json = DataScans.WithColumns("regression", "Y", "\"C\": { \"type\": \"number\" }");
        var outcome = DataScans.Csv(folder, json, "C,Y\n,1\n,2\n");
        Assert.Contains("Column 'C' has no values", DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataConstantColumn).Message);
    }

    [TestMethod]
    public void ConstantColumnsErrorFailsTheData()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Checks("\"constantColumns\": \"error\""), "X,C,Y\n1,same,1\n2,same,2\n");
        var constant = DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataConstantColumn);
        DiagnosticAssert.IsError(constant, DiagnosticCodes.DataConstantColumn, outcome.DataPath, 1, 1);
        Assert.IsFalse(outcome.Result.Passed);
    }

    [TestMethod]
    public void ConstantColumnsOffChecksNothing()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Checks("\"constantColumns\": \"off\""), "X,C,Y\n1,same,1\n2,same,2\n");
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.IsFalse(outcome.HasCheck("constant", "C"));
    }

    [TestMethod]
    public void IgnoredAndLabelColumnsAreNeverConstant()
    {
        using var folder = new TempFolder();
        var json = DataScans.WithColumns("regression", "Y", "\"C\": { \"ignore\": true }");
        var outcome = DataScans.Csv(folder, json, "X,C,Y\n1,same,5\n2,same,5\n");
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.IsFalse(outcome.HasCheck("constant", "C"));
    }

    [TestMethod]
    public void RarestClassBelowMinClassFractionIsMLB2025AtTheCheck()
    {
        using var folder = new TempFolder();
        var json = SpecText.Minimal("binary-classification", "Churned", more: "\"checks\": { \"minClassFraction\": 0.2 }");
        var csv = new StringBuilder("X,Churned\n");
        for (var i = 0; i < 10; i++) csv.Append(CultureInfo.InvariantCulture, $"{i},{(i == 3 ? "no" : "yes")}\n");

        var outcome = DataScans.Csv(folder, json, csv.ToString());

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataRareClass);
        var (line, column) = TextPosition.Of(json, 5, "\"minClassFraction\"");
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataRareClass, outcome.SpecPath, line, column);
        Assert.AreEqual("Class 'False' of label 'Churned' is 10.0 % of the rows (1 of 10); 'minClassFraction' requires at least 20.0 %. Collect more examples of it or lower the bound.", outcome.Items[0].Message);
        var check = outcome.Check("minClassFraction", "Churned");
        Assert.AreEqual((10L, 1L, false, "rarest class 'False'"), (check.Evaluated, check.Failed, check.Passed, check.Detail));
    }

    [TestMethod]
    public void RarestClassAtMinClassFractionPasses()
    {
        using var folder = new TempFolder();
        var json = SpecText.Minimal("multiclass-classification", "Size", more: "\"checks\": { \"minClassFraction\": 0.25 }");
        var outcome = DataScans.Csv(folder, json, "X,Size\n1,s\n2,s\n3,m\n4,m\n5,l\n6,l\n7,l\n8,l\n");
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.IsTrue(outcome.Check("minClassFraction", "Size").Passed);
    }

    [TestMethod]
    public void MinClassFractionCountsLabelledRowsOnly()
    {
        using var folder = new TempFolder();
        var json = SpecText.Minimal("multiclass-classification", "Size", more: "\"checks\": { \"minClassFraction\": 0.5 }");
        var outcome = DataScans.Csv(folder, json, "X,Size\n1,s\n2,m\n3,\n");
        var check = outcome.Check("minClassFraction", "Size");
        Assert.AreEqual((2L, 1L, true), (check.Evaluated, check.Failed, check.Passed));
    }

    [TestMethod]
    [DataRow("X,Y\n")]
    [DataRow("X,Y")]
    [DataRow("X,Y\r\n")]
    [DataRow("X,Y\n\n\n")]
    public void HeaderOnlyDataIsMLB2003AtLine1(string csv)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", csv);
        var error = DiagnosticAssert.Throws(() => DataScans.Run(folder, SpecText.Minimal("regression", "Y"), path), DiagnosticCodes.DataNoRows);
        DiagnosticAssert.IsError(error, DiagnosticCodes.DataNoRows, path, 1, 1);
    }

    [TestMethod]
    public void TestDataWithOtherColumnsIsMLB2012AtItsFirstLine()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, SpecText.Minimal("regression", "Y", more: "\"testData\": \"test.csv\""), Rows(4));
        var testPath = folder.Write("test.csv", "X,Z,Y\n1,1,1\n");

        var error = DiagnosticAssert.Throws(
            () => DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, new ValidationOptions(), collect: false, new DiagnosticList()),
            DiagnosticCodes.DataHeadersDiffer);

        DiagnosticAssert.IsError(error, DiagnosticCodes.DataHeadersDiffer, testPath, 1, 1);
        Assert.Contains("(X, Z, Y) differ from the training data's (X, Y)", error.Message);
    }

    [TestMethod]
    public void TestDataWithTheColumnsInAnotherOrderIsMLB2012()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, SpecText.Minimal("regression", "Y", more: "\"testData\": \"test.csv\""), Rows(4));
        var testPath = folder.Write("test.csv", "Y,X\n1,1\n");
        var error = DiagnosticAssert.Throws(
            () => DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, new ValidationOptions(), collect: false, new DiagnosticList()),
            DiagnosticCodes.DataHeadersDiffer);
        DiagnosticAssert.At(error, testPath, 1, 1);
    }

    [TestMethod]
    public void TestDataWithTheSameColumnsIsScannedWithTheTrainingSchema()
    {
        using var folder = new TempFolder();
        var train = DataScans.Csv(folder, DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\", \"max\": 10 }", "\"testData\": \"test.csv\""), Rows(4));
        var testPath = folder.Write("test.csv", "X,Y\n1,1\n11,2\n");
        var diagnostics = new DiagnosticList();

        var test = DataScan.Run(train.Spec, train.Spec.TestData!, train.Result.Schema, new ValidationOptions(), collect: true, diagnostics);

        Assert.AreSame(train.Result.Schema, test.Schema);
        Assert.AreEqual(2, test.Rows);
        Assert.AreEqual(2, test.Data!.RowCount);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.DataAboveMax);
        DiagnosticAssert.At(diagnostics.Items[0], testPath, 3, 1);
    }

    [TestMethod]
    public void SeveralSourcesAreOneDataSetWithEachRowAtItsOwnFile()
    {
        using var folder = new TempFolder();
        folder.Write("a.csv", "X,Y\n1,1\n2,2\n");
        var second = folder.Write("b.csv", "Y,X\n3,x\n4,4\n");
        var json = DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\" }").Replace("\"data\": \"data.csv\"", "\"data\": [\"a.csv\", \"b.csv\"]", StringComparison.Ordinal);

        var outcome = DataScans.Run(folder, json, second);

        Assert.AreEqual(4, outcome.Result.Rows);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataTypeMismatch, second, 2, 3);
    }

    [TestMethod]
    public void SourcesWithOtherColumnsAreMLB2012AtTheSecondSource()
    {
        using var folder = new TempFolder();
        folder.Write("a.csv", "X,Y\n1,1\n");
        var second = folder.Write("b.csv", "X,Z,Y\n1,1,1\n");
        var json = SpecText.Minimal("regression", "Y").Replace("\"data\": \"data.csv\"", "\"data\": [\"a.csv\", \"b.csv\"]", StringComparison.Ordinal);

        var error = DiagnosticAssert.Throws(() => DataScans.Run(folder, json, second), DiagnosticCodes.DataHeadersDiffer);

        DiagnosticAssert.IsError(error, DiagnosticCodes.DataHeadersDiffer, second, 1, 1);
        Assert.Contains("'Z'", error.Message);
    }

    [TestMethod]
    public void EveryCheckOfACleanDataSetIsInTheResult()
    {
        using var folder = new TempFolder();
        var json = DataScans.WithColumns("binary-classification", "Churned", "\"Age\": { \"type\": \"number\", \"min\": 0, \"outliers\": \"iqr\" }",
            "\"checks\": { \"minRows\": 2, \"maxDuplicateRows\": 0.5, \"minClassFraction\": 0.1 }");

        var outcome = DataScans.Csv(folder, json, "Age,Churned\n30,yes\n40,no\n50,yes\n60,no\n");

        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        CollectionAssert.AreEqual(
            new[] { "type Age", "finite Age", "min Age", "outliers Age", "label present Churned", "label usable Churned", "minClassFraction Churned", "minRows ", "maxDuplicateRows " },
            outcome.Result.Checks.Select(c => $"{c.Check} {c.Column}").ToArray());
        Assert.IsTrue(outcome.Result.Checks.All(c => c.Passed));
    }

    [TestMethod]
    public void DataSetMessagesDoNotDependOnTheMachinesCulture()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("X,Y\n");
        for (var i = 0; i < 1200; i++) csv.Append(CultureInfo.InvariantCulture, $"{i % 960},{i % 960}\n");
        var json = Checks("\"maxRows\": 1000, \"maxDuplicateRows\": 0.1");
        var before = CultureInfo.CurrentCulture;
        ScanOutcome outcome;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            outcome = DataScans.Csv(folder, json, csv.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        Assert.AreEqual("The data has 1,200 rows; 'maxRows' allows at most 1,000.", DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataRowCount).Message);
        StringAssert.StartsWith(DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataDuplicateRows).Message, "20.0 % of the rows (240 of 1,200)");
    }
}
