using System.Text;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data;

/// <summary>
/// Cases the old whole-file CSV reader's tests covered and Data/Sources/CsvRowReaderTests and the corpus do not:
/// kept so that <see cref="CsvRowReader"/> is held to everything its predecessor was.
/// </summary>
[TestClass]
public sealed class CsvRowReaderEdgeCaseTests
{
    private static CsvRowReader Open(string path) => new(SpecFor(SourceFormat.Csv, path));

    [TestMethod]
    public void LastRowWithoutNewlineHasItsLine()
    {
        using var folder = new TempFolder();
        using var reader = Open(folder.Write("data.csv", "a,b\n1,2\n3,4"));
        Assert.IsTrue(reader.Read());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual(3, reader.RowLocation.Line);
        Assert.AreEqual("4", reader.GetSpan(1).ToString());
        Assert.IsFalse(reader.Read());
    }

    [TestMethod]
    public void CrLfLineEndsKeepLineNumbersAndAreNotPartOfTheLastCell()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a,b\r\n1,2\r\n3,4\r\n5,6\r\n");
        using (var reader = Open(path)) CollectionAssert.AreEqual(new[] { 2, 3, 4 }, Lines(reader));
        using (var reader = Open(path)) AreRows([["1", "2"], ["3", "4"], ["5", "6"]], ReadAll(reader));
    }

    [TestMethod]
    public void BlankLineInASingleColumnFileIsSkippedToo()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data.csv", "a\n1\n\n3\n");
        using (var reader = Open(path)) CollectionAssert.AreEqual(new[] { 2, 4 }, Lines(reader));
        using (var reader = Open(path)) AreRows([["1"], ["3"]], ReadAll(reader));
    }

    [TestMethod]
    public void Utf16WithoutAByteOrderMarkIsMLB2004AsBinary()
    {
        using var folder = new TempFolder();
        var path = folder.WriteBytes("data.csv", Encoding.Unicode.GetBytes("a,b\n1,2\n"));
        var error = ReadFails(() => Open(path), DiagnosticCodes.DataMalformed);
        DiagnosticAssert.At(error, path, 0, 0);
        Assert.Contains("binary", error.Message);
    }
}
