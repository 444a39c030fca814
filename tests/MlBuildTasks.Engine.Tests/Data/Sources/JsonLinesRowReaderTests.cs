using System.Text;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class JsonLinesRowReaderTests
{
    private static JsonLinesRowReader Open(string path) => new(SpecFor(SourceFormat.JsonLines, path));

    private static Diagnostic Fails(string path, string code) => ReadFails(() => Open(path), code);

    [TestMethod]
    public void ColumnsAreTheFirstRecordsKeysAndValuesAreTextAsWritten()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl",
            "{\"id\": 1, \"price\": 12.50, \"big\": 1e3, \"name\": \"a \\\"b\\\"\\n\\u00e9\", \"ok\": true}\n" +
            "\n" +
            "{\"ok\": false, \"id\": -2, \"name\": \"\", \"price\": null}\n");

        using var reader = Open(path);

        Assert.AreEqual(path, reader.Name);
        CollectionAssert.AreEqual(new[] { "id", "price", "big", "name", "ok" }, reader.Columns.ToArray());
        AreRows([["1", "12.50", "1e3", "a \"b\"\né", "true"], ["-2", null, null, "", "false"]], ReadAll(reader));
    }

    [TestMethod]
    public void BlankLinesAreSkippedAndRowsKeepTheirLines()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "\n{\"a\": 1}\r\n  \r\n\t\n{\"a\": 2}\n\n{\"a\": 3}");
        using var reader = Open(path);
        CollectionAssert.AreEqual(new[] { 2, 5, 7 }, Lines(reader));
    }

    [TestMethod]
    public void LocationsAreTheRecordsBraceAndEachValuesCharacterColumn()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 1, \"b\": \"x\"}\n  {\"né\": 0, \"b\": \"é\", \"a\": 2}\n");
        using var reader = new JsonLinesRowReader(SpecFor(SourceFormat.JsonLines, folder.Write("first.jsonl", "{\"a\": 1, \"né\": 2, \"b\": 3}\n")));
        using var second = Open(path);

        Assert.IsTrue(second.Read());
        Assert.AreEqual(new SourceLocation(path, 1, 1), second.RowLocation);
        Assert.AreEqual(new SourceLocation(path, 1, 7), second.CellLocation(0));
        Assert.AreEqual(new SourceLocation(path, 1, 15), second.CellLocation(1));
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(reader.Name, 1, 16), reader.CellLocation(1));
    }

    [TestMethod]
    public void AMissingKeyIsMissingAndLocatedAtTheRecord()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 1, \"b\": 2}\n   {\"b\": 3}\n");
        using var reader = Open(path);
        Assert.IsTrue(reader.Read());
        Assert.IsTrue(reader.Read());
        Assert.IsTrue(reader.IsMissing(0));
        Assert.AreEqual(0, reader.GetSpan(0).Length);
        Assert.AreEqual(new SourceLocation(path, 2, 4), reader.CellLocation(0));
        Assert.AreEqual(new SourceLocation(path, 2, 4), reader.RowLocation);
    }

    [TestMethod]
    public void AKeyTheFirstRecordDoesNotHaveIsMLB2014AtTheKey()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3, \"extra\": 4}\n");
        var error = Fails(path, DiagnosticCodes.DataUnexpectedField);
        DiagnosticAssert.At(error, path, 3, 10);
        Assert.Contains("'extra'", error.Message);
    }

    [TestMethod]
    [DataRow("{\"a\": 1, \"b\": {\"c\": 2}}", 15, "an object")]
    [DataRow("{\"a\": 1, \"b\": [1, 2]}", 15, "an array")]
    public void ANestedValueIsMLB2014AtTheValue(string line, int column, string what)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 0, \"b\": 0}\n" + line + "\n");
        var error = Fails(path, DiagnosticCodes.DataUnexpectedField);
        DiagnosticAssert.At(error, path, 2, column);
        Assert.Contains(what, error.Message);
    }

    [TestMethod]
    [DataRow("[1, 2]", "an array")]
    [DataRow("42", "a number")]
    [DataRow("\"text\"", "a string")]
    public void ALineThatIsNotAnObjectIsMLB2014(string line, string what)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 0}\n  " + line + "\n");
        var error = Fails(path, DiagnosticCodes.DataUnexpectedField);
        DiagnosticAssert.At(error, path, 2, 3);
        Assert.Contains(what, error.Message);
    }

    [TestMethod]
    [DataRow("{\"a\": 2, \"b\": }", 15)]
    [DataRow("{\"a\": 2, \"b\": 3", 16)]
    [DataRow("{\"a\": 2, \"b\": 3} {\"a\": 4}", 18)]
    [DataRow("{\"a\": 2, \"b\": 3,}", 17)]
    [DataRow("{\"a\": \"é\", \"b\": tru}", 20)]
    [DataRow("not json", 2)]
    public void ALineThatIsNotValidJsonIsMLB2004AtItsLineAndColumn(string line, int column)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 1, \"b\": 1}\n\n" + line + "\n");
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3, column);
        Assert.DoesNotContain("BytePositionInLine", error.Message);
    }

    [TestMethod]
    public void ADuplicateKeyIsMLB2013()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.jsonl", "{\"a\": 1, \"a\": 2}\n");
        DiagnosticAssert.At(Fails(path, DiagnosticCodes.DataDuplicateHeader), path, 1, 10);
    }

    [TestMethod]
    public void InvalidUtf8IsMLB2004AtTheBadByte()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.jsonl", [.. Encoding.UTF8.GetBytes("{\"city\": \"Zürich\"}\n{\"city\": \"Bogot"), 0xE9, .. Encoding.ASCII.GetBytes("\"}\n")]);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 2, 16);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [TestMethod]
    public void BomIsSkipped()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.jsonl", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("{\"a\": 1}\n")]);
        using var reader = Open(path);
        CollectionAssert.AreEqual(new[] { "a" }, reader.Columns.ToArray());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 1, 1), reader.RowLocation);
    }

    [TestMethod]
    public void EmptyFileIsMLB2002AndBlankFileHasNoRows()
    {
        using var folder = new TempFolder();
        var empty = folder.Write("empty.jsonl", "");
        DiagnosticAssert.At(Fails(empty, DiagnosticCodes.DataFileEmpty), empty, 0, 0);

        using var blank = Open(folder.Write("blank.jsonl", "\n  \n"));
        Assert.IsEmpty(blank.Columns);
        Assert.IsFalse(blank.Read());
    }

    [TestMethod]
    public void MissingFileIsMLB2001AtTheSpecAndBinaryIsMLB2004()
    {
        using var folder = new TempFolder();
        DiagnosticAssert.At(Fails(folder.Combine("nope.jsonl"), DiagnosticCodes.DataFileNotFound), DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        var binary = folder.WriteBytes("data.jsonl", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00]);
        Assert.Contains("binary", Fails(binary, DiagnosticCodes.DataMalformed).Message);
    }

    [TestMethod]
    public void LinesLongerThanTheBufferAreReadAndLongerThanTheCapAreMLB2004()
    {
        using var folder = new TempFolder();
        var big = new string('x', 200_000);
        var path = folder.Write("data.jsonl", $"{{\"a\": \"{big}\"}}\n{{\"a\": \"y\"}}\n");
        using (var reader = Open(path))
        {
            Assert.IsTrue(reader.Read());
            Assert.AreEqual(big.Length, reader.GetSpan(0).Length);
            Assert.IsTrue(reader.Read());
            Assert.AreEqual(2, reader.RowLocation.Line);
        }

        var capped = folder.Write("capped.jsonl", $"{{\"a\": \"y\"}}\n{{\"a\": \"{big}\"}}\n");
        var error = ReadFails(() => new JsonLinesRowReader(SpecFor(SourceFormat.JsonLines, capped), maxLineBytes: 100_000), DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, capped, 2, 1);
    }

    [TestMethod]
    public void ManyLinesAcrossBufferRefillsKeepTheirLines()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder();
        for (var i = 1; i <= 30_000; i++) text.Append("{\"n\": ").Append(i).Append(", \"s\": \"row ").Append(i).Append("\"}\n");
        using var reader = Open(folder.Write("data.jsonl", text.ToString()));
        var count = 0;
        while (reader.Read())
        {
            count++;
            Assert.AreEqual(count, reader.RowLocation.Line);
            Assert.AreEqual(count.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetSpan(0).ToString());
        }

        Assert.AreEqual(30_000, count);
    }
}
