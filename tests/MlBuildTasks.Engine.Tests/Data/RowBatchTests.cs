using System.Globalization;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data;

/// <summary>
/// <see cref="RowBatch"/>: rows written as a record's text with values as places in it, or value by value; read back
/// by cell or by column; missing and empty told apart; parsed numbers per batch; row hashes.
/// </summary>
[TestClass]
public sealed class RowBatchTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Every cell of a row as text, "&lt;missing&gt;" where missing, read both by cell and by column (which must agree).</summary>
    private static string[] Row(RowBatch batch, int row)
    {
        var cells = new string[batch.ColumnCount];
        for (var c = 0; c < batch.ColumnCount; c++)
        {
            var column = batch.Column(c);
            Assert.AreEqual(batch.Count, column.Count);
            Assert.AreEqual(batch.IsMissing(c, row), column.IsMissing(row), $"IsMissing of ({c},{row})");
            Assert.AreEqual(batch.Value(c, row).ToString(), column[row].ToString(), $"Value of ({c},{row})");
            cells[c] = batch.IsMissing(c, row) ? "<missing>" : batch.Value(c, row).ToString();
        }

        return cells;
    }

    /// <summary>Writes a row without a record: each value is copied.</summary>
    private static void AddValues(RowBatch batch, long tag, params string?[] values)
    {
        var row = batch.BeginRow(default);
        for (var c = 0; c < values.Length; c++)
        {
            if (values[c] is { } value) row.Set(c, value);
            else row.SetMissing(c);
        }

        row.End(Invariant, tag);
    }

    [TestMethod]
    public void ValuesThatAreSlicesOfTheRecordComeBackAsTheyWereSet()
    {
        var batch = new RowBatch(4);
        var record = "  Ada , 36,,x\r\n".ToCharArray();
        var text = record.AsSpan();

        var row = batch.BeginRow(text);
        row.Set(0, text.Slice(2, 3)); // "Ada"
        row.Set(1, text.Slice(8, 2)); // "36"
        row.SetMissing(2);
        row.Set(3, text.Slice(12, 1)); // "x", the last character before the line end
        row.End(Invariant, tag: 77);

        Array.Fill(record, '#'); // the batch holds a copy: the reader's buffer moves on
        Assert.AreEqual(1, batch.Count);
        CollectionAssert.AreEqual(new[] { "Ada", "36", "<missing>", "x" }, Row(batch, 0));
        Assert.AreEqual(77L, batch.Tags[0]);
        Assert.AreSame(Invariant, batch.Culture(0));
    }

    [TestMethod]
    public void AValueFromOutsideTheRecordIsCopied()
    {
        var batch = new RowBatch(3);
        var record = "1,\"a \"\"b\"\" c\",2\n";
        // What a CSV parser hands out for the quoted field: its unescaped text, in a buffer of its own.
        var unescaped = "a \"b\" c".ToCharArray();

        var row = batch.BeginRow(record);
        row.Set(0, record.AsSpan(0, 1));
        row.Set(1, unescaped);
        row.Set(2, record.AsSpan(record.Length - 2, 1));
        row.End(Invariant, 1);

        Array.Fill(unescaped, '#');
        CollectionAssert.AreEqual(new[] { "1", "a \"b\" c", "2" }, Row(batch, 0));
    }

    [TestMethod]
    public void AValueOverlappingTheRecordButRunningPastItsEndIsCopied()
    {
        var batch = new RowBatch(2);
        var buffer = "ab\r\nnext".ToCharArray();
        var record = buffer.AsSpan(0, 4); // "ab\r\n": the batch keeps "ab"

        var row = batch.BeginRow(record);
        row.Set(0, buffer.AsSpan(0, 1)); // "a": inside
        row.Set(1, buffer.AsSpan(1, 4)); // "b\r\nn": starts inside, ends past the trimmed record
        row.End(Invariant, 1);

        Array.Fill(buffer, '#');
        CollectionAssert.AreEqual(new[] { "a", "b\r\nn" }, Row(batch, 0));
    }

    [TestMethod]
    public void AValueStartingBeforeTheRecordIsCopied()
    {
        var batch = new RowBatch(1);
        var buffer = "xyz,abc".ToCharArray();

        var row = batch.BeginRow(buffer.AsSpan(4));
        row.Set(0, buffer.AsSpan(2, 3)); // "z,a": starts before the record
        row.End(Invariant, 1);

        Array.Fill(buffer, '#');
        CollectionAssert.AreEqual(new[] { "z,a" }, Row(batch, 0));
    }

    [TestMethod]
    public void MissingAndPresentButEmptyAreToldApart()
    {
        var batch = new RowBatch(3);
        AddValues(batch, 1, null, "", "v");

        Assert.IsTrue(batch.IsMissing(0, 0));
        Assert.IsFalse(batch.IsMissing(1, 0), "a present empty value (a JSON \"\") is not missing");
        Assert.IsFalse(batch.IsMissing(2, 0));
        Assert.AreEqual(0, batch.Value(0, 0).Length);
        Assert.AreEqual(0, batch.Value(1, 0).Length);
        Assert.IsTrue(batch.Column(0).IsMissing(0));
        Assert.IsFalse(batch.Column(1).IsMissing(0));
        Assert.AreEqual("v", batch.Column(2)[0].ToString());
    }

    [TestMethod]
    public void RowsOneAfterAnotherKeepTheirOwnValuesAsTheBufferGrows()
    {
        // 1,024 rows of about 130 characters: more than the batch's first 64K characters.
        var batch = new RowBatch(3);
        var expected = new List<string[]>();
        for (var i = 0; i < batch.Capacity; i++)
        {
            var first = i.ToString(Invariant);
            var second = new string((char)('a' + i % 26), 60 + i % 7);
            var third = i % 5 == 0 ? null : "q\"" + i.ToString(Invariant) + "\"";
            var record = $"{first},{second},x\n";
            var row = batch.BeginRow(record);
            row.Set(0, record.AsSpan(0, first.Length));
            row.Set(1, record.AsSpan(first.Length + 1, second.Length));
            if (third is null) row.SetMissing(2);
            else row.Set(2, third); // copied, after the record
            row.End(Invariant, i);
            expected.Add([first, second, third ?? "<missing>"]);
        }

        Assert.IsTrue(batch.IsFull);
        for (var i = 0; i < batch.Count; i++) CollectionAssert.AreEqual(expected[i], Row(batch, i), $"row {i}");
        CollectionAssert.AreEqual(Enumerable.Range(0, batch.Capacity).Select(i => (long)i).ToArray(), batch.Tags);
    }

    [TestMethod]
    public void IsFullAfterCapacityRowsAndEmptyAgainAfterClear()
    {
        var batch = new RowBatch(1, capacity: 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.IsFalse(batch.IsFull, $"after {i} rows");
            AddValues(batch, i, "v" + i.ToString(Invariant));
        }

        Assert.IsTrue(batch.IsFull);
        Assert.AreEqual(4, batch.Count);
        Assert.AreEqual(4, batch.Column(0).Count);

        batch.Clear();
        Assert.IsFalse(batch.IsFull);
        Assert.AreEqual(0, batch.Count);
        Assert.AreEqual(0, batch.Column(0).Count);
        AddValues(batch, 9, "again");
        CollectionAssert.AreEqual(new[] { "again" }, Row(batch, 0));
        Assert.AreEqual(9L, batch.Tags[0]);
    }

    [TestMethod]
    public void ABatchWithAMillionCharactersIsFullBeforeItsRowCount()
    {
        var batch = new RowBatch(1, capacity: 1024);
        AddValues(batch, 1, "short");
        Assert.IsFalse(batch.IsFull);
        var huge = new string('z', 1 << 20);
        AddValues(batch, 2, huge);

        Assert.AreEqual(2, batch.Count);
        Assert.IsTrue(batch.IsFull, "a 1 MB field ends the batch");
        Assert.AreEqual(huge, batch.Value(0, 1).ToString());
        Assert.AreEqual("short", batch.Value(0, 0).ToString());
    }

    [TestMethod]
    public void ParsedNumbersAreNullUntilACheckAsksForNumbersSinceTheLastClear()
    {
        var batch = new RowBatch(2, capacity: 8);
        AddValues(batch, 1, "1.5", "x");
        Assert.IsNull(batch.ParsedNumbers(0));
        Assert.IsNull(batch.ParsedNumbers(1));

        var numbers = batch.Numbers(0);
        Assert.HasCount(batch.Capacity, numbers);
        numbers[0] = 1.5;
        Assert.AreSame(numbers, batch.ParsedNumbers(0));
        Assert.IsNull(batch.ParsedNumbers(1), "only the column asked for");
        Assert.AreSame(numbers, batch.Numbers(0), "asked again: the same place");

        batch.Clear();
        Assert.IsNull(batch.ParsedNumbers(0), "numbers of the previous rows are not this batch's");
        Assert.AreSame(numbers, batch.Numbers(0), "the array is reused");
        Assert.AreSame(numbers, batch.ParsedNumbers(0));
    }

    [TestMethod]
    public void RowsWithTheSameValuesHashTheSame()
    {
        var batch = new RowBatch(3);
        string[] records = ["1,abc,x\n", "2,abc,x\n", "1,abc,x\n", "1,\"abc\",x\r\n"];
        foreach (var record in records)
        {
            var row = batch.BeginRow(record);
            var quoted = record.Contains('"');
            row.Set(0, record.AsSpan(0, 1));
            row.Set(1, record.AsSpan(quoted ? 3 : 2, 3));
            row.Set(2, record.AsSpan(quoted ? 8 : 6, 1));
            row.End(Invariant, 0);
        }

        var hashes = Hashes(batch);
        Assert.AreEqual(hashes[0], hashes[2]);
        Assert.AreEqual(hashes[0], hashes[3], "quoting and the line end are not part of the values");
        Assert.AreNotEqual(hashes[0], hashes[1]);
    }

    private static ulong[] Hashes(RowBatch batch)
    {
        var hashes = new ulong[batch.Count];
        batch.HashRows(hashes);
        return hashes;
    }

    [TestMethod]
    public void RowHashesUseTheCategoryKeysAndNumbersTheChecksLeft()
    {
        var batch = new RowBatch(3);
        AddValues(batch, 1, "basic", "1.0", "x");
        AddValues(batch, 2, "basic", "1", "x");
        AddValues(batch, 3, "premium", "1", "x");
        AddValues(batch, 4, "basic", "2", "x");
        AddValues(batch, 5, "basic", "oops", "x");
        AddValues(batch, 6, "basic", "oops", "x");
        var keys = batch.CategoryKeys(0);
        var (basic, premium) = (RowHash.KeyOf("basic"), RowHash.KeyOf("premium"));
        (keys[0], keys[1], keys[2], keys[3], keys[4], keys[5]) = (basic, basic, premium, basic, basic, 0);
        var numbers = batch.Numbers(1);
        (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]) = (1, 1, 1, 2, double.NaN, double.NaN);

        var hashes = Hashes(batch);
        Assert.AreEqual(hashes[0], hashes[1], "1.0 and 1 are the same number");
        Assert.AreNotEqual(hashes[1], hashes[2], "another category");
        Assert.AreNotEqual(hashes[1], hashes[3], "another number");
        Assert.AreEqual(hashes[4], hashes[5], "a value that is not a number is hashed as text; a category without a key (0) by its text, as its key would");
        Assert.AreNotEqual(hashes[1], hashes[4]);

        batch.Clear();
        AddValues(batch, 7, "basic", "1.0", "x");
        Assert.AreNotEqual(hashes[1], Hashes(batch)[0], "after Clear the numbers of the last fill are not used: the text 1.0 is hashed");
    }

    [TestMethod]
    public void ACategorysKeyHashesAsItsTextWould() =>
        Assert.AreEqual(RowHash.Append(RowHash.Start, "premium"), RowHash.AppendKey(RowHash.Start, RowHash.KeyOf("premium")));

    [TestMethod]
    public void ValuesSplitDifferentlyHashDifferentlyWithoutARecord()
    {
        var batch = new RowBatch(2);
        AddValues(batch, 1, "ab", "c");
        AddValues(batch, 2, "a", "bc");
        AddValues(batch, 3, "ab", "c");
        AddValues(batch, 4, "abc", null);
        AddValues(batch, 5, "abc", "");

        var hashes = Hashes(batch);
        Assert.AreNotEqual(hashes[0], hashes[1], "(\"ab\",\"c\") and (\"a\",\"bc\")");
        Assert.AreEqual(hashes[0], hashes[2]);
        Assert.AreNotEqual(hashes[3], hashes[4], "missing and empty");
        Assert.AreNotEqual(hashes[0], hashes[3]);
        Assert.AreEqual(4, hashes.Take(5).Distinct().Count());
    }

    [TestMethod]
    public void AHashOfARowDoesNotDependOnTheRowsBeforeIt()
    {
        var first = new RowBatch(2);
        AddValues(first, 1, "x", "y");
        var second = new RowBatch(2);
        AddValues(second, 1, "something", "else");
        AddValues(second, 2, "x", "y");
        Assert.AreEqual(Hashes(first)[0], Hashes(second)[1]);
    }

    [TestMethod]
    public void AddCopiesAReadersRowTrimmedAndWithItsMissingValues()
    {
        using IRowReader reader = new FakeReader(["a", "b", "c"], [[" x ", null, "\tz"], ["", "  ", "w"]]);
        var batch = new RowBatch(3);
        while (reader.Read()) batch.Add(reader, reader.Line);

        Assert.AreEqual(2, batch.Count);
        CollectionAssert.AreEqual(new[] { "x", "<missing>", "z" }, Row(batch, 0));
        // The fake says "" and "  " are present (as a JSON "" is): present, and empty once trimmed.
        CollectionAssert.AreEqual(new[] { "", "", "w" }, Row(batch, 1));
        CollectionAssert.AreEqual(new[] { 1L, 2L }, batch.Tags.Take(2).ToArray());
        Assert.AreSame(reader.NumberCulture, batch.Culture(0));
    }

    [TestMethod]
    public void ACsvReaderCopiesItsRowsWithQuotedValuesUnescapedAndTrimmed()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv",
            "Name,Note,Size\r\n" +
            "  Ada  ,\"a \"\"b\"\" c\", 36 \r\n" +
            "Bob,,   \r\n" +
            "\"Lovelace, A\",\"two\nlines\",\"  7 \"\r\n" +
            "Cy,\"\"\"\",\"\"\r\n");
        using var reader = DataSourceFactory.Open(SpecFor(SourceFormat.Csv, path));
        var batch = new RowBatch(reader.Columns.Count);
        while (reader.Read()) reader.CopyRowTo(batch, reader.Line);

        Assert.AreEqual(4, batch.Count);
        CollectionAssert.AreEqual(new[] { "Ada", "a \"b\" c", "36" }, Row(batch, 0));
        CollectionAssert.AreEqual(new[] { "Bob", "<missing>", "<missing>" }, Row(batch, 1));
        CollectionAssert.AreEqual(new[] { "Lovelace, A", "two\nlines", "7" }, Row(batch, 2));
        CollectionAssert.AreEqual(new[] { "Cy", "\"", "<missing>" }, Row(batch, 3));
        CollectionAssert.AreEqual(new[] { 2L, 3L, 4L, 6L }, batch.Tags.Take(4).ToArray());
        Assert.AreEqual(4, Hashes(batch).Distinct().Count());
    }

    [TestMethod]
    public void ACsvReaderAndAddGiveTheSameValues()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b,c\n1,\" x \"\"y\"\" \",3\n\" q \",,\"r,s\"\n");
        using var fast = DataSourceFactory.Open(SpecFor(SourceFormat.Csv, path));
        using var slow = DataSourceFactory.Open(SpecFor(SourceFormat.Csv, path));
        var (byRecord, byValue) = (new RowBatch(3), new RowBatch(3));
        while (fast.Read()) fast.CopyRowTo(byRecord, 0);
        while (slow.Read()) byValue.Add(slow, 0);

        Assert.AreEqual(2, byRecord.Count);
        Assert.AreEqual(2, byValue.Count);
        for (var row = 0; row < 2; row++) CollectionAssert.AreEqual(Row(byValue, row), Row(byRecord, row), $"row {row}");
        CollectionAssert.AreEqual(new[] { "1", "x \"y\"", "3" }, Row(byRecord, 0));
    }

    /// <summary>A reader of rows given in memory; null is a missing value.</summary>
    private sealed class FakeReader(string[] columns, string?[][] rows) : IRowReader
    {
        private int _row = -1;

        public string Name => "fake";
        public IReadOnlyList<string> Columns => columns;
        public CultureInfo NumberCulture { get; } = CultureInfo.GetCultureInfo("de-DE");
        public bool Read() => ++_row < rows.Length;
        public ReadOnlySpan<char> GetSpan(int column) => rows[_row][column];
        public bool IsMissing(int column) => rows[_row][column] is null;
        public SourceLocation RowLocation => new("fake", _row + 1, 1);
        public SourceLocation CellLocation(int column) => RowLocation;
        public void Dispose()
        {
        }
    }
}
