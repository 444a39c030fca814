using System.Globalization;
using System.Text;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// The column rules of issue 3 in one streaming pass (ColumnValidator): <c>mostly</c>, <c>severity</c>, maxMissing,
/// regex, unique, NaN/Infinity, outliers, dates and number cultures.
/// </summary>
[TestClass]
public sealed class ColumnRuleTests
{
    /// <summary>A regression spec predicting "Y" with one declared column "X" at (6,5).</summary>
    private static string Spec(string rules, string? more = null) => DataScans.WithColumns("regression", "Y", "\"X\": { " + rules + " }", more);

    /// <summary>"X,Y" rows: each value of <paramref name="x"/> with Y = its row number (so Y is never constant).</summary>
    private static string Csv(IEnumerable<string> x)
    {
        var text = new StringBuilder("X,Y\n");
        var row = 0;
        foreach (var value in x) text.Append(CultureInfo.InvariantCulture, $"{value},{++row}\n");
        return text.ToString();
    }

    /// <summary>100 values 0..97 and then -1 twice (lines 100 and 101 of the file): a min of 0 fails on 2 of 100.</summary>
    private static string TwoOfAHundredBelowZero() =>
        Csv(Enumerable.Range(0, 98).Select(i => i.ToString(CultureInfo.InvariantCulture)).Concat(["-1", "-1"]));

