using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Data.Sources;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>
/// What issue 3 added to a training run: validation.json and profile.json, data checks that stop it, and data read
/// from JSON Lines, several files and SQLite, giving the same model as the same rows in one CSV file.
/// </summary>
[TestClass]
public sealed class TrainingRunDataTests
{
    private static JsonElement ReadJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    /// <summary>The binary sample spec (gates on line 7) with <paramref name="data"/> as its <c>data</c>.</summary>
    private static string BinarySpec(string data, string? more = null) =>
        "{\n  \"task\": \"binary-classification\",\n  \"data\": " + data + ",\n  \"label\": \"Churned\",\n" +
        "  \"trainer\": \"fast-tree\",\n  \"gates\": [\n    { \"metric\": \"auc\", \"min\": 0.8 }\n  ]" + (more is null ? "" : ",\n  " + more) + "\n}\n";

    private static TrainResult Train(string specPath, string output, DiagnosticList diagnostics, bool warningsAsErrors = false, int maxListed = 10) =>
        TrainingRun.Execute(new TrainRequest(specPath, output, MaxListedPerCheck: maxListed, DataWarningsAsErrors: warningsAsErrors), diagnostics);

    [TestMethod]
    public void RunWritesValidationAndProfile()
    {
        using var project = ModelProject.Binary();
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(project.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));

