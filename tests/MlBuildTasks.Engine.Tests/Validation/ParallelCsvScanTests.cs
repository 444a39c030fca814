using System.Globalization;
using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// A CSV file read as two halves at once (<see cref="MlBuildTasks.Engine.Validation.ParallelCsvScan"/>) gives what reading
/// it in order gives: the same check counts, the same cells listed in file order, the same errors, the same profile
/// (means and deviations to rounding). Where the file cannot be split safely (the middle inside a quoted value over
/// several lines, a lone carriage return) it is read in order, with the same results.
/// </summary>
[TestClass]
public sealed class ParallelCsvScanTests
{
    private const int Rows = 6_000;

    private static readonly string Spec = DataScans.WithColumns("binary-classification", "Y",
        "\"Id\": { \"type\": \"text\", \"unique\": true, \"regex\": \"^C\\\\d+$\" },\n" +
        "    \"Age\": { \"type\": \"number\", \"min\": 0, \"max\": 100, \"outliers\": \"iqr\" },\n" +
        "    \"Plan\": { \"type\": \"category\", \"required\": true, \"allowed\": [\"a\", \"b\", \"c\"] },\n" +
        "    \"Note\": { \"type\": \"text\" },\n" +
        "    \"Active\": { \"type\": \"boolean\" }",
        "\"checks\": { \"maxDuplicateRows\": 0.0001, \"minClassFraction\": 0.1 }");

    /// <summary>Data row <paramref name="i"/> (on line i + 1) as generated, before any failure is put in.</summary>
    private static string Row(int i) => string.Create(CultureInfo.InvariantCulture,
        $"C{i},{18 + i * 7 % 60}.{i % 10},{"abc"[i % 3]},note {i % 17},{(i % 4 == 0 ? "yes" : "no")},{(i % 3 == 0 ? "yes" : "no")}");

    /// <summary>
    /// Failing cells in both halves: type, max, min (second half only), required, allowed, regex; rows repeating earlier
    /// rows within each half and across the middle (also repeats of the unique Id).
    /// </summary>
    private static string FailingRow(int i) => i switch
    {
        1_500 => Row(1_000),
        5_000 => Row(4_000),
        4_500 => Row(1_700),
        5_999 => Row(2_100),
        _ when i % 397 == 0 => WithField(i, 1, "abc"),
        _ when i % 509 == 0 => WithField(i, 1, "150"),
        _ when i > 3_300 && i % 450 == 0 => WithField(i, 1, "-5"),
        _ when i % 251 == 0 => WithField(i, 2, ""),
        _ when i % 613 == 0 => WithField(i, 2, "z"),
        _ when i % 701 == 0 => WithField(i, 0, $"X{i}"),
        _ => Row(i),
    };

    private static string WithField(int i, int field, string value)
    {
        var fields = Row(i).Split(',');
        fields[field] = value;
        return string.Join(',', fields);
    }

    private static string Csv(Func<int, string> row, string lineEnd = "\n", int rows = Rows)
    {
        var text = new StringBuilder("Id,Age,Plan,Note,Active,Y").Append(lineEnd);
        for (var i = 1; i <= rows; i++) text.Append(row(i)).Append(lineEnd);
        return text.ToString();
    }

    private static (ScanOutcome InOrder, ScanOutcome InParts) ScanBothWays(TempFolder folder, string csv, int maxListed = 3, int? parts = null, int? threads = null)
    {
        var path = folder.Write("data.csv", csv);
        var inOrder = DataScans.Run(folder, Spec, path, maxListed, parallelScanMinBytes: long.MaxValue);
        var inParts = DataScans.Run(folder, Spec, path, maxListed, parallelScanMinBytes: 0, parallelScanParts: parts, parallelScanThreads: threads);
        Assert.AreEqual(1, inOrder.Result.PartsReadAtOnce);
        return (inOrder, inParts);
    }

    [TestMethod]
    public void TheFailingRowBuilderPutsEachFailureWhereItShould()
    {
        Assert.AreEqual("C397,abc,b,note 6,no,no", FailingRow(397));
        Assert.AreEqual("C509,150,c,note 16,no,no", FailingRow(509));
        Assert.AreEqual("C502,52.2,,note 9,no,no", FailingRow(502));
        Assert.AreEqual(Row(1_700), FailingRow(4_500));
    }