    [TestMethod]
    public void RuleFailingOnTwoOfAHundredPassesWithMostlyPointNineEight()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"min\": { \"value\": 0, \"mostly\": 0.98 }"), TwoOfAHundredBelowZero());

        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        var min = outcome.Check("min", "X");
        Assert.AreEqual((100L, 2L, 0.98, true), (min.Evaluated, min.Failed, min.Mostly, min.Passed));
        Assert.AreEqual(0.02, min.FailedFraction);
        Assert.IsTrue(outcome.Result.Passed);
    }

    [TestMethod]
    public void RuleFailingOnTwoOfAHundredFailsWithMostlyPointNineNineListingTheCellsAndTheShare()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"min\": { \"value\": 0, \"mostly\": 0.99 }"), TwoOfAHundredBelowZero());

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataBelowMin, outcome.DataPath, 100, 1);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataBelowMin, outcome.DataPath, 101, 1);
        DiagnosticAssert.IsError(outcome.Items[2], DiagnosticCodes.DataBelowMin, outcome.DataPath, 100, 1);
        Assert.AreEqual("Column 'X': 2 of 100 values fail this check (2.0 %). The rule allows 1.0 % ('mostly': 0.99).", outcome.Items[2].Message);
        var min = outcome.Check("min", "X");
        Assert.AreEqual((100L, 2L, 0.99, false), (min.Evaluated, min.Failed, min.Mostly, min.Passed));
        Assert.IsFalse(outcome.Result.Passed);
    }

    [TestMethod]
    public void MostlyWithMoreFailuresThanListedCountsTheRestAndGivesTheTolerance()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"min\": { \"value\": 0, \"mostly\": 0.99 }"), TwoOfAHundredBelowZero(), maxListed: 1);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.At(outcome.Items[1], outcome.DataPath, 100, 1);
        Assert.AreEqual("Column 'X': 1 more value(s) fail this check (2 of 100, 2.0 %); only the first 1 are listed (MlMaxErrorsPerCheck). The rule allows 1.0 % ('mostly': 0.99).", outcome.Items[1].Message);
    }

    [TestMethod]
    public void MostlyAppliesToRequiredAllowedAndRegexToo()
    {
        using var folder = new TempFolder();
        var csv = Csv(Enumerable.Range(0, 20).Select(i => i == 7 ? "" : i == 9 ? "zz" : "a" + (i % 3)));
        var outcome = DataScans.Csv(folder,
            Spec("\"type\": \"category\", \"required\": { \"value\": true, \"mostly\": 0.95 }, \"allowed\": { \"value\": [\"a0\", \"a1\", \"a2\"], \"mostly\": 0.9 }, \"regex\": { \"value\": \"^a\", \"mostly\": 0.9 }"),
            csv);

        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual((20L, 1L, true), (outcome.Check("required", "X").Evaluated, outcome.Check("required", "X").Failed, outcome.Check("required", "X").Passed));
        Assert.AreEqual((19L, 1L, true), (outcome.Check("allowed", "X").Evaluated, outcome.Check("allowed", "X").Failed, outcome.Check("allowed", "X").Passed));
        Assert.AreEqual((19L, 1L, true), (outcome.Check("regex", "X").Evaluated, outcome.Check("regex", "X").Failed, outcome.Check("regex", "X").Passed));
    }

    [TestMethod]
    public void WarningRuleReportsWarningsAndDoesNotFailTheData()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"max\": { \"value\": 10, \"severity\": \"warning\" }"), Csv(["1", "11", "5", "12"]));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataAboveMax, DiagnosticCodes.DataAboveMax);
        Assert.IsTrue(outcome.Items.All(d => d.Severity == Severity.Warning));
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 3, 1);
        DiagnosticAssert.At(outcome.Items[1], outcome.DataPath, 5, 1);
        var max = outcome.Check("max", "X");
        Assert.AreEqual((CheckSeverity.Warning, false), (max.Severity, max.Passed));
        Assert.IsTrue(outcome.Result.Passed, "a failed warning rule does not block");
        Assert.AreEqual(0, outcome.Failures);
    }

    [TestMethod]
    public void WarningsAsErrorsMakesAWarningRuleAnError()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"max\": { \"value\": 10, \"severity\": \"warning\" }"), Csv(["1", "11", "5", "12"]), warningsAsErrors: true);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataAboveMax, DiagnosticCodes.DataAboveMax);
        Assert.IsTrue(outcome.Items.All(d => d.Severity == Severity.Error));
        Assert.AreEqual(CheckSeverity.Error, outcome.Check("max", "X").Severity);
        Assert.IsFalse(outcome.Result.Passed);
    }

    [TestMethod]
    public void WarningsAsErrorsMakesTheConstantColumnWarningAnError()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, SpecText.Minimal("regression", "Y"), "C,Y\nx,1\nx,2\n", warningsAsErrors: true);
        var constant = DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataConstantColumn);
        Assert.AreEqual(Severity.Error, constant.Severity);
        Assert.IsFalse(outcome.Result.Passed);
    }

    [TestMethod]
    public void TooManyMissingIsMLB2031AtTheRule()
    {
        using var folder = new TempFolder();
        var json = Spec("\"type\": \"number\", \"maxMissing\": 0.2");
        var outcome = DataScans.Csv(folder, json, Csv(["1", "", "3", "", "5", "6", "", "8", "9", "10"]));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTooManyMissing);
        var (line, column) = TextPosition.Of(json, 6, "\"maxMissing\"");
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataTooManyMissing, outcome.SpecPath, line, column);
        Assert.AreEqual("Column 'X' is missing in 30.0 % of rows; at most 20.0 % may be missing ('maxMissing').", outcome.Items[0].Message);
        var check = outcome.Check("maxMissing", "X");
        Assert.AreEqual((10L, 3L, false), (check.Evaluated, check.Failed, check.Passed));
    }

    [TestMethod]
    public void MissingShareEqualToMaxMissingPasses()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"maxMissing\": 0.2"), Csv(["1", "", "3", "", "5", "6", "7", "8", "9", "10"]));
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.IsTrue(outcome.Check("maxMissing", "X").Passed);
    }

    [TestMethod]
    public void ValueNotMatchingTheRegexIsMLB2020AtItsCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"regex\": \"^C\\\\d{3}$\""), "Y,X\n1,C001\n2,C02\n3,C003\n4,X004\n5, C005 \n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataRegexMismatch, DiagnosticCodes.DataRegexMismatch);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataRegexMismatch, outcome.DataPath, 3, 3);
        Assert.AreEqual("Column 'X' must match /^C\\d{3}$/ but found 'C02'.", outcome.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataRegexMismatch, outcome.DataPath, 5, 3);
        Assert.AreEqual((5L, 2L), (outcome.Check("regex", "X").Evaluated, outcome.Check("regex", "X").Failed));
    }

    [TestMethod]
    public void ARegexThatRunsTooLongOnACellIsReportedAtThatCell()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"regex\": \"^(a+)+$\""), "Y,X\n1,aaaa\n2," + new string('a', 40) + "b\n");
        DiagnosticAssert.IsError(DiagnosticAssert.Single(outcome.Diagnostics, DiagnosticCodes.DataRegexMismatch), DiagnosticCodes.DataRegexMismatch, outcome.DataPath, 3, 3);
    }

    [TestMethod]
    public void RepeatedValueOfAUniqueColumnIsMLB2021AtTheRepeat()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"unique\": true"), "Y,X\n1,a\n2,b\n3,a\n4,c\n5,b\n6,a\n7,\n8,\n");

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataNotUnique, DiagnosticCodes.DataNotUnique, DiagnosticCodes.DataNotUnique);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataNotUnique, outcome.DataPath, 4, 3);
        Assert.AreEqual("Column 'X' must be unique but 'a' appears again here.", outcome.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataNotUnique, outcome.DataPath, 6, 3);
        Assert.Contains("'b'", outcome.Items[1].Message);
        DiagnosticAssert.IsError(outcome.Items[2], DiagnosticCodes.DataNotUnique, outcome.DataPath, 7, 3);
        var unique = outcome.Check("unique", "X");
        Assert.AreEqual((6L, 3L), (unique.Evaluated, unique.Failed), "missing values are not compared");
    }

    [TestMethod]
    public void UniqueFalseChecksNothing()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"unique\": false"), "Y,X\n1,a\n2,a\n3,b\n");
        Assert.IsEmpty(outcome.Items);
        Assert.IsFalse(outcome.HasCheck("unique", "X"));
    }

    [TestMethod]
    public void NaNAndInfinityInANumberColumnAreMLB2026AtTheirCells()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"min\": -10"), Csv(["1", "NaN", "Infinity", "-Infinity", "1e400", "2"]));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataNotFinite, DiagnosticCodes.DataNotFinite, DiagnosticCodes.DataNotFinite, DiagnosticCodes.DataNotFinite);
        for (var i = 0; i < 4; i++) DiagnosticAssert.IsError(outcome.Items[i], DiagnosticCodes.DataNotFinite, outcome.DataPath, 3 + i, 1);
        Assert.AreEqual("Column 'X' has 'NaN', which is not a finite number. Replace it with a number or leave the cell empty (missing).", outcome.Items[0].Message);
        Assert.Contains("'1e400'", outcome.Items[3].Message);
        Assert.AreEqual((2L, 0L), (outcome.Check("min", "X").Evaluated, outcome.Check("min", "X").Failed), "not-finite values go to no other check");
        Assert.AreEqual((6L, 0L), (outcome.Check("type", "X").Evaluated, outcome.Check("type", "X").Failed), "they are numbers");
    }

    /// <summary>1..10 and 100 (at line 12): quartiles 3.5 and 8.5, IQR 5, fences [-4, 16].</summary>
    private static readonly string[] OneFarOut = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "100"];

    [TestMethod]
    public void ValueOutsideTheIqrFencesIsAnMLB2027Warning()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": \"iqr\""), Csv(OneFarOut));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataOutliers, DiagnosticCodes.DataOutliers);
        Assert.IsTrue(outcome.Items.All(d => d.Severity == Severity.Warning));
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 12, 1);
        Assert.AreEqual("Column 'X' has the outlier 100, outside [-4, 16] (1.5 x IQR).", outcome.Items[0].Message);
        Assert.AreEqual("Column 'X': 1 of 11 values fail this check (9.1 %). The rule allows 1.0 % ('mostly': 0.99).", outcome.Items[1].Message);
        var check = outcome.Check("outliers", "X");
        Assert.AreEqual((11L, 1L, false, CheckSeverity.Warning), (check.Evaluated, check.Failed, check.Passed, check.Severity));
        Assert.IsTrue(outcome.Result.Passed);
    }

    [TestMethod]
    public void IqrThresholdWidensTheFences()
    {
        using var folder = new TempFolder();
        // k = 19: [3.5 - 95, 8.5 + 95] = [-91.5, 103.5], so 100 is inside.
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": { \"method\": \"iqr\", \"threshold\": 19 }"), Csv(OneFarOut));
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.IsTrue(outcome.Check("outliers", "X").Passed);
    }

    [TestMethod]
    public void OutliersWithinTheirMostlyPass()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": { \"method\": \"iqr\", \"mostly\": 0.9 }"), Csv(OneFarOut));
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual((1L, true), (outcome.Check("outliers", "X").Failed, outcome.Check("outliers", "X").Passed));
    }

    [TestMethod]
    public void OutliersWithSeverityErrorFailTheData()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": { \"method\": \"iqr\", \"severity\": \"error\" }"), Csv(OneFarOut));
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataOutliers, outcome.DataPath, 12, 1);
        Assert.IsFalse(outcome.Result.Passed);
    }

    /// <summary>Nine 0s and one 10 (line 11): mean 1, population standard deviation 3.</summary>
    private static readonly string[] NineZerosAndATen = ["0", "0", "0", "0", "0", "0", "0", "0", "0", "10"];

    [TestMethod]
    public void ValueOutsideTheZScoreFencesIsAnMLB2027Warning()
    {
        using var folder = new TempFolder();
        // z = 2: [1 - 6, 1 + 6] = [-5, 7].
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": { \"method\": \"zscore\", \"threshold\": 2 }"), Csv(NineZerosAndATen));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataOutliers, DiagnosticCodes.DataOutliers);
        Assert.AreEqual(Severity.Warning, outcome.Items[0].Severity);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 11, 1);
        Assert.AreEqual("Column 'X' has the outlier 10, outside [-5, 7] (z-score 2).", outcome.Items[0].Message);
        Assert.AreEqual((10L, 1L), (outcome.Check("outliers", "X").Evaluated, outcome.Check("outliers", "X").Failed));
    }

    [TestMethod]
    public void ValueOnTheDefaultZScoreFenceIsNotAnOutlier()
    {
        using var folder = new TempFolder();
        // z = 3: [1 - 9, 1 + 9] = [-8, 10]; the fences are inclusive.
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": \"zscore\""), Csv(NineZerosAndATen));
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual((10L, 0L), (outcome.Check("outliers", "X").Evaluated, outcome.Check("outliers", "X").Failed));
    }

    [TestMethod]
    public void OutlierIsReportedAtItsRow()
    {
        // Outliers are found after the scan, from the sampled values and their rows: the line, not the cell.
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": \"iqr\""),
            "Y,X\n" + string.Concat(OneFarOut.Select((x, i) => $"{i + 1},{x}\n")));
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 12, 1);
    }

    [TestMethod]
    public void FewerThanFourNumbersAreNotCheckedForOutliers()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\", \"outliers\": \"iqr\""), Csv(["1", "2", "1000"]));
        Assert.IsEmpty(outcome.Items);
        Assert.IsFalse(outcome.HasCheck("outliers", "X"));
    }

    [TestMethod]
    public void IsoDatesPassAndOthersAreMLB2028AtTheirCells()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"date\""),
            Csv(["2024-03-31", "2024-02-30", "2024-03-31T12:30:00Z", "31.03.2024", "2024-03-31T12:30:00.123+02:00", "soon", ""]));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBadDate, DiagnosticCodes.DataBadDate, DiagnosticCodes.DataBadDate);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataBadDate, outcome.DataPath, 3, 1);
        Assert.AreEqual("Column 'X' expects a date (ISO 8601, such as 2024-03-31) but found '2024-02-30'.", outcome.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataBadDate, outcome.DataPath, 5, 1);
        DiagnosticAssert.IsError(outcome.Items[2], DiagnosticCodes.DataBadDate, outcome.DataPath, 7, 1);
        Assert.AreEqual((6L, 3L), (outcome.Check("date", "X").Evaluated, outcome.Check("date", "X").Failed));
    }

    [TestMethod]
    public void NonIsoDatesAreMLB2028WithoutADateFormat()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"date\""), Csv(["2024-03-31", "03/31/2024", "\"March 31, 2024\""]));
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBadDate, DiagnosticCodes.DataBadDate);
    }

    [TestMethod]
    public void DateFormatIsTheOnlyFormatAccepted()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"date\", \"dateFormat\": \"dd.MM.yyyy\", \"ignore\": true"), Csv(["31.03.2024", "2024-03-31", "01.01.2000", "32.01.2000"]));

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBadDate, DiagnosticCodes.DataBadDate);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataBadDate, outcome.DataPath, 3, 1);
        Assert.AreEqual("Column 'X' expects a date (dd.MM.yyyy) but found '2024-03-31'.", outcome.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataBadDate, outcome.DataPath, 5, 1);
    }

    [TestMethod]
    public void DateColumnIsAFeature()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"date\""), Csv(["2024-03-31", "2024-04-01"]));
        CollectionAssert.AreEqual(new[] { "X" }, outcome.Result.Schema.Features.Select(f => f.Name).ToArray());
        Assert.IsTrue(outcome.Result.Passed);
    }

    /// <summary>A spec whose data is read as CSV with ';' between fields and numbers in de-DE.</summary>
    private static string German(string json) =>
        json.Replace("\"data\": \"data.csv\"", "\"data\": { \"path\": \"data.csv\", \"delimiter\": \";\", \"culture\": \"de-DE\" }", StringComparison.Ordinal);

    [TestMethod]
    public void NumbersAreReadInTheSourcesCulture()
    {
        using var folder = new TempFolder();
        var json = German(DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\", \"min\": 1000 },\n    \"Y\": { \"type\": \"number\" }"));

        var outcome = DataScans.Csv(folder, json, "X;Y\n1234,5;1,5\n2000;2\n999,9;3\n", collect: true);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 4, 1);
        Assert.AreEqual("Column 'X' must be at least 1000 but found 999.9.", outcome.Items[0].Message);
        var x = outcome.Result.Profile.Columns.Single(c => c.Name == "X");
        Assert.AreEqual((999.9, 2000.0, 3L), (x.Min, x.Max, x.Count));
        var y = outcome.Result.Profile.Columns.Single(c => c.Name == "Y");
        Assert.AreEqual((1.5, 3.0), (y.Min, y.Max), "the label is read in the source's culture too");
        var rows = outcome.Result.Data!.ToDataView([0, 1, 2]);
        var label = rows.GetColumn<float>(ColumnNames.Label).ToArray();
        CollectionAssert.AreEqual(new[] { 1.5f, 2f, 3f }, label, "and so is the training data");
    }

    [TestMethod]
    public void ThousandsSeparatorsOfTheSourcesCultureAreRead()
    {
        using var folder = new TempFolder();
        var json = German(DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\" }"));
        var outcome = DataScans.Csv(folder, json, "X;Y\n1.234,5;1\n2.000;2\n");
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        Assert.AreEqual(1234.5, outcome.Result.Profile.Columns.Single(c => c.Name == "X").Min);
    }

    [TestMethod]
    public void UndeclaredColumnsOfACultureSourceAreInferredAsNumbers()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, German(SpecText.Minimal("regression", "Y")), "X;Y\n1,5;1,5\n2,25;2,5\n1,5;3,5\n");
        Assert.AreEqual(ColumnType.Number, outcome.Result.Schema.Columns[0].Type);
    }

    [TestMethod]
    public void JsonNumbersAreNumbersWhateverTheSourcesCulture()
    {
        // 'culture' is for text files; JSON numbers are typed, so a de-DE culture does not turn 2.5 into 25.
        using var folder = new TempFolder();
        var json = DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\" }").Replace(
            "\"data\": \"data.csv\"", "\"data\": { \"path\": \"data.jsonl\", \"culture\": \"de-DE\" }", StringComparison.Ordinal);
        var outcome = DataScans.Csv(folder, json, "{\"X\": 1.5, \"Y\": 2}\n{\"X\": 2.5, \"Y\": 3.25}\n", dataFile: "data.jsonl");
        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        var x = outcome.Result.Profile.Columns.Single(c => c.Name == "X");
        Assert.AreEqual((1.5, 2.5), (x.Min, x.Max));
    }

    [TestMethod]
    public void EachSourceOfADataSetIsReadInItsOwnCulture()
    {
        using var folder = new TempFolder();
        folder.Write("german.csv", "X;Y\n1,5;1\n2,5;2\n");
        var english = folder.Write("english.csv", "X,Y\n3.5,3\n4.5,4\n");
        var json = DataScans.WithColumns("regression", "Y", "\"X\": { \"type\": \"number\" }").Replace(
            "\"data\": \"data.csv\"", "\"data\": [{ \"path\": \"german.csv\", \"delimiter\": \";\", \"culture\": \"de-DE\" }, \"english.csv\"]", StringComparison.Ordinal);

        var outcome = DataScans.Run(folder, json, english);

        Assert.IsEmpty(outcome.Items, DiagnosticAssert.Describe(outcome.Diagnostics));
        var x = outcome.Result.Profile.Columns.Single(c => c.Name == "X");
        Assert.AreEqual((1.5, 4.5, 4L), (x.Min, x.Max, x.Count));
    }

    [TestMethod]
    public void NumberInAnotherCultureIsMLB2005SayingWhichCultureWasExpected()
    {
        using var folder = new TempFolder();
        var outcome = DataScans.Csv(folder, Spec("\"type\": \"number\""), "X;Y\n\"1,5\";1\n".Replace(';', ','));
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        Assert.AreEqual("Column 'X' expects a number (declared; invariant culture, such as 12.5) but found '1,5'.", outcome.Items[0].Message);

        var german = Spec("\"type\": \"number\"").Replace("\"data\": \"data.csv\"", "\"data\": { \"path\": \"data.csv\", \"culture\": \"de-DE\" }", StringComparison.Ordinal);
        var other = DataScans.Csv(folder, german, "X,Y\n1.5x,1\n2,2\n");
        Assert.AreEqual("Column 'X' expects a number (declared; culture de-DE) but found '1.5x'.", DiagnosticAssert.Single(other.Diagnostics, DiagnosticCodes.DataTypeMismatch).Message);
    }
}
