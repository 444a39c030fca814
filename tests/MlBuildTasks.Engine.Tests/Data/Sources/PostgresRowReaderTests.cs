using System.Net;
using System.Net.Sockets;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Data.Sources.Sources;

namespace MlBuildTasks.Engine.Tests.Data.Sources;

[TestClass]
public sealed class PostgresRowReaderTests
{
    /// <summary>A connection string to a PostgreSQL server for the live test; without it that test is inconclusive.</summary>
    private const string LiveVariable = "MLB_TEST_POSTGRES";

    private const string Password = "S3cret-Pa55word!";

    private static PostgresRowReader Open(string? connection = null, string? variable = null, string query = "SELECT 1") =>
        new(SpecFor(SourceFormat.Postgres, null, query: query, connection: connection, connectionVariable: variable));

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [TestMethod]
    public void ReadsAQueryFromALiveServer()
    {
        var connection = Environment.GetEnvironmentVariable(LiveVariable);
        if (string.IsNullOrWhiteSpace(connection))
        {
            Assert.Inconclusive($"Set {LiveVariable} to a PostgreSQL connection string to run this test.");
            return;
        }

        using var reader = new PostgresRowReader(SpecFor(SourceFormat.Postgres, null, connectionVariable: LiveVariable, query: """
            SELECT * FROM (VALUES
              (1, 2.5::float8, 'Zürich'::text, true, DATE '2024-02-29', NULL::int),
              (2, 0.1::float8, NULL, false, DATE '2024-03-01', 7)) AS t(id, size, city, ok, day, n)
            ORDER BY id
            """));

        Assert.AreEqual("postgres", reader.Name);
        CollectionAssert.AreEqual(new[] { "id", "size", "city", "ok", "day", "n" }, reader.Columns.ToArray());
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            Assert.AreEqual(rows.Count + 1, reader.RowLocation.Line);
            rows.Add([.. Enumerable.Range(0, 6).Select(i => reader.IsMissing(i) ? null : reader.GetSpan(i).ToString())]);
        }

        Assert.HasCount(2, rows);
        CollectionAssert.AreEqual(new[] { "1", "2.5", "Zürich", "true", null }, new[] { rows[0][0], rows[0][1], rows[0][2], rows[0][3], rows[0][5] });
        CollectionAssert.AreEqual(new[] { "2", "0.1", null, "false", "7" }, new[] { rows[1][0], rows[1][1], rows[1][2], rows[1][3], rows[1][5] });
        Assert.StartsWith("2024-02-29", rows[0][4]!); // a date: ISO 8601
    }

    [TestMethod]
    public void AnUnsetConnectionVariableIsMLB2016NamingIt()
    {
        var variable = "MLB_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var error = ReadFails(() => Open(variable: variable), DiagnosticCodes.DataConnectionMissing);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        Assert.Contains(variable, error.Message);
    }

    [TestMethod]
    public void NoConnectionAtAllIsMLB2016()
    {
        DiagnosticAssert.At(ReadFails(() => Open(), DiagnosticCodes.DataConnectionMissing), DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
    }

    [TestMethod]
    public void AServerThatCannotBeReachedIsMLB2015WithoutTheConnectionStringOrPassword()
    {
        var connection = $"Host=127.0.0.1;Port={ClosedPort()};Database=housing;Username=trainer;Password={Password};Timeout=5";
        var variable = "MLB_TEST_PG_" + Guid.NewGuid().ToString("N");
        foreach (var open in new Func<IRowReader>[] { () => Open(connection), () => Open(variable: variable) })
        {
            Environment.SetEnvironmentVariable(variable, connection);
            try
            {
                var error = ReadFails(open, DiagnosticCodes.DataSourceFailed);
                DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
                Assert.Contains("127.0.0.1", error.Message);
                Assert.DoesNotContain(Password, error.ToString());
                Assert.DoesNotContain("Password=", error.ToString(), StringComparison.OrdinalIgnoreCase);
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }
    }

    [TestMethod]
    [DataRow($"Host=127.0.0.1;Password={Password};NoSuchKey=1")]
    [DataRow($"Host=127.0.0.1;Password='{Password}")]
    [DataRow($"Host=127.0.0.1;Port=notaport;Password={Password}")]
    public void AConnectionStringThatCannotBeParsedIsMLB2015WithoutEchoingIt(string connection)
    {
        var error = ReadFails(() => Open(connection), DiagnosticCodes.DataSourceFailed);
        DiagnosticAssert.At(error, DeclaredAt.File, DeclaredAt.Line, DeclaredAt.Column);
        Assert.DoesNotContain(Password, error.ToString());
    }

    [TestMethod]
    public void ScrubRemovesEverySecretLongestFirst()
    {
        Assert.AreEqual("failed for *** (***)", PostgresRowReader.Scrub("failed for Host=h;Password=pw12 (pw12)", ["pw12", "Host=h;Password=pw12"]));
    }
}
