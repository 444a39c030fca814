using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class JsonArrayRowReaderTests
{
    private const string Pretty = """
        [
          {
            "id": 1,
            "name": "Zoë \"Z\"",
            "score": 0.5,
            "active": true
          },
          { "id": 2, "name": null, "active": false },
          {"score": -1.25e-3, "id": 3}
        ]
        """;

    private static JsonArrayRowReader Open(string path, int bufferBytes = 64 * 1024, int maxTokenBytes = JsonArrayRowReader.DefaultMaxTokenBytes) =>
        new(SpecFor(SourceFormat.JsonArray, path), maxTokenBytes, bufferBytes);

    private static Diagnostic Fails(string path, string code, int bufferBytes = 64 * 1024) => ReadFails(() => Open(path, bufferBytes), code);

    [TestMethod]
    [DataRow(64 * 1024)]
    [DataRow(16)]
    [DataRow(1)]
    public void ReadsEachObjectAsARowWhateverTheBufferSize(int bufferBytes)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.json", Pretty);

        using var reader = Open(path, bufferBytes);

        CollectionAssert.AreEqual(new[] { "id", "name", "score", "active" }, reader.Columns.ToArray());
        var rows = new List<string?[]>();
        var locations = new List<SourceLocation>();
        while (reader.Read())
        {
            locations.Add(reader.RowLocation);
            rows.Add([.. Enumerable.Range(0, 4).Select(i => reader.IsMissing(i) ? null : reader.GetSpan(i).ToString())]);
        }

        AreRows([["1", "Zoë \"Z\"", "0.5", "true"], ["2", null, null, "false"], ["3", null, "-1.25e-3", null]], rows);
        CollectionAssert.AreEqual(new[] { new SourceLocation(path, 2, 3), new SourceLocation(path, 8, 3), new SourceLocation(path, 9, 3) }, locations);
    }

    [TestMethod]
    [DataRow(64 * 1024)]
    [DataRow(7)]
    public void CellLocationsAreTheValuesLineAndCharacterColumn(int bufferBytes)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.json", Pretty);
        using var reader = Open(path, bufferBytes);
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 4, 13), reader.CellLocation(1));
        Assert.AreEqual(new SourceLocation(path, 6, 15), reader.CellLocation(3));
        Assert.IsTrue(reader.Read());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(new SourceLocation(path, 9, 13), reader.CellLocation(2));
        Assert.AreEqual(new SourceLocation(path, 9, 3), reader.CellLocation(3)); // missing: the record's brace
    }

    [TestMethod]
    public void AMinifiedArrayOnOneLineHasColumnsForEveryRecord()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.json", "[{\"a\":1},{\"a\":2},{\"a\":\"é\"},{\"a\":3}]");
        using var reader = Open(path, bufferBytes: 4);
        var columns = new List<int>();
        while (reader.Read()) columns.Add(reader.RowLocation.Column);
        CollectionAssert.AreEqual(new[] { 2, 10, 18, 28 }, columns);
    }

    [TestMethod]
    public void ATokenLongerThanTheBufferGrowsItAndOneLongerThanTheCapIsMLB2004()
    {
        using var folder = new TempFolder();
        var big = new string('x', 100_000);
        var path = folder.Write("data.json", $"[\n{{\"a\": \"{big}\"}},\n{{\"a\": \"short\"}}\n]");
        using (var reader = Open(path, bufferBytes: 1024))
        {
            Assert.IsTrue(reader.Read());
            Assert.AreEqual(big.Length, reader.GetSpan(0).Length);
            Assert.IsTrue(reader.Read());
            Assert.AreEqual("short", reader.GetSpan(0).ToString());
            Assert.AreEqual(3, reader.RowLocation.Line);
        }

        var error = ReadFails(() => Open(path, bufferBytes: 1024, maxTokenBytes: 50_000), DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 2, 7);
    }

    [TestMethod]
    public void AFileIsStreamedThroughAFixedBuffer()
    {
        using var folder = new TempFolder();
        var text = new StringBuilder("[\n");
        const int count = 100_000;
        for (var i = 1; i <= count; i++)
            text.Append("  {\"id\": ").Append(i).Append(", \"name\": \"row ").Append(i).Append("\", \"x\": ").Append((i * 0.25).ToString(CultureInfo.InvariantCulture))
                .Append(i < count ? "},\n" : "}\n");
        text.Append(']');
        var path = folder.Write("data.json", text.ToString());

        using var reader = Open(path);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            if (rows % 10_000 == 0)
            {
                Assert.AreEqual(rows + 1, reader.RowLocation.Line);
                Assert.AreEqual(rows.ToString(CultureInfo.InvariantCulture), reader.GetSpan(0).ToString());
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(count, rows);
        Assert.AreEqual(64 * 1024, reader.BufferBytes);
        Assert.IsLessThan(1024 * 1024, allocated, $"Reading {new FileInfo(path).Length} bytes allocated {allocated} bytes");
    }

    [TestMethod]
    [DataRow("{\"a\": 1}", "an object")]
    [DataRow("  42", "a number")]
    [DataRow("\"rows\"", "a string")]
    public void ARootThatIsNotAnArrayIsMLB2004(string content, string what)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.json", content);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 1, content.Length - content.TrimStart().Length + 1);
        Assert.Contains(what, error.Message);
    }

    [TestMethod]
    public void AnElementThatIsNotAnObjectIsMLB2014AtIt()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.json", "[\n  {\"a\": 1},\n  [1, 2]\n]");
        var error = Fails(path, DiagnosticCodes.DataUnexpectedField);
        DiagnosticAssert.At(error, path, 3, 3);
        Assert.Contains("Element 2", error.Message);
    }

    [TestMethod]
    [DataRow(64 * 1024)]
    [DataRow(5)]
    public void AnUnknownKeyOrANestedValueIsMLB2014(int bufferBytes)
    {
        using var folder = new TempFolder();
        var unknown = folder.Write("unknown.json", "[\n  {\"a\": 1},\n  {\"a\": 2, \"b\": 3}\n]");
        DiagnosticAssert.At(Fails(unknown, DiagnosticCodes.DataUnexpectedField, bufferBytes), unknown, 3, 12);
        var nested = folder.Write("nested.json", "[\n  {\"a\": 1, \"b\": {\"c\": 1}}\n]");
        DiagnosticAssert.At(Fails(nested, DiagnosticCodes.DataUnexpectedField, bufferBytes), nested, 2, 17);
    }

    [TestMethod]
    [DataRow("[\n  {\"a\": 1},\n  {\"a\": }\n]", 3, 9)]
    [DataRow("[\n  {\"a\": 1},\n  {\"a\": 2}\n] x", 4, 3)]
    [DataRow("[\n  {\"a\": 1},\n  {\"a\": 2},\n]", 4, 1)]
    [DataRow("[\n  {\"é\": \"ü\"},\n  {\"é\": ü}\n]", 3, 9)]
    public void InvalidJsonIsMLB2004AtItsLineAndCharacterColumn(string content, int line, int column)
    {
        foreach (var buffer in new[] { 64 * 1024, 3 })
        {
            using var folder = new TempFolder();
            var path = folder.Write("data.json", content);
            var error = Fails(path, DiagnosticCodes.DataMalformed, buffer);
            DiagnosticAssert.At(error, path, line, column);
            Assert.DoesNotContain("BytePositionInLine", error.Message);
        }
    }

    [TestMethod]
    public void ATruncatedFileIsMLB2004()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.json", "[\n  {\"a\": 1},\n  {\"a\": 2");
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        Assert.AreEqual(path, error.File);
        Assert.AreEqual(3, error.Line);
    }

    [TestMethod]
    public void InvalidUtf8IsMLB2004AtTheBadByte()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.json", [.. Encoding.UTF8.GetBytes("[\n  {\"city\": \"Zürich\"},\n  {\"city\": \"Bogot"), 0xE9, .. Encoding.ASCII.GetBytes("\"}\n]")]);
        var error = Fails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3, 18);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [TestMethod]
    public void AnEmptyArrayHasNoColumnsAndNoRows()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.WriteBytes("data.json", [.. Encoding.UTF8.Preamble, .. "  [ ]\n"u8]));
        Assert.IsEmpty(reader.Columns);
        Assert.IsFalse(reader.Read());
    }

    [TestMethod]
    public void EmptyFileIsMLB2002AndMissingFileMLB2001()
    {
        using var folder = new TempFolder();
        var empty = folder.Write("data.json", "");
        DiagnosticAssert.At(Fails(empty, DiagnosticCodes.DataFileEmpty), empty, 0, 0);
        DiagnosticAssert.At(Fails(folder.Combine("nope.json"), DiagnosticCodes.DataFileNotFound), DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
    }
}
