using System.Text;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Data;

[TestClass]
public sealed class CsvTableReaderTests
{
    private static Diagnostic ReadFails(string path, string code, SourceLocation? declaredAt = null) =>
        DiagnosticAssert.Throws(() => CsvTableReader.Read(path, declaredAt), code);

    [TestMethod]
    public void ReadsHeaderRowsAndTheLineOfEachRow()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "Name,Age,City\nAda,36,London\n\"Lovelace, A\",37,\"New \"\"York\"\"\"\n");

        var table = CsvTableReader.Read(path);

        Assert.AreEqual(path, table.File);
        CollectionAssert.AreEqual(new[] { "Name", "Age", "City" }, table.Headers.ToArray());
        Assert.AreEqual(2, table.RowCount);
        CollectionAssert.AreEqual(new[] { "Ada", "36", "London" }, table.Rows[0]);
        CollectionAssert.AreEqual(new[] { "Lovelace, A", "37", "New \"York\"" }, table.Rows[1]);
        CollectionAssert.AreEqual(new[] { 2, 3 }, table.Lines.ToArray());
        Assert.AreEqual(1, table.IndexOf("Age"));
        Assert.AreEqual(-1, table.IndexOf("Country"));
    }

    [TestMethod]
    public void HeaderNamesAreTrimmed()
    {
        using var folder = new TempFolder();
        var table = CsvTableReader.Read(folder.Write("data.csv", " a , b\n1,2\n"));
        CollectionAssert.AreEqual(new[] { "a", "b" }, table.Headers.ToArray());
    }

    [TestMethod]
    public void LastRowWithoutNewlineIsRead()
    {
        using var folder = new TempFolder();
        var table = CsvTableReader.Read(folder.Write("data.csv", "a,b\n1,2\n3,4"));
        Assert.AreEqual(2, table.RowCount);
        CollectionAssert.AreEqual(new[] { "3", "4" }, table.Rows[1]);
        CollectionAssert.AreEqual(new[] { 2, 3 }, table.Lines.ToArray());
    }

    [TestMethod]
    public void CrLfLineEndsKeepLineNumbers()
    {
        using var folder = new TempFolder();
        var table = CsvTableReader.Read(folder.Write("data.csv", "a,b\r\n1,2\r\n3,4\r\n5,6\r\n"));
        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, table.Lines.ToArray());
        CollectionAssert.AreEqual(new[] { "5", "6" }, table.Rows[2]);
    }

    [TestMethod]
    public void QuotedNewlinesKeepTheFollowingRowsLineNumbers()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "id,note\n1,\"two\nline note\"\n2,plain\n3,\"three\nline\nnote\"\n4,last\n");

        var table = CsvTableReader.Read(path);

        CollectionAssert.AreEqual(new[] { 2, 4, 5, 8 }, table.Lines.ToArray());
        Assert.AreEqual("two\nline note", table.Rows[0][1]);
        Assert.AreEqual("last", table.Rows[3][1]);
    }

    [TestMethod]
    public void RaggedRowAfterAQuotedNewlineIsReportedAtItsOwnLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "id,note\n1,\"two\nlines\"\n2,ok\n3\n");
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 5, 1);
    }

    [TestMethod]
    [DataRow("a,b\n1,2\n\n3,4\n", new[] { 2, 4 })]
    [DataRow("a,b\n1,2\n3,4\n\n", new[] { 2, 3 })]
    [DataRow("a,b\r\n1,2\r\n\r\n3,4\r\n", new[] { 2, 4 })]
    [DataRow("a,b\n1,2\n   \n3,4\n\n\n", new[] { 2, 4 })]
    public void BlankLinesAreSkippedAndLaterLinesKeepTheirNumbers(string content, int[] lines)
    {
        using var folder = new TempFolder();
        var table = CsvTableReader.Read(folder.Write("data.csv", content));
        Assert.AreEqual(2, table.RowCount);
        CollectionAssert.AreEqual(lines, table.Lines.ToArray());
    }

    [TestMethod]
    public void BlankLineInASingleColumnFileIsSkippedToo()
    {
        using var folder = new TempFolder();
        var table = CsvTableReader.Read(folder.Write("data.csv", "a\n1\n\n3\n"));
        CollectionAssert.AreEqual(new[] { "1", "3" }, table.Column(0).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 4 }, table.Lines.ToArray());
    }

    [TestMethod]
    public void Utf8BomIsNotPartOfTheFirstHeader()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("Größe,Farbe\n1,grün\n")]);

        var table = CsvTableReader.Read(path);

        CollectionAssert.AreEqual(new[] { "Größe", "Farbe" }, table.Headers.ToArray());
        Assert.AreEqual(0, table.IndexOf("Größe"));
        Assert.AreEqual("grün", table.Rows[0][1]);
    }

    [TestMethod]
    public void MissingFileIsMLB2001AtTheSpecsDataField()
    {
        using var folder = new TempFolder();
        var declaredAt = new SourceLocation("Model.mlmodel.json", 3, 3);
        var error = ReadFails(folder.Combine("nope.csv"), DiagnosticCodes.DataFileNotFound, declaredAt);
        DiagnosticAssert.At(error, "Model.mlmodel.json", 3, 3);
        Assert.Contains(folder.Combine("nope.csv"), error.Message);
    }

    [TestMethod]
    public void EmptyFileIsMLB2002()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "");
        DiagnosticAssert.At(ReadFails(path, DiagnosticCodes.DataFileEmpty), path, 0, 0);
    }

    [TestMethod]
    [DataRow("a,b\n")]
    [DataRow("a,b")]
    [DataRow("a,b\r\n")]
    public void HeaderOnlyFileIsMLB2003AtLine1(string content)
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", content);
        DiagnosticAssert.At(ReadFails(path, DiagnosticCodes.DataNoRows), path, 1, 1);
    }

    [TestMethod]
    public void RowWithTooFewFieldsIsMLB2004AtItsLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n");
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 4, 1);
        Assert.Contains("Row has 2 field(s) but the header has 3", error.Message);
    }

    [TestMethod]
    public void RowWithTooManyFieldsIsMLB2004AtItsLine()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b\n1,2\n3,4,5\n");
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 3, 1);
        Assert.Contains("Row has 3 field(s) but the header has 2", error.Message);
    }

    [TestMethod]
    public void UnterminatedQuoteIsMLB2004()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        Assert.AreEqual(path, error.File);
        Assert.Contains("without a closing quote", error.Message);
    }

    [TestMethod]
    public void UnterminatedQuoteIsMLB2004AtTheLineWhereTheQuoteOpens()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
        DiagnosticAssert.At(ReadFails(path, DiagnosticCodes.DataMalformed), path, 3, 1);
    }

    [TestMethod]
    public void FileWithNulBytesIsMLB2004AsBinary()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", [(byte)'a', (byte)',', (byte)'b', (byte)'\n', 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, (byte)'\n']);
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        Assert.AreEqual(path, error.File);
        Assert.Contains("binary", error.Message);
    }

    [TestMethod]
    public void Utf16FileIsMLB2004AsBinary()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", Encoding.Unicode.GetBytes("a,b\n1,2\n"));
        Assert.Contains("binary", ReadFails(path, DiagnosticCodes.DataMalformed).Message);
    }

    [TestMethod]
    public void InvalidUtf8IsMLB2004()
    {
        using var folder = new TempFolder();
        // 0xE9 is 'é' in Latin-1 and not valid UTF-8 on its own.
        var path = folder.WriteBytes("data.csv", [.. Encoding.ASCII.GetBytes("name,city\nJose,Bogot"), 0xE9, .. Encoding.ASCII.GetBytes("\n")]);
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        Assert.AreEqual(path, error.File);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [TestMethod]
    public void InvalidUtf8IsMLB2004AtTheLineOfTheBadByte()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", [.. Encoding.ASCII.GetBytes("name,city\nAda,London\nJose,Bogot"), 0xE9, .. Encoding.ASCII.GetBytes("\n")]);
        DiagnosticAssert.At(ReadFails(path, DiagnosticCodes.DataMalformed), path, 3, 1);
    }

    [TestMethod]
    public void DuplicateHeaderIsMLB2013AtLine1()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "Age,Plan,Age\n1,a,2\n");
        var error = ReadFails(path, DiagnosticCodes.DataDuplicateHeader);
        DiagnosticAssert.At(error, path, 1, 1);
        Assert.Contains("'Age' twice", error.Message);
    }

    [TestMethod]
    public void EmptyHeaderFieldIsMLB2004AtLine1()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,,c\n1,2,3\n");
        var error = ReadFails(path, DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 1, 1);
        Assert.Contains("Header field 2 is empty", error.Message);
    }

    [TestMethod]
    public void ColumnOfCountsThePrecedingFieldsAndCommas()
    {
        using var folder = new TempFolder();
        var table = CsvTableReader.Read(folder.Write("data.csv", "a,b,c\n12,345,6\n"));
        Assert.AreEqual(1, table.ColumnOf(0, 0));
        Assert.AreEqual(4, table.ColumnOf(0, 1));
        Assert.AreEqual(8, table.ColumnOf(0, 2));
    }
}
