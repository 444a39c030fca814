using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// <see cref="MlBuildTasks.Engine.Validation.DataScan"/> over data of several batches (<see cref="RowBatch.DefaultCapacity"/>
/// rows each): failing cells far into the file at their exact line and character column, exact counts, and a
/// malformed row ending the scan with its MLB2004.
/// </summary>
[TestClass]
public sealed class BatchedScanTests
{
    private const int Rows = 5_000;

    /// <summary>Every column declared (nothing inferred: the batched pass is the first to read the rows), label "Y".</summary>
    private static readonly string Spec = DataScans.WithColumns("regression", "Y",
        "\"Id\": { \"type\": \"number\" },\n    \"Note\": { \"type\": \"text\" },\n    \"N\": { \"type\": \"number\", \"min\": 0 },\n    \"Code\": { \"type\": \"text\", \"regex\": \"^C\\\\d+$\" }");

    /// <summary>
    /// "Id,Note,N,Code,Y" rows 1..<see cref="Rows"/> (data row i on line i + 1), every one passing, except where
    /// <paramref name="replace"/> gives a row's line.
    /// </summary>
    private static string Csv(Func<int, string?>? replace = null, int rows = Rows)
    {
        var text = new StringBuilder("Id,Note,N,Code,Y\n");
        for (var i = 1; i <= rows; i++)
        {
            var line = replace?.Invoke(i) ?? string.Create(CultureInfo.InvariantCulture, $"{i},note {i % 13},{i % 100}.5,C{i},{i % 7}");
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    [TestMethod]
    public void TheDataSpansSeveralBatches() => Assert.IsGreaterThan(4 * RowBatch.DefaultCapacity, Rows);

    [TestMethod]
    public void ABadNumberFarIntoTheFileIsReportedAtItsLineAndColumn()
    {
        using var folder = new TempFolder();
        var csv = Csv(i => i == 3_500 ? "3500,\"say \"\"hi\"\", twice\",abc,C3500,1" : null);
        var outcome = DataScans.Csv(folder, Spec, csv);

        Assert.AreEqual(Rows, outcome.Result.Rows);
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataTypeMismatch);
        var (line, column) = TextPosition.Of(csv, 3_501, ",abc,");
        Assert.AreEqual(3_501, line);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataTypeMismatch, outcome.DataPath, 3_501, column + 1);
        Assert.AreEqual("Column 'N' expects a number (declared; invariant culture, such as 12.5) but found 'abc'.", outcome.Items[0].Message);

        var type = outcome.Check("type", "N");
        Assert.AreEqual((5_000L, 1L, false), (type.Evaluated, type.Failed, type.Passed));
        var min = outcome.Check("min", "N");
        Assert.AreEqual((4_999L, 0L, true), (min.Evaluated, min.Failed, min.Passed), "the value that is not a number is not compared");
    }

    [TestMethod]
    public void AFailingRegexOnAQuotedValueWithDoubledQuotesIsReportedAtThatCell()
    {
        using var folder = new TempFolder();
        // Failures at the last row of the first batch, the first of the second, and a quoted value later on.
        var csv = Csv(i => i switch
        {
            1_024 => "1024,n,1,X1024,1",
            1_025 => "1025,n,1,C10x25,1",
            2_700 => "2700,\"x, \"\"y\"\"\",2,\"a \"\"b\"\" c\",3",
            _ => null,
        });
        var outcome = DataScans.Csv(folder, Spec, csv);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataRegexMismatch, DiagnosticCodes.DataRegexMismatch, DiagnosticCodes.DataRegexMismatch);
        DiagnosticAssert.IsError(outcome.Items[0], DiagnosticCodes.DataRegexMismatch, outcome.DataPath, 1_025, TextPosition.Of(csv, 1_025, "X1024").Column);
        Assert.AreEqual("Column 'Code' must match /^C\\d+$/ but found 'X1024'.", outcome.Items[0].Message);
        DiagnosticAssert.IsError(outcome.Items[1], DiagnosticCodes.DataRegexMismatch, outcome.DataPath, 1_026, TextPosition.Of(csv, 1_026, "C10x25").Column);
        var quoted = TextPosition.Of(csv, 2_701, "\"a \"\"b\"\" c\"");
        Assert.AreEqual(19, quoted.Column, "after '2700,\"x, \"\"y\"\"\",2,'");
        DiagnosticAssert.IsError(outcome.Items[2], DiagnosticCodes.DataRegexMismatch, outcome.DataPath, 2_701, quoted.Column);
        Assert.AreEqual("Column 'Code' must match /^C\\d+$/ but found 'a \"b\" c'.", outcome.Items[2].Message);