        var validation = ReadJson(project.Artifacts().Validation);
        Assert.AreEqual(1, validation.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual("Churn", validation.GetProperty("model").GetString());
        Assert.IsTrue(validation.GetProperty("passed").GetBoolean());
        Assert.AreEqual(300, validation.GetProperty("rows").GetInt64());
        Assert.IsFalse(validation.TryGetProperty("testRows", out _), "no separate test data");
        var checks = validation.GetProperty("checks").EnumerateArray().ToList();
        var leakage = checks.Single(c => c.GetProperty("check").GetString() == "leakage");
        Assert.AreEqual(DiagnosticCodes.DataLeakage, leakage.GetProperty("code").GetString());
        Assert.AreEqual("warning", leakage.GetProperty("severity").GetString());
        Assert.IsInRange(59, 61, leakage.GetProperty("evaluated").GetInt64());
        Assert.IsTrue(leakage.GetProperty("passed").GetBoolean());
        var ageType = checks.Single(c => c.GetProperty("check").GetString() == "type" && c.GetProperty("column").GetString() == "Age");
        Assert.AreEqual((300L, 0L, 1.0), (ageType.GetProperty("evaluated").GetInt64(), ageType.GetProperty("failed").GetInt64(), ageType.GetProperty("mostly").GetDouble()));
        CollectionAssert.AreEqual(new[] { "Age", "Plan", "Usage" },
            validation.GetProperty("skew").EnumerateArray().Select(s => s.GetProperty("column").GetString()).ToArray());
        Assert.IsTrue(validation.GetProperty("skew").EnumerateArray().All(s => s.GetProperty("maxDistance").GetDouble() == 0.1));

        var profile = ReadJson(project.Artifacts().Profile);
        Assert.AreEqual(("Churn", 300L), (profile.GetProperty("model").GetString(), profile.GetProperty("rows").GetInt64()));
        var columns = profile.GetProperty("columns").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "Age:feature", "Plan:feature", "Usage:feature", "Churned:label" },
            columns.Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("role").GetString()}").ToArray());
        var usage = columns[2];
        Assert.AreEqual(300L, usage.GetProperty("count").GetInt64());
        Assert.IsGreaterThanOrEqualTo(0.0, usage.GetProperty("min").GetDouble());
        Assert.IsLessThan(100.0, usage.GetProperty("max").GetDouble());
        Assert.AreEqual(3, columns[1].GetProperty("topValues").GetArrayLength());

        Assert.IsTrue(diagnostics.Messages.Any(m => m.StartsWith("Churn: data checks on 300 rows:", StringComparison.Ordinal)), string.Join("\n", diagnostics.Messages));
    }

    [TestMethod]
    public void FailedDataChecksStopTheRunButLeaveValidationAndProfile()
    {
        var csv = SampleData.Binary(rows: 60);
        using var project = ModelProject.Create(BinarySpec("\"data.csv\"", "\"checks\": { \"minRows\": 100 }"), csv);
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsFalse(result.Succeeded);
        Assert.IsFalse(result.Trained);
        DiagnosticAssert.IsError(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.DataRowCount), DiagnosticCodes.DataRowCount, project.SpecPath, 9, 15);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
        Assert.IsFalse(File.Exists(project.Artifacts().Metrics));
        Assert.IsFalse(File.Exists(project.Artifacts().Manifest));
        var validation = ReadJson(project.Artifacts().Validation);
        Assert.IsFalse(validation.GetProperty("passed").GetBoolean());
        Assert.AreEqual(0, validation.GetProperty("skew").GetArrayLength(), "leakage and skew wait for usable data");
        Assert.IsFalse(validation.GetProperty("checks").EnumerateArray().Any(c => c.GetProperty("check").GetString() == "leakage"));
        Assert.AreEqual(60, ReadJson(project.Artifacts().Profile).GetProperty("rows").GetInt64());
    }

    [TestMethod]
    public void LeakageAboveMaxLeakageIsMLB2029AndStopsTheRun()
    {
        // Every row three times: most test rows also sit in the training part.
        var rows = SampleData.Binary(rows: 100).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = rows[0] + "\n" + string.Concat(rows.Skip(1).Select(r => $"{r}\n{r}\n{r}\n"));
        // Leakage warns by default; a spec that treats it as an error stops the run.
        using var project = ModelProject.Create(BinarySpec("\"data.csv\"", "\"checks\": { \"maxLeakage\": { \"value\": 0.1, \"severity\": \"error\" } }"), csv);
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics, force: true);

        Assert.IsFalse(result.Succeeded);
        Assert.IsFalse(result.Trained);
        var leaks = diagnostics.Items.Where(d => d.Code == DiagnosticCodes.DataLeakage).ToList();
        Assert.HasCount(11, leaks, "10 listed rows and the count of the rest");
        Assert.IsTrue(leaks.All(d => d.Severity == Severity.Error && d.File == project.DataPath && d.Column == 1));
        Assert.Contains("The rule allows 10.0 % ('mostly': 0.9).", leaks[10].Message);
        Assert.IsFalse(File.Exists(project.Artifacts().Model));
        var leakage = ReadJson(project.Artifacts().Validation).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "leakage");
        Assert.IsFalse(leakage.GetProperty("passed").GetBoolean());
    }

    [TestMethod]
    public void DataWarningsAsErrorsStopTheRunOnAWarning()
    {
        var csv = SampleData.Regression().Replace("\n", ",x\n", StringComparison.Ordinal).Replace("Price,x", "Price,Constant", StringComparison.Ordinal);
        using var project = ModelProject.Create("{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"checks\": { \"maxSkew\": 1 } }", csv, "Prices.mlmodel.json");

        var lenient = new DiagnosticList();
        Assert.IsTrue(Train(project.SpecPath, project.Folder.Combine("lenient"), lenient).Succeeded, DiagnosticAssert.Describe(lenient));
        Assert.AreEqual(Severity.Warning, DiagnosticAssert.Single(lenient, DiagnosticCodes.DataConstantColumn).Severity);

        var strict = new DiagnosticList();
        var result = Train(project.SpecPath, project.Folder.Combine("strict"), strict, warningsAsErrors: true);

        Assert.IsFalse(result.Succeeded);
        DiagnosticAssert.Codes(strict, DiagnosticCodes.DataConstantColumn);
        Assert.AreEqual(Severity.Error, strict.Items[0].Severity);
        Assert.IsFalse(File.Exists(project.Artifacts(project.Folder.Combine("strict")).Model));
    }

    [TestMethod]
    public void MaxListedPerCheckOfTheRequestLimitsTheListedCells()
    {
        var lines = SampleData.Regression(rows: 40).Split('\n');
        for (var i = 1; i <= 5; i++) lines[i] = "big," + lines[i][(lines[i].IndexOf(',', StringComparison.Ordinal) + 1)..];
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"columns\": { \"Size\": { \"type\": \"number\" } } }", string.Join("\n", lines), "Prices.mlmodel.json");
        var diagnostics = new DiagnosticList();

        Assert.IsFalse(Train(project.SpecPath, project.OutputDirectory, diagnostics, maxListed: 2).Succeeded);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.At(diagnostics.Items[1], project.DataPath, 3, 1);
        Assert.Contains("3 more value(s) fail this check (5 of 40, 12.5 %); only the first 2 are listed", diagnostics.Items[2].Message);
    }

    [TestMethod]
    public void SeparateTestDataIsValidatedAndCheckedForLeakage()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"testData\": \"test.csv\", \"label\": \"Price\" }",
            SampleData.Regression(rows: 150), "Prices.mlmodel.json");
        project.Folder.Write("test.csv", SampleData.Regression(rows: 30, seed: 9));
        var diagnostics = new DiagnosticList();

        Assert.IsTrue(project.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));

        var validation = ReadJson(project.Artifacts().Validation);
        Assert.AreEqual((150L, 30L), (validation.GetProperty("rows").GetInt64(), validation.GetProperty("testRows").GetInt64()));
        var leakage = validation.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "leakage");
        Assert.AreEqual(30L, leakage.GetProperty("evaluated").GetInt64());
        Assert.AreEqual(2, validation.GetProperty("checks").EnumerateArray().Count(c => c.GetProperty("check").GetString() == "label usable"), "one for each data set");
    }

    [TestMethod]
    public void JsonLinesGiveTheSameModelAsTheSameRowsInCsv()
    {
        using var project = ModelProject.Binary();
        project.Folder.Write("data.jsonl", SampleData.ToJsonLines(SampleData.Binary()));
        var linesSpec = project.Folder.Write("Lines.mlmodel.json", BinarySpec("\"data.jsonl\""));
        var diagnostics = new DiagnosticList();

        var csv = project.Train();
        var lines = Train(linesSpec, project.OutputDirectory, diagnostics);

        Assert.IsTrue(lines.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual((csv.Metrics!.TrainRows, csv.Metrics.TestRows), (lines.Metrics!.TrainRows, lines.Metrics.TestRows));
        CollectionAssert.AreEqual(csv.Metrics.Metrics.ToArray(), lines.Metrics.Metrics.ToArray());
        CollectionAssert.AreEqual(csv.Metrics.Inputs.ToArray(), lines.Metrics.Inputs.ToArray());
        Assert.AreEqual(project.Folder.Combine("Lines.mlmodel.json") + "\n" + project.Folder.Combine("data.jsonl") + "\n",
            File.ReadAllText(new ArtifactPaths(project.OutputDirectory, "Lines").InputList));
    }

    [TestMethod]
    public void TwoCsvFilesMatchedByAGlobAreReadAsOne()
    {
        using var project = ModelProject.Binary();
        var rows = SampleData.Binary().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var first = project.Folder.Write("parts/part-1.csv", rows[0] + "\n" + string.Join("\n", rows[1..151]) + "\n");
        var second = project.Folder.Write("parts/part-2.csv", rows[0] + "\n" + string.Join("\n", rows[151..]) + "\n");
        project.Folder.Write("parts/notes.txt", "not data");
        var globSpec = project.Folder.Write("Parts.mlmodel.json", BinarySpec("\"parts/part-*.csv\""));
        var diagnostics = new DiagnosticList();

        var whole = project.Train();
        var parts = Train(globSpec, project.OutputDirectory, diagnostics);

        Assert.IsTrue(parts.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual(300, parts.Metrics!.TrainRows + parts.Metrics.TestRows);
        CollectionAssert.AreEqual(whole.Metrics!.Metrics.ToArray(), parts.Metrics.Metrics.ToArray());
        var paths = new ArtifactPaths(project.OutputDirectory, "Parts");
        Assert.AreEqual(globSpec + "\n" + first + "\n" + second + "\n", File.ReadAllText(paths.InputList));
        CollectionAssert.AreEqual(new[] { "spec", "data", "data" }, ArtifactJson.TryRead<RunManifest>(paths.Manifest)!.Inputs.Select(i => i.Role).ToArray());
        Assert.AreEqual(300, ReadJson(paths.Validation).GetProperty("rows").GetInt64());
    }

    [TestMethod]
    public void AGlobThatMatchesNothingIsMLB2001AtTheSpecsData()
    {
        using var project = ModelProject.Create(BinarySpec("\"parts/part-*.csv\""), SampleData.Binary(rows: 10));
        var error = DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.DataFileNotFound);
        DiagnosticAssert.At(error, project.SpecPath, 3, 3);
        Assert.Contains("part-*.csv'", error.Message);
    }

    [TestMethod]
    public void ASqliteQueryGivesTheSameModelAsTheSameRowsInCsv()
    {
        using var project = ModelProject.Binary();
        var database = SqliteRowReaderTests.CreateDatabase(project.Folder, SampleData.ToSql(SampleData.Binary(), "customers"), "churn.db");
        var sqliteSpec = project.Folder.Write("Sql.mlmodel.json",
            BinarySpec("{ \"format\": \"sqlite\", \"path\": \"churn.db\", \"query\": \"SELECT Age, Plan, Usage, Churned FROM customers ORDER BY rowid\" }"));
        var diagnostics = new DiagnosticList();

        var csv = project.Train();
        var sql = Train(sqliteSpec, project.OutputDirectory, diagnostics);

        Assert.IsTrue(sql.Succeeded, DiagnosticAssert.Describe(diagnostics));
        CollectionAssert.AreEqual(csv.Metrics!.Metrics.ToArray(), sql.Metrics!.Metrics.ToArray());
        CollectionAssert.AreEqual(csv.Metrics.Inputs.ToArray(), sql.Metrics.Inputs.ToArray());
        Assert.AreEqual(sqliteSpec + "\n" + database + "\n", File.ReadAllText(new ArtifactPaths(project.OutputDirectory, "Sql").InputList));
    }

    [TestMethod]
    public void SqliteRowsAreReportedByRowNumber()
    {
        using var project = ModelProject.Create(BinarySpec("\"data.csv\""), "Age,Churned\n1,yes\n");
        var csv = SampleData.Binary(rows: 40).Replace(",no\n", ",maybe\n", StringComparison.Ordinal);
        var database = SqliteRowReaderTests.CreateDatabase(project.Folder, SampleData.ToSql(csv, "customers"), "churn.db");
        var spec = project.Folder.Write("Sql.mlmodel.json", BinarySpec("{ \"format\": \"sqlite\", \"path\": \"churn.db\", \"query\": \"SELECT * FROM customers ORDER BY rowid\" }"));
        var diagnostics = new DiagnosticList();

        Assert.IsFalse(Train(spec, project.OutputDirectory, diagnostics).Succeeded);

        var first = diagnostics.Items.First(d => d.Code == DiagnosticCodes.DataLabelUnusable);
        Assert.AreEqual("sqlite:churn.db", first.File);
        var firstMaybe = csv.Split('\n').Skip(1).ToList().FindIndex(l => l.EndsWith(",maybe", StringComparison.Ordinal)) + 1;
        Assert.AreEqual(firstMaybe, first.Line, "the row number in the query's result");
        Assert.IsTrue(File.Exists(database));
    }

    [TestMethod]
    public void SqlitePathWithoutAQueryIsMLB1004AtTheSpecsData()
    {
        using var project = ModelProject.Create(BinarySpec("\"churn.db\""), "Age,Churned\n1,yes\n");
        SqliteRowReaderTests.CreateDatabase(project.Folder, "CREATE TABLE t (a INTEGER);", "churn.db");
        var error = DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.SpecMissingField);
        DiagnosticAssert.At(error, project.SpecPath, 3, 3);
        Assert.Contains("'query'", error.Message);
    }
}
