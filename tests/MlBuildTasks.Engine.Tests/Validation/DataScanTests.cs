using System.Text;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// The cell checks of one streaming pass (<see cref="DataScan"/>): type, required, min/max, allowed and the label.
/// Diagnostics come at the end of the scan, per check, grouped by column (in the data's order) and then by check.
/// </summary>
[TestClass]
public sealed class DataScanTests
{
    private static string Regression(string columns) => DataScans.WithColumns("regression", "Price", columns);

    [TestMethod]
    public void CleanDataHasNoFailures()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder,
            Regression("\"Age\": { \"type\": \"number\", \"required\": true, \"min\": 0, \"max\": 120 },\n    \"Plan\": { \"allowed\": [\"basic\", \"plus\"] },\n    \"Active\": { \"type\": \"boolean\" }"),
            "Age,Plan,Active,Price\n30,basic,yes,10\n45,plus,no,12.5\n0,basic,,11\n");

        Assert.AreEqual(0, outcome.Failures);
        Assert.IsTrue(outcome.Result.Passed);
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual(3, outcome.Result.Rows);
        var min = outcome.Check("min", "Age");
        Assert.AreEqual((3L, 0L, true), (min.Evaluated, min.Failed, min.Passed));
    }

    [TestMethod]
    public void TextInANumberColumnIsMLB2005AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\" }"),
            "Name,Age,Price\nAnn,30,10\nBob,thirty,12\nCy,40,11\n");

        Assert.AreEqual(1, outcome.Failures);
        Assert.IsFalse(outcome.Result.Passed);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 3, 5);
        Assert.AreEqual("Column 'Age' expects a number (declared; invariant culture, such as 12.5) but found 'thirty'.", outcome.Items[0].Message);
        var type = outcome.Check("type", "Age");
        Assert.AreEqual((3L, 1L, false), (type.Evaluated, type.Failed, type.Passed));
    }

    [TestMethod]
    public void TextAfterTheInferenceRowsInAnInferredNumberColumnIsMLB2005SayingTheTypeWasInferred()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("Age,Price\n");
        for (var i = 0; i < ResolvedSchema.InferenceRows; i++) csv.Append(i % 90).Append(",1\n");
        csv.Append("old,1\n");

        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Price"), csv.ToString());

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataTypeMismatch, outcome.DataPath, ResolvedSchema.InferenceRows + 2, 1);
        Assert.AreEqual("Column 'Age' expects a number (inferred from the first 10,000 rows; invariant culture, such as 12.5) but found 'old'.", outcome.Items[0].Message);
    }

    [TestMethod]
    public void NonBooleanInABooleanColumnIsMLB2005AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Active\": { \"type\": \"boolean\" }"),
            "Active,Price\nyes,1\nY,2\nmaybe,3\n0,4\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 4, 1);
        Assert.Contains("expects a boolean", outcome.Items[0].Message);
        Assert.Contains("'maybe'", outcome.Items[0].Message);
    }

    [TestMethod]
    public void EmptyRequiredCellIsMLB2006AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\", \"required\": true },\n    \"Note\": { \"type\": \"text\" }"),
            "Note,Age,Price\nhi,30,10\n,,12\n  ,40,11\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataMissingRequired);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataMissingRequired, outcome.DataPath, 3, 2);
        Assert.Contains("Column 'Age' is required", outcome.Items[0].Message);
        var required = outcome.Check("required", "Age");
        Assert.AreEqual((3L, 1L), (required.Evaluated, required.Failed));
    }

    [TestMethod]
    public void ValuesOutsideMinAndMaxAreMLB2007AndMLB2008AtTheirCellsCheckByCheck()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\", \"min\": 18, \"max\": 65.5 }"),
            "Id,Age,Price\n1,30,10\n2,17.9,12\n3,65.6,11\n4,-5,9\n");

        Assert.AreEqual(3, outcome.Failures);
        // Per check, not in row order: both min failures, then the max failure.
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataAboveMax);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataBelowMin, outcome.DataPath, 3, 3);
        Assert.AreEqual("Column 'Age' must be at least 18 but found 17.9.", outcome.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataBelowMin, outcome.DataPath, 5, 3);
        Assert.AreEqual("Column 'Age' must be at least 18 but found -5.", outcome.Items[1].Message);
        DiagnosticAssert.IsError(outcome.Items[2], DiagnosticCodes.DataAboveMax, outcome.DataPath, 4, 3);
        Assert.AreEqual("Column 'Age' must be at most 65.5 but found 65.6.", outcome.Items[2].Message);
    }

    [TestMethod]
    public void ValuesEqualToMinAndMaxPass()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\", \"min\": 18, \"max\": 65.5 }"),
            "Age,Price\n18,10\n65.5,12\n18.0,11\n");
        Assert.AreEqual(0, outcome.Failures);
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
    }

    [TestMethod]
    public void ValueNotAllowedIsMLB2009AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Plan\": { \"type\": \"category\", \"allowed\": [\"basic\", \"plus\"] }"),
            "Age,Plan,Price\n30,basic,10\n41,gold,12\n52,plus,11\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataNotAllowed);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataNotAllowed, outcome.DataPath, 3, 4);
        Assert.Contains("allows only 'basic', 'plus' but found 'gold'", outcome.Items[0].Message);
    }

    [TestMethod]
    public void AllowedNumbersAreComparedAsWritten()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Rooms\": { \"type\": \"number\", \"allowed\": [1, 2] }"),
            "Rooms,Price\n1,10\n2,12\n3,11\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataNotAllowed);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 4, 1);
    }

    [TestMethod]
    public void IgnoredColumnWithRulesIsStillChecked()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Id\": { \"type\": \"number\", \"ignore\": true }"),
            "Id,Price\n1,10\nx,12\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 3, 1);
    }

    [TestMethod]
    public void RulesDeclaredOnTheLabelAreChecked()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, DataScans.WithColumns("regression", "Price", "\"Price\": { \"type\": \"number\", \"min\": 0, \"max\": 100 }"), "Size,Price\n1,10\n2,-5\n3,500\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataAboveMax);
    }

    [TestMethod]
    public void EmptyLabelIsMLB2010AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Price"), "Size,Price\n10,1\n20,\n30,3\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelMissing);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataLabelMissing, outcome.DataPath, 3, 4);
    }

    [TestMethod]
    public void NonNumericRegressionLabelIsMLB2011AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Price"), "Size,Price\n10,1\n20,expensive\n30,3\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 3, 4);
        Assert.Contains("regression model must be a number but found 'expensive'", outcome.Items[0].Message);
    }

    [TestMethod]
    public void NotFiniteRegressionLabelIsMLB2011()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Price"), "Size,Price\n10,1\n20,NaN\n30,3\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 3, 4);
    }

    [TestMethod]
    public void BinaryLabelWithClassNamesButNoPositiveClassIsMLB2011AtEachCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Pet"), "Size,Pet\n10,cat\n20,dog\n30,cat\n");

        Assert.AreEqual(3, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable, DiagnosticCodes.DataLabelUnusable, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 2, 4);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 3, 4);
        DiagnosticAssert.IsError(outcome.Items[2], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 4, 4);
        Assert.Contains("Set 'positiveClass'", outcome.Items[0].Message);
        Assert.IsFalse(outcome.HasCheck("label classes", "Pet"), "classes are not counted from unusable labels");
    }

    [TestMethod]
    public void BinaryLabelWithPositiveClassAcceptsClassNames()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Pet", positiveClass: "dog"), "Size,Pet\n10,cat\n20,dog\n30,cat\n");
        Assert.AreEqual(0, outcome.Failures);
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
    }

    [TestMethod]
    public void BinaryLabelWordsOfOneMeaningAreOneClass()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Churned"), "Size,Churned\n10,yes\n20,TRUE\n30,1\n40,no\n", collect: true);
        Assert.AreEqual(0, outcome.Failures, DiagnosticAssert.Describe(outcome.Diagnostics));
        CollectionAssert.AreEqual(new[] { "True", "True", "True", "False" }, outcome.Result.Data!.Classes!.ToArray());
    }

    [TestMethod]
    public void BinaryLabelWithThreeClassesIsMLB2011AtTheSpecsLabel()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Pet", positiveClass: "dog"), "Size,Pet\n10,cat\n20,dog\n30,bird\n");

        Assert.AreEqual(3, outcome.Failures, "the 3 labelled rows");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.SpecPath, 4, 3);
        Assert.Contains("needs exactly 2 classes in label 'Pet' but the data has 3: bird, cat, dog", outcome.Items[0].Message);
        Assert.IsFalse(outcome.Check("label classes", "Pet").Passed);
    }

    [TestMethod]
    public void BinaryLabelWithOneClassIsMLB2011AtTheSpecsLabel()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Churned"), "Size,Churned\n10,yes\n20,y\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.At(outcome.Items[0], outcome.SpecPath, 4, 3);
        Assert.Contains("the data has 1", outcome.Items[0].Message);
    }

    [TestMethod]
    public void PositiveClassNotAmongTheClassesIsMLB2011AtThePositiveClass()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("binary-classification", "Pet", positiveClass: "Dog"), "Size,Pet\n10,cat\n20,dog\n");

        Assert.AreEqual(2, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.SpecPath, 5, 3);
        Assert.Contains("'positiveClass' is 'Dog' but label 'Pet' has the classes cat, dog", outcome.Items[0].Message);
    }

    [TestMethod]
    public void MulticlassLabelWithOneClassIsMLB2011AtTheSpecsLabel()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("multiclass-classification", "Size"), "Length,Size\n1,small\n2,small\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.SpecPath, 4, 3);
        Assert.Contains("at least 2 classes", outcome.Items[0].Message);
        Assert.IsFalse(outcome.Result.Passed);
    }

    [TestMethod]
    public void MulticlassLabelWithTwoClassesIsUsable()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("multiclass-classification", "Size"), "Length,Size\n1,small\n2,large\n");
        Assert.AreEqual(0, outcome.Failures);
        Assert.IsTrue(outcome.Result.Passed);
    }

    [TestMethod]
    public void OnlyTheFirstFailuresAreListedThenOneSummary()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("Age,Price\n");
        for (var i = 0; i < 10; i++) csv.Append("old,1\n");
        csv.Append("30,1\n31,2\n");

        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\" }"), csv.ToString(), maxListed: 3);

        Assert.AreEqual(10, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics,
            DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 2, 1);
        DiagnosticAssert.At(outcome.Items[1], outcome.DataPath, 3, 1);
        DiagnosticAssert.At(outcome.Items[2], outcome.DataPath, 4, 1);

        var summary = outcome.Items[3];
        DiagnosticAssert.IsError(summary, DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 2, 1);
        Assert.AreEqual("Column 'Age': 7 more value(s) fail this check (10 of 12, 83.3 %); only the first 3 are listed (MlMaxErrorsPerCheck).", summary.Message);
    }

    [TestMethod]
    public void FailuresUpToTheLimitHaveNoSummary()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\" }"), "Age,Price\nx,1\ny,2\nz,3\n4,4\n5,5\n", maxListed: 3);
        Assert.AreEqual(3, outcome.Failures);
        Assert.HasCount(3, outcome.Items);
        Assert.IsFalse(outcome.Items.Any(d => d.Message.Contains("more value(s)", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void TheDefaultLimitListsTenCells()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("Age,Price\n");
        for (var i = 0; i < 11; i++) csv.Append("old,1\n");
        csv.Append("30,1\n31,2\n");

        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\" }"), csv.ToString());

        Assert.HasCount(11, outcome.Items);
        DiagnosticAssert.At(outcome.Items[9], outcome.DataPath, 11, 1);
        Assert.Contains("1 more value(s) fail this check (11 of 13, 84.6 %); only the first 10 are listed", outcome.Items[10].Message);
    }

    [TestMethod]
    public void EachCheckHasItsOwnLimitAndItsOwnSummary()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Regression("\"Age\": { \"type\": \"number\", \"min\": 0 }"),
            "Age,Price\nx,1\ny,2\n-1,3\n-2,4\n", maxListed: 1);

        DiagnosticAssert.Codes(outcome.Diagnostics,
            DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 2, 1);
        DiagnosticAssert.At(outcome.Items[1], outcome.DataPath, 2, 1);
        Assert.Contains("1 more value(s) fail this check (2 of 4, 50.0 %)", outcome.Items[1].Message);
        DiagnosticAssert.At(outcome.Items[2], outcome.DataPath, 4, 1);
        DiagnosticAssert.At(outcome.Items[3], outcome.DataPath, 4, 1);
        Assert.Contains("1 more value(s) fail this check (2 of 2, 100.0 %)", outcome.Items[3].Message);
    }

    [TestMethod]
    public void DiagnosticsAreGroupedByColumnThenByCheckThenTheLabel()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder,
            Regression("\"A\": { \"type\": \"number\", \"max\": 5 },\n    \"B\": { \"type\": \"number\", \"required\": true }"),
            "A,B,Price\n9,x,1\ny,,2\n1,2,\n2,3,4\n");

        DiagnosticAssert.Codes(outcome.Diagnostics,
            DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataAboveMax,
            DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataMissingRequired,
            DiagnosticCodes.DataLabelMissing);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 3, 1);
        DiagnosticAssert.At(outcome.Items[1], outcome.DataPath, 2, 1);
        DiagnosticAssert.At(outcome.Items[2], outcome.DataPath, 2, 3);
        DiagnosticAssert.At(outcome.Items[3], outcome.DataPath, 3, 3);
        DiagnosticAssert.At(outcome.Items[4], outcome.DataPath, 4, 5);
    }
}