    [TestMethod]
    public void TwoHalvesGiveTheChecksCellsAndProfileOfOneReadInOrder()
    {
        using var folder = new TempFolder();
        var (inOrder, inParts) = ScanBothWays(folder, Csv(FailingRow));

        Assert.AreEqual(2, inParts.Result.PartsReadAtOnce, "a file with plain line ends is split at its middle");
        Assert.AreEqual(Rows, inParts.Result.Rows);
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts);
        AssertSameProfile(inOrder.Result.Profile, inParts.Result.Profile);
        Assert.IsFalse(inParts.Check("min", "Age").Passed, "failures only in the second half are counted");
        Assert.AreEqual(inOrder.Check("min", "Age").Failed, inParts.Check("min", "Age").Failed);
        Assert.IsGreaterThan(0L, inParts.Check("maxDuplicateRows", null).Failed);
    }

    [TestMethod]
    public void AFileReachedThroughASymbolicLinkIsMeasuredByWhatItLinksTo()
    {
        using var folder = new TempFolder();
        var target = folder.Write("store/real.csv", Csv(FailingRow));
        var link = folder.Combine("data.csv"); // the file the spec names
        File.CreateSymbolicLink(link, target);
        var size = new FileInfo(target).Length;
        Assert.IsLessThan(size, new FileInfo(link).Length, "FileInfo gives the link's own length, which must not be used");

        var inOrder = DataScans.Run(folder, Spec, link, 3, parallelScanMinBytes: long.MaxValue);
        var throughLink = DataScans.Run(folder, Spec, link, 3, parallelScanMinBytes: size);

        Assert.AreEqual(2, throughLink.Result.PartsReadAtOnce, "the linked file is as large as the threshold, so it is split");
        AssertSameChecks(inOrder, throughLink);
    }

    [TestMethod]
    public void TrainingDataReadInTwoHalvesHasEveryRowInFileOrder()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", Csv(FailingRow));
        var inOrder = DataScans.Run(folder, Spec, path, collect: true, parallelScanMinBytes: long.MaxValue);
        var inParts = DataScans.Run(folder, Spec, path, collect: true, parallelScanMinBytes: 0);

        Assert.AreEqual(2, inParts.Result.PartsReadAtOnce);
        var (expected, actual) = (inOrder.Result.Data!, inParts.Result.Data!);
        Assert.AreEqual(Rows, actual.RowCount);
        CollectionAssert.AreEqual(expected.Tags, actual.Tags, "rows in file order, each with its line");
        CollectionAssert.AreEqual(expected.RowHashes, actual.RowHashes);
        CollectionAssert.AreEqual(expected.Classes!.ToList(), actual.Classes!.ToList());
        var rows = Enumerable.Range(0, Rows).ToList();
        // Each scan parsed the spec itself: a column is asked of each data by its own schema's column.
        foreach (var (mine, theirs) in expected.Schema.Features.Zip(actual.Schema.Features))
        {
            var values = expected.NumbersOf(mine, rows)?.Select(n => n.ToString("R", CultureInfo.InvariantCulture)) ?? expected.TextsOf(mine, rows)!;
            var got = actual.NumbersOf(theirs, rows)?.Select(n => n.ToString("R", CultureInfo.InvariantCulture)) ?? actual.TextsOf(theirs, rows)!;
            CollectionAssert.AreEqual(values.ToList(), got.ToList(), mine.Name);
        }
    }

    [TestMethod]
    public void AUniqueValueRepeatedAcrossTheMiddleIsListedAtItsCellWithTheLineItFirstAppearedOn()
    {
        using var folder = new TempFolder();
        var (inOrder, inParts) = ScanBothWays(folder, Csv(FailingRow), maxListed: 50);

        var unique = inParts.Items.Where(d => d.Code == DiagnosticCodes.DataNotUnique && d.Line == 4_501).ToList();
        Assert.HasCount(1, unique, "row 4,500 repeats row 1,700, which is in the first half");
        Assert.AreEqual("Column 'Id' must be unique but the value here is already on line 1701.", unique[0].Message);
        Assert.AreEqual(inOrder.Check("unique", "Id").Failed, inParts.Check("unique", "Id").Failed);
        Assert.AreEqual(4L, inParts.Check("unique", "Id").Failed, "rows 1,500, 4,500, 5,000 and 5,999 repeat earlier ids");
    }

    [TestMethod]
    public void CarriageReturnLineFeedFilesAreSplitToo()
    {
        using var folder = new TempFolder();
        var (inOrder, inParts) = ScanBothWays(folder, Csv(FailingRow, "\r\n"));

        Assert.AreEqual(2, inParts.Result.PartsReadAtOnce);
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts);
        AssertSameProfile(inOrder.Result.Profile, inParts.Result.Profile);
    }

    [TestMethod]
    public void AQuotedValueOverTheMiddleMakesTheFileBeReadInOrder()
    {
        using var folder = new TempFolder();
        // Row 3,000's note has 4,000 lines: the middle of the file falls inside it.
        var longNote = "\"" + string.Join('\n', Enumerable.Range(1, 4_000).Select(i => $"part {i}, still the note")) + "\"";
        var csv = Csv(i => i == 3_000 ? $"C3000,40,a,{longNote},yes,no" : FailingRow(i));
        var middle = Encoding.UTF8.GetByteCount(csv) / 2;
        Assert.IsTrue(middle > csv.IndexOf(longNote, StringComparison.Ordinal) && middle < csv.IndexOf(longNote, StringComparison.Ordinal) + longNote.Length);

        var (inOrder, inParts) = ScanBothWays(folder, csv);

        Assert.AreEqual(1, inParts.Result.PartsReadAtOnce, "the second half would have started inside the quoted value");
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts, uniqueToo: true);
        Assert.AreEqual(JsonSerializer.Serialize(inOrder.Result.Profile), JsonSerializer.Serialize(inParts.Result.Profile));
    }

    [TestMethod]
    public void ALoneCarriageReturnBeforeTheMiddleMakesTheFileBeReadInOrder()
    {
        using var folder = new TempFolder();
        var csv = Csv(i => i == 10 ? "C10,30,a,\"one\rtwo\",no,no" : FailingRow(i));

        var (inOrder, inParts) = ScanBothWays(folder, csv);

        Assert.AreEqual(1, inParts.Result.PartsReadAtOnce, "line numbers would not say where records start");
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts, uniqueToo: true);
    }

    [TestMethod]
    public void AMalformedRowInTheSecondHalfIsTheSameErrorAtTheSameLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", Csv(i => i == 5_200 ? Row(i) + ",extra" : Row(i)));

        var inOrder = Assert.ThrowsExactly<MlBuildException>(() => DataScans.Run(folder, Spec, path, parallelScanMinBytes: long.MaxValue));
        var inParts = Assert.ThrowsExactly<MlBuildException>(() => DataScans.Run(folder, Spec, path, parallelScanMinBytes: 0));

        Assert.AreEqual(DiagnosticCodes.DataMalformed, inParts.Diagnostic.Code);
        Assert.AreEqual(5_201, inParts.Diagnostic.Line);
        Assert.AreEqual(Describe(inOrder.Diagnostic), Describe(inParts.Diagnostic));
    }

    [TestMethod]
    public void WithMalformedRowsInBothHalvesTheFirstHalfsErrorIsReported()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", Csv(i => i is 800 or 5_200 ? Row(i) + ",extra" : Row(i)));

        var error = Assert.ThrowsExactly<MlBuildException>(() => DataScans.Run(folder, Spec, path, parallelScanMinBytes: 0));

        Assert.AreEqual((DiagnosticCodes.DataMalformed, 801), (error.Diagnostic.Code, error.Diagnostic.Line));
    }

    [TestMethod]
    public void BlankLinesAroundTheMiddleChangeNothing()
    {
        using var folder = new TempFolder();
        var csv = Csv(i => i is >= 2_950 and <= 3_050 && i % 2 == 0 ? FailingRow(i) + "\n" : FailingRow(i));

        var (inOrder, inParts) = ScanBothWays(folder, csv);

        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts);
        Assert.AreEqual(Rows, inParts.Result.Rows);
    }

    [TestMethod]
    [DataRow(7, null)]
    [DataRow(50, null)]
    [DataRow(7, 1)]
    [DataRow(1, null)]
    public void ManyPartsGiveTheChecksCellsProfileAndTrainingRowsOfOneReadInOrder(int parts, int? threads)
    {
        using var folder = new TempFolder();
        var (inOrder, inParts) = ScanBothWays(folder, Csv(FailingRow), maxListed: 50, parts: parts, threads: threads);

        Assert.AreEqual(parts, inParts.Result.PartsReadAtOnce);
        Assert.AreEqual(Rows, inParts.Result.Rows);
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts, uniqueToo: parts == 1); // one part is a read in order, to the word
        AssertSameProfile(inOrder.Result.Profile, inParts.Result.Profile);
        var unique = inParts.Items.Single(d => d.Code == DiagnosticCodes.DataNotUnique && d.Line == 4_501);
        if (parts > 1) Assert.AreEqual("Column 'Id' must be unique but the value here is already on line 1701.", unique.Message);

        var path = folder.Combine("data.csv");
        var expected = DataScans.Run(folder, Spec, path, collect: true, parallelScanMinBytes: long.MaxValue).Result.Data!;
        var actual = DataScans.Run(folder, Spec, path, collect: true, parallelScanMinBytes: 0, parallelScanParts: parts, parallelScanThreads: threads).Result.Data!;
        CollectionAssert.AreEqual(expected.Tags, actual.Tags, "rows in file order, each with its line");
        CollectionAssert.AreEqual(expected.RowHashes, actual.RowHashes);
    }

    [TestMethod]
    [DataRow(32L << 20, 2)]
    [DataRow(1600L << 20, 2)]
    [DataRow((2L << 30) - 1, 2)]
    [DataRow(2L << 30, 4)]
    [DataRow(3L << 30, 4)]
    [DataRow(4L << 30, 8)]
    [DataRow(100L << 30, 8)]
    public void APartCountIsAPowerOfTwoByTheFilesSizeAlone(long bytes, int parts) =>
        Assert.AreEqual(parts, MlBuildTasks.Engine.Validation.ParallelCsvScan.PartsFor(bytes));

    [TestMethod]
    public void AQuotedValueOverALaterPartsStartKeepsThePartsBeforeIt()
    {
        using var folder = new TempFolder();
        // Row 4,000's note has 3,000 lines; the fifth of seven parts would start inside it.
        var longNote = "\"" + string.Join('\n', Enumerable.Range(1, 3_000).Select(i => $"part {i}, still the note")) + "\"";
        var csv = Csv(i => i == 4_000 ? $"C4000,40,a,{longNote},yes,no" : FailingRow(i));
        var (noteStarts, noteEnds) = (csv.IndexOf(longNote, StringComparison.Ordinal), csv.IndexOf(longNote, StringComparison.Ordinal) + longNote.Length);
        var fifthPartTarget = Encoding.UTF8.GetByteCount(csv) / 7 * 4;
        Assert.IsTrue(fifthPartTarget > noteStarts && fifthPartTarget < noteEnds && Encoding.UTF8.GetByteCount(csv) / 7 * 3 < noteStarts);

        var (inOrder, inParts) = ScanBothWays(folder, csv, parts: 7);

        Assert.AreEqual(4, inParts.Result.PartsReadAtOnce, "the first four parts are merged, the fourth's reader reads on");
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts);
        AssertSameProfile(inOrder.Result.Profile, inParts.Result.Profile);
    }

    [TestMethod]
    public void AMalformedRowAfterALaterPartsWrongStartIsTheSameErrorAtTheSameLine()
    {
        using var folder = new TempFolder();
        var longNote = "\"" + string.Join('\n', Enumerable.Range(1, 3_000).Select(i => $"part {i}, still the note")) + "\"";
        var path = folder.Write("data.csv", Csv(i => i == 4_000 ? $"C4000,40,a,{longNote},yes,no" : i == 5_500 ? Row(i) + ",extra" : Row(i)));

        var inOrder = Assert.ThrowsExactly<MlBuildException>(() => DataScans.Run(folder, Spec, path, parallelScanMinBytes: long.MaxValue));
        var inParts = Assert.ThrowsExactly<MlBuildException>(() => DataScans.Run(folder, Spec, path, parallelScanMinBytes: 0, parallelScanParts: 7));

        Assert.AreEqual(Describe(inOrder.Diagnostic), Describe(inParts.Diagnostic), "found by the fourth part's reader reading on");
        Assert.AreEqual(DiagnosticCodes.DataMalformed, inParts.Diagnostic.Code);
    }

    [TestMethod]
    public void ALoneCarriageReturnInALaterPartEndsThePartsThere()
    {
        using var folder = new TempFolder();
        var csv = Csv(i => i == 3_000 ? "C3000,30,a,\"one\rtwo\",no,no" : FailingRow(i));
        var (third, fourth) = (Encoding.UTF8.GetByteCount(csv) / 7 * 3, Encoding.UTF8.GetByteCount(csv) / 7 * 4);
        Assert.IsTrue(csv.IndexOf("one\rtwo", StringComparison.Ordinal) is var at && at > third + 100 && at < fourth);

        var (inOrder, inParts) = ScanBothWays(folder, csv, parts: 7);

        Assert.AreEqual(4, inParts.Result.PartsReadAtOnce, "no part starts after the lone CR: the fourth reads on to the end");
        AssertSameChecks(inOrder, inParts);
        AssertSameDiagnostics(inOrder, inParts);
        AssertSameProfile(inOrder.Result.Profile, inParts.Result.Profile);
    }

    [TestMethod]
    public void WithMalformedRowsInSeveralPartsTheFirstInFileOrderIsReported()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", Csv(i => i is 2_600 or 3_900 or 5_800 ? Row(i) + ",extra" : Row(i)));

        var error = Assert.ThrowsExactly<MlBuildException>(() => DataScans.Run(folder, Spec, path, parallelScanMinBytes: 0, parallelScanParts: 7));

        Assert.AreEqual((DiagnosticCodes.DataMalformed, 2_601), (error.Diagnostic.Code, error.Diagnostic.Line));
    }

    private static void AssertSameChecks(ScanOutcome expected, ScanOutcome actual) =>
        CollectionAssert.AreEqual(
            expected.Result.Checks.Select(c => $"{c.Check} {c.Column} {c.Severity} {c.Evaluated} {c.Failed} {c.Passed} {c.Detail}").ToList(),
            actual.Result.Checks.Select(c => $"{c.Check} {c.Column} {c.Severity} {c.Evaluated} {c.Failed} {c.Passed} {c.Detail}").ToList());

    /// <summary>
    /// Every diagnostic at the same place with the same code; the same message too, except (unless <paramref name="uniqueToo"/>)
    /// a unique column's repeat, which names the first line of the value when the two halves meet rather than the value.
    /// </summary>
    private static void AssertSameDiagnostics(ScanOutcome expected, ScanOutcome actual, bool uniqueToo = false)
    {
        string Key(Diagnostic d) => uniqueToo || d.Code != DiagnosticCodes.DataNotUnique || d.Message.Contains(" more value", StringComparison.Ordinal)
            ? Describe(d) : $"{d.Code} {d.Severity} {d.File}({d.Line},{d.Column})";
        CollectionAssert.AreEqual(expected.Items.Select(Key).ToList(), actual.Items.Select(Key).ToList());
    }

    private static string Describe(Diagnostic d) => $"{d.Code} {d.Severity} {d.File}({d.Line},{d.Column}) {d.Message}";

    /// <summary>Every profile value equal, but means and standard deviations, which are summed in another order, to rounding.</summary>
    private static void AssertSameProfile(ProfileDocument expected, ProfileDocument actual)
    {
        Assert.AreEqual(expected.Rows, actual.Rows);
        Assert.HasCount(expected.Columns.Count, actual.Columns);
        foreach (var (e, a) in expected.Columns.Zip(actual.Columns))
        {
            Assert.AreEqual(JsonSerializer.Serialize(e with { Mean = null, StdDev = null }), JsonSerializer.Serialize(a with { Mean = null, StdDev = null }), e.Name);
            AssertClose(e.Mean, a.Mean, e.Name);
            AssertClose(e.StdDev, a.StdDev, e.Name);
        }
    }

    private static void AssertClose(double? expected, double? actual, string column)
    {
        Assert.AreEqual(expected is null, actual is null, column);
        if (expected is { } e) Assert.AreEqual(e, actual!.Value, Math.Abs(e) * 1e-12 + 1e-12, column);
    }
}
