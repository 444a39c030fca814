using System.Text;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Validation;

[TestClass]
public sealed class DataValidatorTests
{
    private sealed record Outcome(string DataPath, int Failures, DiagnosticList Diagnostics);

    /// <summary>Writes <paramref name="csv"/>, reads it and validates it against <paramref name="specJson"/>.</summary>
    private static Outcome Validate(TempFolder folder, string specJson, string csv, int maxListed = DataValidator.DefaultMaxListedPerCheck)
    {
        var path = folder.Write("data.csv", csv);
        var diagnostics = new DiagnosticList();
        var spec = SpecText.Parse(specJson);
        var table = CsvTableReader.Read(path);
        var schema = ResolvedSchema.Resolve(spec, table, diagnostics);
        var failures = new DataValidator(spec, schema, maxListed, diagnostics).Validate(table);
        return new Outcome(path, failures, diagnostics);
    }

    private static string Regression(string columns) => SpecText.Minimal("regression", "Price", more: "\"columns\": {\n    " + columns + "\n  }");

    [TestMethod]
    public void CleanDataHasNoFailures()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder,
            Regression("\"Age\": { \"type\": \"number\", \"required\": true, \"min\": 0, \"max\": 120 },\n    \"Plan\": { \"allowed\": [\"basic\", \"plus\"] },\n    \"Active\": { \"type\": \"boolean\" }"),
            "Age,Plan,Active,Price\n30,basic,yes,10\n45,plus,no,12.5\n0,basic,,11\n");
        Assert.AreEqual(0, outcome.Failures);
        Assert.IsEmpty(outcome.Diagnostics.Items);
    }

    [TestMethod]
    public void TextInANumberColumnIsMLB2005AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\" }"),
            "Name,Age,Price\nAnn,30,10\nBob,thirty,12\nCy,40,11\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 3, 5);
        Assert.Contains("Column 'Age' expects a number", outcome.Diagnostics.Items[0].Message);
        Assert.Contains("'thirty'", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void NonBooleanInABooleanColumnIsMLB2005AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Active\": { \"type\": \"boolean\" }"),
            "Active,Price\nyes,1\nY,2\nmaybe,3\n0,4\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 4, 1);
        Assert.Contains("'maybe'", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void EmptyRequiredCellIsMLB2006AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\", \"required\": true },\n    \"Note\": { \"type\": \"text\" }"),
            "Note,Age,Price\nhi,30,10\n,,12\n  ,40,11\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataMissingRequired);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataMissingRequired, outcome.DataPath, 3, 2);
        Assert.Contains("Column 'Age' is required", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void ValuesOutsideMinAndMaxAreMLB2007AndMLB2008AtTheirCells()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\", \"min\": 18, \"max\": 65.5 }"),
            "Id,Age,Price\n1,30,10\n2,17.9,12\n3,65.6,11\n4,-5,9\n");

        Assert.AreEqual(3, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataAboveMax, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataBelowMin, outcome.DataPath, 3, 3);
        Assert.AreEqual("Column 'Age' must be at least 18 but found 17.9.", outcome.Diagnostics.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[1], DiagnosticCodes.DataAboveMax, outcome.DataPath, 4, 3);
        Assert.AreEqual("Column 'Age' must be at most 65.5 but found 65.6.", outcome.Diagnostics.Items[1].Message);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[2], DiagnosticCodes.DataBelowMin, outcome.DataPath, 5, 3);
    }

    [TestMethod]
    public void ValuesEqualToMinAndMaxPass()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\", \"min\": 18, \"max\": 65.5 }"),
            "Age,Price\n18,10\n65.5,12\n18.0,11\n");
        Assert.AreEqual(0, outcome.Failures);
        Assert.IsEmpty(outcome.Diagnostics.Items);
    }

    [TestMethod]
    public void ValueNotAllowedIsMLB2009AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Plan\": { \"type\": \"category\", \"allowed\": [\"basic\", \"plus\"] }"),
            "Age,Plan,Price\n30,basic,10\n41,gold,12\n52,plus,11\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataNotAllowed);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataNotAllowed, outcome.DataPath, 3, 4);
        Assert.Contains("allows only 'basic', 'plus' but found 'gold'", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void AllowedNumbersAreComparedAsWritten()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Rooms\": { \"type\": \"number\", \"allowed\": [1, 2] }"),
            "Rooms,Price\n1,10\n2,12\n3,11\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataNotAllowed);
        DiagnosticAssert.At(outcome.Diagnostics.Items[0], outcome.DataPath, 4, 1);
    }

    [TestMethod]
    public void IgnoredColumnWithRulesIsStillChecked()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Id\": { \"type\": \"number\", \"ignore\": true }"),
            "Id,Price\n1,10\nx,12\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.At(outcome.Diagnostics.Items[0], outcome.DataPath, 3, 1);
    }

    [TestMethod]
    public void EmptyLabelIsMLB2010AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("regression", "Price"), "Size,Price\n10,1\n20,\n30,3\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelMissing);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataLabelMissing, outcome.DataPath, 3, 4);
    }

    [TestMethod]
    public void NonNumericRegressionLabelIsMLB2011AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("regression", "Price"), "Size,Price\n10,1\n20,expensive\n30,3\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 3, 4);
        Assert.Contains("regression model must be a number but found 'expensive'", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void BinaryLabelWithClassNamesButNoPositiveClassIsMLB2011AtEachCell()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("binary-classification", "Pet"), "Size,Pet\n10,cat\n20,dog\n30,cat\n");

        Assert.AreEqual(3, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable, DiagnosticCodes.DataLabelUnusable, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 2, 4);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[2], DiagnosticCodes.DataLabelUnusable, outcome.DataPath, 4, 4);
        Assert.Contains("Set 'positiveClass'", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void BinaryLabelWithPositiveClassAcceptsClassNames()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("binary-classification", "Pet", positiveClass: "dog"), "Size,Pet\n10,cat\n20,dog\n30,cat\n");
        Assert.AreEqual(0, outcome.Failures);
        Assert.IsEmpty(outcome.Diagnostics.Items);
    }

    [TestMethod]
    public void BinaryLabelWordsOfOneMeaningAreOneClass()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("binary-classification", "Churned"), "Size,Churned\n10,yes\n20,TRUE\n30,1\n40,no\n");
        Assert.AreEqual(0, outcome.Failures);
    }

    [TestMethod]
    public void BinaryLabelWithThreeClassesIsMLB2011AtTheSpecsLabel()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("binary-classification", "Pet", positiveClass: "dog"), "Size,Pet\n10,cat\n20,dog\n30,bird\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataLabelUnusable, SpecText.DefaultPath, 4, 3);
        Assert.Contains("needs exactly 2 classes in label 'Pet' but the data has 3: bird, cat, dog", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void BinaryLabelWithOneClassIsMLB2011AtTheSpecsLabel()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("binary-classification", "Churned"), "Size,Churned\n10,yes\n20,y\n");
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.At(outcome.Diagnostics.Items[0], SpecText.DefaultPath, 4, 3);
        Assert.Contains("the data has 1", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void PositiveClassNotAmongTheClassesIsMLB2011AtThePositiveClass()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("binary-classification", "Pet", positiveClass: "Dog"), "Size,Pet\n10,cat\n20,dog\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataLabelUnusable, SpecText.DefaultPath, 5, 3);
        Assert.Contains("'positiveClass' is 'Dog' but label 'Pet' has the classes cat, dog", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void MulticlassLabelWithOneClassIsMLB2011AtTheSpecsLabel()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, SpecText.Minimal("multiclass-classification", "Size"), "Length,Size\n1,small\n2,small\n");

        Assert.AreEqual(1, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataLabelUnusable);
        DiagnosticAssert.IsError(outcome.Diagnostics.Items[0], DiagnosticCodes.DataLabelUnusable, SpecText.DefaultPath, 4, 3);
        Assert.Contains("at least 2 classes", outcome.Diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void MulticlassLabelWithTwoClassesIsUsable()
    {
        using var folder = new TempFolder();
        Assert.AreEqual(0, Validate(folder, SpecText.Minimal("multiclass-classification", "Size"), "Length,Size\n1,small\n2,large\n").Failures);
    }

    [TestMethod]
    public void OnlyTheFirstFailuresAreListedThenOneSummary()
    {
        using var folder = new TempFolder();
        var csv = new StringBuilder("Age,Price\n");
        for (var i = 0; i < 10; i++) csv.Append("old,1\n");
        csv.Append("30,1\n31,2\n");

        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\" }"), csv.ToString(), maxListed: 3);

        Assert.AreEqual(10, outcome.Failures);
        DiagnosticAssert.Codes(outcome.Diagnostics,
            DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.At(outcome.Diagnostics.Items[0], outcome.DataPath, 2, 1);
        DiagnosticAssert.At(outcome.Diagnostics.Items[1], outcome.DataPath, 3, 1);
        DiagnosticAssert.At(outcome.Diagnostics.Items[2], outcome.DataPath, 4, 1);

        var summary = outcome.Diagnostics.Items[3];
        DiagnosticAssert.IsError(summary, DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 2, 1);
        Assert.Contains("Column 'Age': 7 more row(s) fail this check (10 of 12 rows in all", summary.Message);
        Assert.Contains("only the first 3 are listed", summary.Message);
    }

    [TestMethod]
    public void FailuresUpToTheLimitHaveNoSummary()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\" }"), "Age,Price\nx,1\ny,2\nz,3\n4,4\n", maxListed: 3);
        Assert.AreEqual(3, outcome.Failures);
        Assert.HasCount(3, outcome.Diagnostics.Items);
        Assert.IsFalse(outcome.Diagnostics.Items.Any(d => d.Message.Contains("more row(s)", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void EachCheckHasItsOwnLimit()
    {
        using var folder = new TempFolder();
        var outcome = Validate(folder, Regression("\"Age\": { \"type\": \"number\", \"min\": 0 }"),
            "Age,Price\nx,1\ny,2\n-1,3\n-2,4\n", maxListed: 1);

        DiagnosticAssert.Codes(outcome.Diagnostics,
            DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.At(outcome.Diagnostics.Items[2], outcome.DataPath, 2, 1);
        DiagnosticAssert.At(outcome.Diagnostics.Items[3], outcome.DataPath, 4, 1);
        Assert.Contains("1 more row(s)", outcome.Diagnostics.Items[3].Message);
    }
}
