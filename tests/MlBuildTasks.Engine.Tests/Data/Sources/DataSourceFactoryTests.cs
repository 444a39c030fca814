using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class DataSourceFactoryTests
{
    [TestMethod]
    [DataRow("data.csv", SourceFormat.Csv)]
    [DataRow("DATA.CSV", SourceFormat.Csv)]
    [DataRow("data.tsv", SourceFormat.Tsv)]
    [DataRow("data.tab", SourceFormat.Tsv)]
    [DataRow("data.jsonl", SourceFormat.JsonLines)]
    [DataRow("data.ndjson", SourceFormat.JsonLines)]
    [DataRow("data.json", SourceFormat.JsonArray)]
    [DataRow("/x/data.parquet", SourceFormat.Parquet)]
    [DataRow("data.db", SourceFormat.Sqlite)]
    [DataRow("data.sqlite", SourceFormat.Sqlite)]
    [DataRow("data.sqlite3", SourceFormat.Sqlite)]
    [DataRow("data/*.csv", SourceFormat.Csv)]
    public void FormatFromExtension(string path, SourceFormat format)
    {
        Assert.AreEqual(format, DataSourceFactory.FormatFromExtension(path));
        Assert.IsTrue(DataSourceFactory.TryFormatFromExtension(path, out var tried));
        Assert.AreEqual(format, tried);
    }

    [TestMethod]
    [DataRow("data.xlsx")]
    [DataRow("data")]
    public void AnUnknownExtensionIsMLB1005(string path)
    {
        Assert.IsFalse(DataSourceFactory.TryFormatFromExtension(path, out _));
        var error = DiagnosticAssert.Throws(() => DataSourceFactory.FormatFromExtension(path), DiagnosticCodes.SpecInvalidValue);
        Assert.Contains(path, error.Message);
        Assert.Contains(".parquet", error.Message);
    }

    [TestMethod]
    public void APathWithoutWildcardsExpandsToItself()
    {
        var spec = SpecFor(SourceFormat.Csv, "/nowhere/data.csv");
        Assert.AreSame(spec, DataSourceFactory.Expand(spec).Single());
        var database = SpecFor(SourceFormat.Postgres, null, query: "SELECT 1");
        Assert.AreSame(database, DataSourceFactory.Expand(database).Single());
    }

    [TestMethod]
    public void AGlobExpandsToTheMatchingFilesSortedOrdinally()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "b.csv", "a.csv", "B.csv", "notes.txt", "sub/c.csv", "sub/deeper/d.csv" }) folder.Write("data/" + name, "x\n1\n");

        var flat = DataSourceFactory.Expand(SpecFor(SourceFormat.Csv, folder.Combine("data") + "/*.csv", delimiter: ';'));
        CollectionAssert.AreEqual(new[] { "B.csv", "a.csv", "b.csv" }.Select(n => folder.Combine("data/" + n)).ToArray(), flat.Select(s => s.Path).ToArray());
        Assert.IsTrue(flat.All(s => s.Delimiter == ';' && s.DeclaredAt == DeclaredAt), "Each expanded source keeps the spec's settings.");

        var deep = DataSourceFactory.Expand(SpecFor(SourceFormat.Csv, folder.Combine("data") + "/**/*.csv"));
        CollectionAssert.AreEqual(new[] { "B.csv", "a.csv", "b.csv", "sub/c.csv", "sub/deeper/d.csv" }.Select(n => folder.Combine("data/" + n)).ToArray(), deep.Select(s => s.Path).ToArray());
    }

    [TestMethod]
    public void AGlobMatchingNothingIsMLB2001AtTheSpecNamingThePattern()
    {
        using var folder = new TempFolder();
        folder.Write("data/a.txt", "x");
        foreach (var pattern in new[] { folder.Combine("data") + "/*.csv", folder.Combine("missing") + "/*.csv" })
        {
            var error = DiagnosticAssert.Throws(() => DataSourceFactory.Expand(SpecFor(SourceFormat.Csv, pattern)), DiagnosticCodes.DataFileNotFound);
            DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
            Assert.Contains(pattern, error.Message);
        }
    }

    [TestMethod]
    public void OpenReadsEveryFileAGlobMatchesAsOneSource()
    {
        using var folder = new TempFolder();
        folder.Write("data/2024-02.csv", "id,v\n3,c\n");
        folder.Write("data/2024-01.csv", "v,id\na,1\nb,2\n");

        using var reader = DataSourceFactory.Open(SpecFor(SourceFormat.Csv, folder.Combine("data") + "/*.csv"));

        Assert.IsInstanceOfType<ConcatenatedRowReader>(reader);
        CollectionAssert.AreEqual(new[] { "v", "id" }, reader.Columns.ToArray());
        AreRows([["a", "1"], ["b", "2"], ["c", "3"]], ReadAll(reader));
    }

    [TestMethod]
    public void OpenPicksTheReaderForTheFormat()
    {
        using var folder = new TempFolder();
        var csv = folder.Write("a.csv", "x\n1\n");
        var tsv = folder.Write("a.tsv", "x\ty\n1\t2\n");
        var jsonl = folder.Write("a.jsonl", "{\"x\": 1}\n");
        var json = folder.Write("a.json", "[{\"x\": 1}]");
        var sqlite = SqliteRowReaderTests.CreateDatabase(folder, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");

        using (var reader = DataSourceFactory.Open(SpecFor(SourceFormat.Csv, csv))) Assert.IsInstanceOfType<CsvRowReader>(reader);
        using (var reader = DataSourceFactory.Open(SpecFor(SourceFormat.Tsv, tsv))) Assert.HasCount(2, reader.Columns);
        using (var reader = DataSourceFactory.Open(SpecFor(SourceFormat.JsonLines, jsonl))) Assert.IsInstanceOfType<JsonLinesRowReader>(reader);
        using (var reader = DataSourceFactory.Open(SpecFor(SourceFormat.JsonArray, json))) Assert.IsInstanceOfType<JsonArrayRowReader>(reader);
        using (var reader = DataSourceFactory.Open(SpecFor(SourceFormat.Sqlite, sqlite, query: "SELECT x FROM t"))) Assert.IsInstanceOfType<SqliteRowReader>(reader);
        DiagnosticAssert.Throws(() => DataSourceFactory.Open(SpecFor(SourceFormat.Postgres, null, query: "SELECT 1")), DiagnosticCodes.DataConnectionMissing);
    }

    [TestMethod]
    public void AFilesFingerprintIsItsContentFingerprint()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.csv", "x\n1\n");
        Assert.AreEqual(ContentFingerprint.OfFile(path), DataSourceFactory.Fingerprint(SpecFor(SourceFormat.Csv, path)));
        var error = DiagnosticAssert.Throws(() => DataSourceFactory.Fingerprint(SpecFor(SourceFormat.Csv, folder.Combine("nope.csv"))), DiagnosticCodes.DataFileNotFound);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
    }

    [TestMethod]
    public void AGlobsFingerprintDependsOnTheFilesNamesAndContentsNotWhereTheFolderIs()
    {
        using var one = new TempFolder();
        using var two = new TempFolder();
        foreach (var folder in new[] { one, two })
        {
            folder.Write("data/a.csv", "x\n1\n");
            folder.Write("data/b.csv", "x\n2\n");
        }

        string Of(TempFolder folder) => DataSourceFactory.Fingerprint(SpecFor(SourceFormat.Csv, folder.Combine("data") + "/*.csv"));

        var original = Of(one);
        Assert.AreEqual(original, Of(two));
        Assert.HasCount(32, original);

        two.Write("data/c.csv", "x\n3\n");
        Assert.AreNotEqual(original, Of(two));
        File.Delete(two.Combine("data/c.csv"));
        File.Move(two.Combine("data/b.csv"), two.Combine("data/b2.csv"));
        Assert.AreNotEqual(original, Of(two));
        File.Move(two.Combine("data/b2.csv"), two.Combine("data/b.csv"));
        Assert.AreEqual(original, Of(two));
        two.Write("data/b.csv", "x\n2.0\n");
        Assert.AreNotEqual(original, Of(two));
    }

    [TestMethod]
    public void ADatabasesFingerprintIsOfItsQueryResult()
    {
        using var folder = new TempFolder();
        var first = SqliteRowReaderTests.CreateDatabase(folder, "CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('1', 'x'); INSERT INTO t VALUES ('2', NULL);", "one.db");
        var reordered = SqliteRowReaderTests.CreateDatabase(folder, "CREATE TABLE t (b TEXT, a TEXT, junk INT); INSERT INTO t VALUES (NULL, '2', 9); INSERT INTO t VALUES ('x', '1', 8);", "two.db");

        string Of(string path, string query = "SELECT a, b FROM t ORDER BY a") => DataSourceFactory.Fingerprint(SpecFor(SourceFormat.Sqlite, path, query: query));

        Assert.AreEqual(Of(first), Of(reordered), "The same result gives the same fingerprint, however it is stored.");
        Assert.AreNotEqual(Of(first), Of(first, "SELECT a, b FROM t ORDER BY a DESC"), "Row order counts.");
        Assert.AreNotEqual(Of(first), Of(first, "SELECT a AS c, b FROM t ORDER BY a"), "Column names count.");
        Assert.AreNotEqual(Of(first), Of(first, "SELECT a, coalesce(b, '') AS b FROM t ORDER BY a"), "NULL is not the empty string.");
        Assert.AreNotEqual(Of(first), Of(first, "SELECT a, b FROM t WHERE a = '1'"));
    }

    [TestMethod]
    public void TheRowsFingerprintIsUnambiguous()
    {
        using var folder = new TempFolder();
        var db = SqliteRowReaderTests.CreateDatabase(folder, "CREATE TABLE t (id INT);");
        string Of(string query) => DataSourceFactory.Fingerprint(SpecFor(SourceFormat.Sqlite, db, query: query));

        Assert.AreNotEqual(Of("SELECT 'ab' AS a, 'c' AS b"), Of("SELECT 'a' AS a, 'bc' AS b"));
        Assert.AreNotEqual(Of("SELECT 'x' AS ab, 'y' AS c"), Of("SELECT 'x' AS a, 'y' AS bc"));
        Assert.AreNotEqual(Of("SELECT '' AS a UNION ALL SELECT ''"), Of("SELECT '' AS a"));
        Assert.AreNotEqual(Of("SELECT * FROM t"), Of("SELECT id AS other FROM t"));
        Assert.AreEqual(Of("SELECT 'ab' AS a, 'c' AS b"), Of("SELECT 'ab' AS a, 'c' AS b"));
    }
}