        var regex = outcome.Check("regex", "Code");
        Assert.AreEqual((5_000L, 3L, false), (regex.Evaluated, regex.Failed, regex.Passed));
        Assert.AreEqual(0L, outcome.Check("type", "N").Failed);
    }

    [TestMethod]
    public void CountsOverManyBatchesAreExact()
    {
        using var folder = new TempFolder();
        // Every 7th N below the minimum, every 500th missing.
        var csv = Csv(i => i % 500 == 0 ? $"{i},n,,C{i},1" : i % 7 == 0 ? $"{i},n,-{i},C{i},1" : null);
        var outcome = DataScans.Csv(folder, Spec, csv, maxListed: 2);

        var missing = Rows / 500;
        var below = Enumerable.Range(1, Rows).Count(i => i % 500 != 0 && i % 7 == 0);
        var min = outcome.Check("min", "N");
        Assert.AreEqual(((long)(Rows - missing), (long)below), (min.Evaluated, min.Failed));
        var type = outcome.Check("type", "N");
        Assert.AreEqual(((long)(Rows - missing), 0L), (type.Evaluated, type.Failed));
        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin, DiagnosticCodes.DataBelowMin);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 8, TextPosition.Of(csv, 8, "-7").Column);
        DiagnosticAssert.At(outcome.Items[1], outcome.DataPath, 15, TextPosition.Of(csv, 15, "-14").Column);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{below - 2} more value(s) fail this check ({below} of {Rows - missing},"), outcome.Items[2].Message);
    }

    [TestMethod]
    public void ARepeatedRowInALaterBatchIsFoundAtItsLine()
    {
        using var folder = new TempFolder();
        var spec = DataScans.WithColumns("regression", "Y", "\"Id\": { \"type\": \"number\" },\n    \"Note\": { \"type\": \"text\" },\n    \"N\": { \"type\": \"number\" },\n    \"Code\": { \"type\": \"text\" }",
            more: "\"checks\": { \"maxDuplicateRows\": 0 }");
        var csv = Csv(i => i == 3_000 ? Csv(rows: 10).Split('\n')[10] : null); // line 3,001 repeats line 11 (data row 10)

        var outcome = DataScans.Csv(folder, spec, csv);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataDuplicateRows);
        DiagnosticAssert.At(outcome.Items[0], outcome.DataPath, 3_001, 1);
        var check = outcome.Check("maxDuplicateRows", null);
        Assert.AreEqual((5_000L, 1L, false), (check.Evaluated, check.Failed, check.Passed));
    }

    /// <summary>A regression spec predicting "Y" from the files "parts/*.csv", with <c>maxDuplicateRows</c> 0.</summary>
    private static string PartsSpec() =>
        SpecText.Minimal("regression", "Y", more: "\"checks\": { \"maxDuplicateRows\": 0 }").Replace("\"data.csv\"", "\"parts/*.csv\"", StringComparison.Ordinal);

    [TestMethod]
    public void ARowRepeatedWithinTheSecondOfTwoFilesIsFound()
    {
        using var folder = new TempFolder();
        folder.Write("parts/a.csv", "X,Y\n1,1\n2,2\n3,3\n");
        var second = folder.Write("parts/b.csv", "X,Y\n4,4\n5,5\n4,4\n");

        var outcome = DataScans.Run(folder, PartsSpec(), second);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataDuplicateRows);
        DiagnosticAssert.At(outcome.Items[0], second, 4, 1);
        Assert.AreEqual((6L, 1L), (outcome.Check("maxDuplicateRows", null).Evaluated, outcome.Check("maxDuplicateRows", null).Failed));
    }

    [TestMethod]
    public void ARowOfTheFirstFileRepeatedExactlyInTheSecondIsFound()
    {
        using var folder = new TempFolder();
        folder.Write("parts/a.csv", "X,Y\n1,1\n2,2\n3,3\n");
        // Line 3 of b.csv is written exactly as line 3 of a.csv. The first file's rows reach the batch as CSV records
        // (CsvRowReader.CopyRowTo), the second's value by value (ConcatenatedRowReader, RowBatch.Add): the same row
        // must hash the same either way.
        var second = folder.Write("parts/b.csv", "X,Y\n4,4\n2,2\n");

        var outcome = DataScans.Run(folder, PartsSpec(), second);

        DiagnosticAssert.Codes(outcome.Diagnostics, DiagnosticCodes.DataDuplicateRows);
        DiagnosticAssert.At(outcome.Items[0], second, 3, 1);
        Assert.AreEqual((5L, 1L), (outcome.Check("maxDuplicateRows", null).Evaluated, outcome.Check("maxDuplicateRows", null).Failed));
    }

    /// <summary>Scans <paramref name="csv"/>, failing the test if the scan does not end within 30 s; the MLB2004 it must throw.</summary>
    private static async Task<Diagnostic> FailsWithinAsync(TempFolder folder, string csv)
    {
        var scan = Task.Run(() => DataScans.Csv(folder, Spec, csv));
        var finished = await Task.WhenAny(scan, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.AreSame(scan, finished, "the scan did not end");
        return DiagnosticAssert.Throws(() => scan.GetAwaiter().GetResult(), DiagnosticCodes.DataMalformed);
    }

    [TestMethod]
    public async Task AMalformedRowFarIntoTheFileIsMLB2004AtItsLine()
    {
        using var folder = new TempFolder();
        var csv = Csv(i => i == 4_000 ? "4000,n,1,C4000,1,extra" : null);

        var error = await FailsWithinAsync(folder, csv);
        DiagnosticAssert.At(error, folder.Combine("data.csv"), 4_001, TextPosition.Of(csv, 4_001, "extra").Column);
        Assert.Contains("Row has 6 field(s) but the header has 5", error.Message);
    }

    [TestMethod]
    public async Task ARowWithTooFewFieldsAtTheStartOfABatchIsMLB2004AtItsLine()
    {
        using var folder = new TempFolder();
        var csv = Csv(i => i == 2 * RowBatch.DefaultCapacity + 1 ? "2049,n,1,C2049" : null);

        var error = await FailsWithinAsync(folder, csv);
        DiagnosticAssert.At(error, folder.Combine("data.csv"), 2_050, "2049,n,1,C2049".Length + 1);
        Assert.Contains("Row has 4 field(s) but the header has 5", error.Message);
    }
}
