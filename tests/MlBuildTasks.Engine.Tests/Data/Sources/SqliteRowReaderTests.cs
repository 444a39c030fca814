using Microsoft.Data.Sqlite;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class SqliteRowReaderTests
{
    /// <summary>Creates a database file and runs <paramref name="sql"/> in it.</summary>
    internal static string CreateDatabase(TempFolder folder, string sql, string name = "houses.db")
    {
        var path = folder.Combine(name);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }

    private const string Houses = """
        CREATE TABLE houses (id INTEGER, size REAL, city TEXT, photo BLOB, note TEXT);
        INSERT INTO houses VALUES (1, 72.5, 'Zürich', x'010203', NULL);
        INSERT INTO houses VALUES (2, 0.1, 'Bern', NULL, '');
        INSERT INTO houses VALUES (3, 1e300, NULL, NULL, 'x');
        """;

    private static SqliteRowReader Open(string path, string? query = "SELECT * FROM houses ORDER BY id") =>
        new(SpecFor(SourceFormat.Sqlite, path, query: query));

    [TestMethod]
    public void StreamsTheQueryResultWithInvariantValuesAndRowNumbers()
    {
        using var folder = new TempFolder();
        var path = CreateDatabase(folder, Houses);

        using var reader = Open(path);

        Assert.AreEqual("sqlite:houses.db", reader.Name);
        CollectionAssert.AreEqual(new[] { "id", "size", "city", "photo", "note" }, reader.Columns.ToArray());
        var rows = new List<string?[]>();
        var locations = new List<SourceLocation>();
        while (reader.Read())
        {
            locations.Add(reader.RowLocation);
            rows.Add([.. Enumerable.Range(0, 5).Select(i => reader.IsMissing(i) ? null : reader.GetSpan(i).ToString())]);
        }

        AreRows([["1", "72.5", "Zürich", "AQID", null], ["2", "0.1", "Bern", null, ""], ["3", "1E+300", null, null, "x"]], rows);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }.Select(n => new SourceLocation("sqlite:houses.db", n, 0)).ToArray(), locations);
    }

    [TestMethod]
    public void TheFileIsClosedWhenTheReaderIsDisposed()
    {
        using var folder = new TempFolder();
        var path = CreateDatabase(folder, Houses);
        using (var reader = Open(path)) Assert.IsTrue(reader.Read());
        File.Delete(path);
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void TheDatabaseIsOpenedReadOnly()
    {
        using var folder = new TempFolder();
        var path = CreateDatabase(folder, Houses);
        var error = ReadFails(() => Open(path, "DELETE FROM houses"), DiagnosticCodes.DataSourceFailed);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        Assert.Contains("readonly", error.Message);
        using var check = Open(path);
        Assert.HasCount(3, ReadAll(check));
    }

    [TestMethod]
    public void AMissingDatabaseIsMLB2001AtTheSpec()
    {
        using var folder = new TempFolder();
        var error = ReadFails(() => Open(folder.Combine("nope.db")), DiagnosticCodes.DataFileNotFound);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        Assert.IsFalse(File.Exists(folder.Combine("nope.db")), "Opening must not create the database.");
    }

    [TestMethod]
    public void AFailingQueryIsMLB2015WithTheDatabasesReason()
    {
        using var folder = new TempFolder();
        var path = CreateDatabase(folder, Houses);
        var error = ReadFails(() => Open(path, "SELECT * FROM flats"), DiagnosticCodes.DataSourceFailed);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        Assert.Contains("no such table: flats", error.Message);
    }

    [TestMethod]
    public void AFileThatIsNotADatabaseIsMLB2015()
    {
        using var folder = new TempFolder();
        var path = folder.Write("houses.db", "id,size\n1,2\n" + new string('x', 200));
        Assert.Contains("not a database", ReadFails(() => Open(path), DiagnosticCodes.DataSourceFailed).Message);
    }

    [TestMethod]
    public void NoQueryIsMLB1004AndTwoColumnsOfOneNameMLB2013()
    {
        using var folder = new TempFolder();
        var path = CreateDatabase(folder, Houses);
        DiagnosticAssert.At(ReadFails(() => Open(path, query: null), DiagnosticCodes.SpecMissingField), DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        ReadFails(() => Open(path, "SELECT id, city AS id FROM houses"), DiagnosticCodes.DataDuplicateHeader);
    }
}
