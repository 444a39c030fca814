using System.Text.Json;
using MlBuildTasks.IntegrationTests.Infrastructure;
using Npgsql;

namespace MlBuildTasks.IntegrationTests;

/// <summary>Models trained from databases and validated with the data checks, through real builds.</summary>
[TestClass]
public sealed class DataSourceTests : IntegrationTest
{
    [TestMethod]
    public async Task HousingPricesTrainsFromSqliteAndReportsItsDataProblems()
    {
        var sample = await NewSampleAsync("HousingPrices");

        var build = await sample.RunAsync("build");

        AssertSucceeded(build);
        var artifacts = sample.ArtifactDirectory(model: "HousePrice");
        using var validation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(artifacts, "HousePrice.validation.json")));
        var checks = validation.RootElement.GetProperty("checks").EnumerateArray().ToList();
        var outliers = checks.Single(c => c.GetProperty("check").GetString() == "outliers");
        Assert.AreEqual("Lot Size (m²)", outliers.GetProperty("column").GetString());
        Assert.IsGreaterThan(0L, outliers.GetProperty("failed").GetInt64(), "the estates in the data are outliers");
        Assert.IsTrue(build.Diagnostics.Any(d => d.Code == "MLB2027" && d.Severity == "warning"), build.ToString());
        Assert.AreEqual(2000, validation.RootElement.GetProperty("rows").GetInt64());
        Assert.IsGreaterThan(0, validation.RootElement.GetProperty("skew").GetArrayLength());

        using var profile = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(artifacts, "HousePrice.profile.json")));
        var lot = profile.RootElement.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Lot Size (m²)");
        Assert.AreEqual(45, lot.GetProperty("missing").GetInt64());
        Assert.AreEqual("Lot_Size__m__", lot.GetProperty("modelColumn").GetString());

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(artifacts, "HousePrice.metrics.json")));
        Assert.IsGreaterThanOrEqualTo(0.8, metrics.RootElement.GetProperty("metrics").GetProperty("r-squared").GetDouble());

        var lockFile = File.ReadAllText(sample.PathOf("HousePrice.mlmodel.lock.json"));
        StringAssert.Contains(lockFile, "\"source\": \"data/housing.db\"");
    }

    [TestMethod]
    public async Task DataWarningsAsErrorsFailsTheBuildOnAnOutlierWarning()
    {
        var sample = await NewSampleAsync("HousingPrices");

        var build = await sample.RunAsync("build -p:MlDataWarningsAsErrors=true");

        var error = AssertFailedWith(build, "MLB2027");
        StringAssert.Contains(error.Message, "Lot Size (m²)");
        Assert.IsFalse(File.Exists(Path.Combine(sample.ArtifactDirectory(model: "HousePrice"), "HousePrice.zip")));
    }

    [TestMethod]
    public async Task RegexRuleFailsAtTheOffendingCell()
    {
        var sample = await NewSampleAsync();
        var spec = sample.PathOf("ChurnModel.mlmodel.json");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace(
            "\"CustomerId\": { \"type\": \"text\", \"required\": true, \"ignore\": true }",
            "\"CustomerId\": { \"type\": \"text\", \"required\": true, \"ignore\": true, \"regex\": \"^C\\\\d{5}$\" }"));
        sample.ReplaceLine("data/churn.csv", 7, line => "X" + line);

        var build = await sample.RunAsync("build");

        var error = AssertFailedWith(build, "MLB2020");
        Assert.AreEqual(sample.PathOf("data/churn.csv"), error.File);
        Assert.AreEqual(7, error.Line);
        Assert.AreEqual(1, error.Column);
    }

    [TestMethod]
    public async Task PostgresQueryTrainsAndAChangedRowRetrains()
    {
        var server = Environment.GetEnvironmentVariable("MLB_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server)) Assert.Inconclusive("MLB_TEST_POSTGRES is not set: no PostgreSQL server to test against (.ci/run starts one).");

        var database = "mlb_it_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            var sample = await NewSampleAsync();
            await LoadChurnAsync(connection, sample.PathOf("data/churn.csv"));
            var spec = sample.PathOf("ChurnModel.mlmodel.json");
            File.WriteAllText(spec, File.ReadAllText(spec).Replace("\"data\": \"data/churn.csv\"",
                "\"data\": { \"format\": \"postgres\", \"connectionEnv\": \"MLB_CHURN_DB\", \"query\": \"SELECT * FROM churn ORDER BY \\\"CustomerId\\\"\" }"));
            var environment = new Dictionary<string, string> { ["MLB_CHURN_DB"] = connection };

            var first = await sample.RunAsync("build", environment: environment);
            var unchanged = await sample.RunAsync("build", environment: environment);
            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync();
                await new NpgsqlCommand("UPDATE churn SET \"Tenure\" = '70' WHERE \"CustomerId\" = 'C00001'", db).ExecuteNonQueryAsync();
            }

            var changed = await sample.RunAsync("build", environment: environment);

            AssertSucceeded(first);
            StringAssert.Contains(first.Output, "training fast-tree");
            Assert.IsFalse(first.Output.Contains("Password", StringComparison.OrdinalIgnoreCase), "the connection string leaked into the log");
            AssertSucceeded(unchanged);
            StringAssert.Contains(unchanged.Output, "inputs unchanged");
            AssertSucceeded(changed);
            StringAssert.Contains(changed.Output, "training fast-tree");
            StringAssert.Contains(File.ReadAllText(sample.PathOf("ChurnModel.mlmodel.lock.json")), "postgres:");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>The churn CSV as a table of text columns (the build's checks parse the numbers).</summary>
    private static async Task LoadChurnAsync(string connection, string csv)
    {
        var lines = await File.ReadAllLinesAsync(csv);
        var columns = lines[0].Split(',');
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await new NpgsqlCommand($"CREATE TABLE churn ({string.Join(", ", columns.Select(c => $"\"{c}\" text"))})", db).ExecuteNonQueryAsync();
        await using var writer = await db.BeginTextImportAsync($"COPY churn FROM STDIN (FORMAT csv)");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0)) await writer.WriteLineAsync(line);
    }
}
