using System.Text;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class CsvRowReaderTests
{
    private static CsvRowReader Open(string path, char? delimiter = null, char? quote = null, bool hasHeader = true, IReadOnlyList<string>? names = null) =>
        new(SpecFor(SourceFormat.Csv, path, delimiter, quote, hasHeader, names));

    private static Diagnostic Fails(string path, string code, bool hasHeader = true, IReadOnlyList<string>? names = null) =>
        ReadFails(() => Open(path, hasHeader: hasHeader, names: names), code);

    [TestMethod]
    public void ReadsHeaderRowsAndTheLineOfEachRow()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "Name,Age,City\nAda,36,London\n\"Lovelace, A\",37,\"New \"\"York\"\"\"\n");

        using var reader = Open(path);

        Assert.AreEqual(path, reader.Name);
        CollectionAssert.AreEqual(new[] { "Name", "Age", "City" }, reader.Columns.ToArray());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 2, 1), reader.RowLocation);
        Assert.AreEqual("London", reader.GetSpan(2).ToString());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 3, 1), reader.RowLocation);
        Assert.AreEqual("Lovelace, A", reader.GetSpan(0).ToString());
        Assert.AreEqual("New \"York\"", reader.GetSpan(2).ToString());
        Assert.IsFalse(reader.Read());
        Assert.IsFalse(reader.Read());
    }

    [TestMethod]
    public void HeaderNamesAreTrimmedAndTheLastRowNeedsNoNewline()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", " a , b\n1,2\n3,4"));
        CollectionAssert.AreEqual(new[] { "a", "b" }, reader.Columns.ToArray());
        AreRows([["1", "2"], ["3", "4"]], ReadAll(reader));
    }

    [TestMethod]
    public void RowsStartingWithAHashAreDataNotComments()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", "tag,n\n#red,1\n#blue,2\n"));
        AreRows([["#red", "1"], ["#blue", "2"]], ReadAll(reader));
    }

    [TestMethod]
    public void TsvDefaultsToTabAndAnyDelimiterOrQuoteCanBeGiven()
    {
        using var folder = new TempFolder();
        using (var tsv = new CsvRowReader(SpecFor(SourceFormat.Tsv, folder.Write("data.tsv", "a\tb\n1,5\t\"x\ty\"\n"))))
        {
            CollectionAssert.AreEqual(new[] { "a", "b" }, tsv.Columns.ToArray());
            AreRows([["1,5", "x\ty"]], ReadAll(tsv));
        }

        using var semicolon = Open(folder.Write("data.csv", "a;b\n'1;2';'it''s'\n"), delimiter: ';', quote: '\'');
        AreRows([["1;2", "it's"]], ReadAll(semicolon));
    }

    [TestMethod]
    public void WithoutAHeaderColumnsAreNumberedAndEveryLineIsARow()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "\n1,2,3\n4,5,6\n");
        using var reader = Open(path, hasHeader: false);
        CollectionAssert.AreEqual(new[] { "Column1", "Column2", "Column3" }, reader.Columns.ToArray());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(2, reader.RowLocation.Line);
        Assert.AreEqual("1", reader.GetSpan(0).ToString());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(3, reader.RowLocation.Line);
        Assert.IsFalse(reader.Read());
    }

    [TestMethod]
    public void WithoutAHeaderTheSpecCanNameTheColumns()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "1,2\n3,4\n");
        using var reader = Open(path, hasHeader: false, names: ["x", "y"]);
        CollectionAssert.AreEqual(new[] { "x", "y" }, reader.Columns.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2 }, Lines(reader));
    }

    [TestMethod]
    public void WithoutAHeaderARowWithOtherThanTheNamedColumnsIsMLB2004()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "1,2\n3,4,5\n");
        var error = Fails(path, DiagnosticCodes.DataMalformed, hasHeader: false, names: ["x", "y"]);
        DiagnosticAssert.At(error, path, 2, 5);
        Assert.Contains("the spec names 2 columns", error.Message);
    }

    [TestMethod]
    public void DuplicateNamesGivenForAHeaderlessFileAreMLB2013AtTheSpec()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "1,2\n");
        DiagnosticAssert.At(Fails(path, DiagnosticCodes.DataDuplicateHeader, hasHeader: false, names: ["x", "x"]), DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
    }

    [TestMethod]
    [DataRow("a,b\n1,2\n\n3,4\n", new[] { 2, 4 })]
    [DataRow("a,b\n1,2\n3,4\n\n", new[] { 2, 3 })]
    [DataRow("a,b\r\n1,2\r\n\r\n3,4\r\n", new[] { 2, 4 })]
    [DataRow("a,b\n1,2\n   \n3,4\n\n\n", new[] { 2, 4 })]
    [DataRow("a,b\n\n\n1,\"x\n\ny\"\n\n3,4\n", new[] { 4, 8 })]
    [DataRow("a,\"b\nc\"\n1,2\n3,4\n", new[] { 3, 4 })]
    public void BlankLinesAreSkippedAndLaterRowsKeepTheirLines(string content, int[] lines)
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", content));
        CollectionAssert.AreEqual(lines, Lines(reader));
    }

    [TestMethod]
    public void QuotedNewlinesKeepTheFollowingRowsLines()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", "id,note\n1,\"two\nline note\"\n2,plain\n3,\"three\nline\nnote\"\n4,last\n"));
        var lines = new List<int>();
        var notes = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.RowLocation.Line);
            notes.Add(reader.GetSpan(1).ToString());
        }

        CollectionAssert.AreEqual(new[] { 2, 4, 5, 8 }, lines);
        CollectionAssert.AreEqual(new[] { "two\nline note", "plain", "three\nline\nnote", "last" }, notes);
    }

    [TestMethod]
    public void CellLocationIsTheCellsLineAndCharacterColumnCountingQuotes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "id,note,n\n12,\"a,\"\"b\"\"\",7\n1,\"x\nyz\",8\n\"é\",ü,9\n");
        using var reader = Open(path);

        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 2, 1), reader.CellLocation(0));
        Assert.AreEqual(new SourceLocation(path, 2, 4), reader.CellLocation(1));
        Assert.AreEqual(new SourceLocation(path, 2, 14), reader.CellLocation(2));
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 3, 3), reader.CellLocation(1));
        Assert.AreEqual(new SourceLocation(path, 4, 5), reader.CellLocation(2));
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 5, 5), reader.CellLocation(1));
        Assert.AreEqual(new SourceLocation(path, 5, 7), reader.CellLocation(2));
    }

    [TestMethod]
    public void EmptyAndBlankCellsAreMissing()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", "a,b,c,d\n,  ,0,\"\"\n"));
        Assert.IsTrue(reader.Read());
        Assert.IsTrue(reader.IsMissing(0));
        Assert.IsTrue(reader.IsMissing(1));
        Assert.IsFalse(reader.IsMissing(2));
        Assert.IsTrue(reader.IsMissing(3));
    }

    [TestMethod]
    public void GetSpanDoesNotAllocate()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", "a,b,c\n1,\"x\"\"y\",3.5\n"));
        Assert.IsTrue(reader.Read());
        _ = reader.GetSpan(1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var length = 0;
        for (var i = 0; i < 1000; i++)
            for (var c = 0; c < 3; c++)
                length += reader.GetSpan(c).Length + (reader.IsMissing(c) ? 1 : 0);
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.AreEqual(1000 * 7, length);
    }

    [TestMethod]
    public void AFileIsReadInBoundedMemory()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder("id,name,value\n");
        for (var i = 0; i < 100_000; i++) text.Append(i).Append(",name").Append(i).Append(",\"").Append(i * 0.5).Append("\"\n");
        using var reader = Open(folder.Write("data.csv", text.ToString()));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rows = 0;
        long sum = 0;
        while (reader.Read())
        {
            rows++;
            sum += reader.GetSpan(1).Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(100_000, rows);
        Assert.IsGreaterThan(0, sum);
        Assert.IsLessThan(1024 * 1024, allocated, $"Reading ~2.5 MB allocated {allocated} bytes");
    }

    [TestMethod]
    public void Utf8BomIsNotPartOfTheFirstHeader()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("Größe,Farbe\n1,grün\n")]);
        using var reader = Open(path);
        CollectionAssert.AreEqual(new[] { "Größe", "Farbe" }, reader.Columns.ToArray());
        AreRows([["1", "grün"]], ReadAll(reader));
    }

    [TestMethod]
    public void AOneMegabyteCellIsReadWhole()
    {
        using var folder = new TempFolder();
        var big = new string('x', 1024 * 1024);
        using var reader = Open(folder.Write("data.csv", $"id,text,n\n1,\"{big}\",2\n2,short,3\n"));
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(big.Length, reader.GetSpan(1).Length);
        Assert.AreEqual("2", reader.GetSpan(2).ToString());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(3, reader.RowLocation.Line);
    }

    [TestMethod]
    public void ARecordLongerThanTheCapIsMLB2004AtItsLineNotUnboundedMemory()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "id,text\n1,ok\n2,\"never closed\n" + string.Concat(Enumerable.Repeat("3,more text here\n", 20_000)));
        var error = ReadFails(() => new CsvRowReader(SpecFor(SourceFormat.Csv, path), maxRecordChars: 64 * 1024), DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3, 1);
        Assert.Contains("longer than 65,536 characters", error.Message);
    }

    [TestMethod]
    public void MissingFileIsMLB2001AtTheSpec()
    {
        using var folder = new TempFolder();
        var error = Fails(folder.Combine("nope.csv"), DiagnosticCodes.DataFileNotFound);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        Assert.Contains(folder.Combine("nope.csv"), error.Message);
    }

    [TestMethod]
    public void EmptyFileIsMLB2002()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "");
        DiagnosticAssert.At(Fails(path, DiagnosticCodes.DataFileEmpty), path, 0, 0);
    }

    [TestMethod]
    [DataRow("a,b\n")]
    [DataRow("a,b")]
    [DataRow("a,b\r\n\r\n\n")]
    public void HeaderOnlyFileHasColumnsAndNoRows(string content)
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", content));
        CollectionAssert.AreEqual(new[] { "a", "b" }, reader.Columns.ToArray());
        Assert.IsFalse(reader.Read());
    }

    [TestMethod]
    public void RowWithTooFewFieldsIsMLB2004WhereTheDelimiterIsMissing()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n");
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 4, 4);
        Assert.Contains("Row has 2 field(s) but the header has 3", error.Message);
    }

    [TestMethod]
    public void RowWithTooManyFieldsIsMLB2004AtTheFirstExtraField()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b\n1,2\n3,4,5\n");
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3, 5);
        Assert.Contains("Row has 3 field(s) but the header has 2", error.Message);
    }

    [TestMethod]
    public void RaggedRowAfterQuotedNewlinesAndBlankLinesIsReportedAtItsOwnLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "id,note\n1,\"two\nlines\"\n\n2,ok\n3\n");
        DiagnosticAssert.At(Fails(path, DiagnosticCodes.DataMalformed), path, 6, 2);
    }

    [TestMethod]
    [DataRow("a,b\n1,2\n3,\"never closed\n4,5\n", 3, 3)]
    [DataRow("a,b\n\"open,2\n3,4\n", 2, 1)]
    [DataRow("a,\"b\n1,2\n", 1, 3)]
    [DataRow("a,b\n1,2\n3,\"x\"y\n", 3, 3)]
    public void BadQuotingIsMLB2004WhereTheQuotedFieldStarts(string content, int line, int column)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", content);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, line, column);
        Assert.Contains("not valid CSV", error.Message);
    }

    [TestMethod]
    public void FileWithNulBytesIsMLB2004AsBinary()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", [(byte)'a', (byte)',', (byte)'b', (byte)'\n', 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, (byte)'\n']);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 0, 0);
        Assert.Contains("binary", error.Message);
    }

    [TestMethod]
    public void Utf16FileIsMLB2004AsBinary()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes("a,b\n1,2\n")]);
        Assert.Contains("binary", Fails(path, DiagnosticCodes.DataMalformed).Message);
    }

    [TestMethod]
    public void NulAtTheStartOfALinePastTheBinaryProbeIsMLB2004AtItsLine()
    {
        using var folder = new TempFolder();
        var text = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 3000)); // 12 KB, past the 8 KB probe
        var path = folder.WriteBytes("data.csv", [.. Encoding.ASCII.GetBytes(text), 0, .. Encoding.ASCII.GetBytes(",x\n")]);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3002, 1);
    }

    [TestMethod]
    public void InvalidUtf8IsMLB2004AtTheLineAndColumnOfTheBadByte()
    {
        using var folder = new TempFolder();
        // 0xE9 is 'é' in Latin-1 and not valid UTF-8 on its own.
        var path = folder.WriteBytes("data.csv", [.. Encoding.UTF8.GetBytes("name,city\nAda,Zürich\nJose,Bogot"), 0xE9, .. Encoding.ASCII.GetBytes("\n")]);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3, 11);
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("0xE9", error.Message);
    }

    [TestMethod]
    public void InvalidUtf8FarIntoTheFileIsReportedAtItsLine()
    {
        using var folder = new TempFolder();
        var text = "n,s\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},grün\n"));
        var path = folder.WriteBytes("data.csv", [.. Encoding.UTF8.GetBytes(text), .. Encoding.ASCII.GetBytes("7,ab"), 0xFF, (byte)'\n', .. Encoding.ASCII.GetBytes("8,c\n")]);
        DiagnosticAssert.At(Fails(path, DiagnosticCodes.DataMalformed), path, 20_002, 5);
    }

    [TestMethod]
    public void DuplicateHeaderIsMLB2013AtTheSecondName()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "Age,Plan,Age\n1,a,2\n");
        var error = Fails(path, DiagnosticCodes.DataDuplicateHeader);
        DiagnosticAssert.At(error, path, 1, 10);
        Assert.Contains("'Age' twice", error.Message);
    }

    [TestMethod]
    public void EmptyHeaderFieldIsMLB2004AtItsColumn()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,,c\n1,2,3\n");
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 1, 3);
        Assert.Contains("Header field 2 is empty", error.Message);
    }

    [TestMethod]
    public void FieldPositionCountsQuotedDelimitersEscapedQuotesAndLineBreaks()
    {
        Assert.AreEqual((0, 1), CsvRowReader.FieldPosition("a,b", 0, ',', '"'));
        Assert.AreEqual((0, 3), CsvRowReader.FieldPosition("a,b", 1, ',', '"'));
        Assert.AreEqual((0, 4), CsvRowReader.FieldPosition("a,b\n", 5, ',', '"'));
        Assert.AreEqual((0, 3), CsvRowReader.FieldPosition("a,", 1, ',', '"'));
        Assert.AreEqual((0, 10), CsvRowReader.FieldPosition("\",\"\"x\",y,z", 2, ',', '"'));
        Assert.AreEqual((2, 4), CsvRowReader.FieldPosition("\"a\n\nb\",c", 1, ',', '"'));
    }
}
