using System.Text.Json;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Data.Sources;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary><c>&lt;Model&gt;.mlmodel.lock.json</c> beside the spec: every source's fingerprint, rewritten only when one changes.</summary>
[TestClass]
public sealed class LockFileTests
{
    private static readonly DateTime LongAgo = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    /// <summary>Writes the spec, loads it and updates its lock file as a run does; returns the spec.</summary>
    private static ModelSpec Lock(string specPath)
    {
        var spec = SpecParser.Load(specPath, new DiagnosticList());
        InputTracking.UpdateLockFile(spec, InputTracking.Fingerprints(spec));
        return spec;
    }

    private static (string Role, string Format, string Source, string Fingerprint)[] Entries(string lockPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(lockPath));
        Assert.AreEqual(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
        return document.RootElement.GetProperty("sources").EnumerateArray()
            .Select(s => (s.GetProperty("role").GetString()!, s.GetProperty("format").GetString()!, s.GetProperty("source").GetString()!, s.GetProperty("fingerprint").GetString()!))
            .ToArray();
    }

    [TestMethod]
    [DataRow("Churn.mlmodel.json", "Churn.mlmodel.lock.json")]
    [DataRow("Sales.Forecast.mlmodel.json", "Sales.Forecast.mlmodel.lock.json")]
    [DataRow("model.json", "model.mlmodel.lock.json")]
    public void LockFileIsBesideTheSpecNamedAfterIt(string specFile, string lockFile)
    {
        using var folder = new TempFolder();
        var spec = SpecText.Parse(SpecText.Minimal("regression"), path: folder.Combine("models/" + specFile));
        Assert.AreEqual(folder.Combine("models/" + lockFile), LockFile.PathFor(spec));
    }

    [TestMethod]
    public void ATrainingRunWritesTheLockFileWithTheDataFingerprint()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Succeeded);

        var lockPath = project.Folder.Combine("Churn.mlmodel.lock.json");
        var fingerprint = ContentFingerprint.OfFile(project.DataPath);
        Assert.AreEqual(
            "{\n  \"schemaVersion\": 1,\n  \"sources\": [\n    {\n      \"role\": \"data\",\n      \"format\": \"csv\",\n      \"source\": \"data.csv\",\n" +
            $"      \"fingerprint\": \"{fingerprint}\"\n    }}\n  ]\n}}\n",
            File.ReadAllText(lockPath).ReplaceLineEndings("\n"));
        Assert.IsFalse(File.Exists(Path.Combine(project.OutputDirectory, "Churn.mlmodel.lock.json")), "it is beside the spec, not with the artifacts");
    }

    [TestMethod]
    public void TheLockFileIsWrittenBeforeTheDataIsValidated()
    {
        using var project = ModelProject.Create(SpecText.Minimal("regression", "Price"), "Size,Price\n1,x\n");
        Assert.IsFalse(project.Train().Succeeded);
        Assert.HasCount(1, Entries(project.Folder.Combine("Churn.mlmodel.lock.json")));
    }

    [TestMethod]
    public void UnchangedSourcesLeaveTheLockFileUntouched()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", "Size,Price\n1,2\n");
        var specPath = folder.Write("Prices.mlmodel.json", SpecText.Minimal("regression", "Price"));
        var spec = Lock(specPath);
        var lockPath = LockFile.PathFor(spec);
        var content = File.ReadAllBytes(lockPath);
        File.SetLastWriteTimeUtc(lockPath, LongAgo);

        Lock(specPath);
        // The spec changes, its sources do not: the lock file holds sources only.
        File.WriteAllText(specPath, SpecText.Minimal("regression", "Price", more: "\"seed\": 7"));
        Lock(specPath);

        Assert.AreEqual(LongAgo, File.GetLastWriteTimeUtc(lockPath));
        CollectionAssert.AreEqual(content, File.ReadAllBytes(lockPath));
    }

    [TestMethod]
    public void AChangedSourceRewritesTheLockFile()
    {
        using var folder = new TempFolder();
        var data = folder.Write("data.csv", "Size,Price\n1,2\n");
        var specPath = folder.Write("Prices.mlmodel.json", SpecText.Minimal("regression", "Price"));
        var lockPath = LockFile.PathFor(Lock(specPath));
        var before = Entries(lockPath).Single().Fingerprint;
        File.SetLastWriteTimeUtc(lockPath, LongAgo);

        File.WriteAllText(data, "Size,Price\n1,3\n");
        Lock(specPath);

        var after = Entries(lockPath).Single();
        Assert.AreNotEqual(before, after.Fingerprint);
        Assert.AreEqual(ContentFingerprint.OfFile(data), after.Fingerprint);
        Assert.AreNotEqual(LongAgo, File.GetLastWriteTimeUtc(lockPath));
    }

    [TestMethod]
    public void UpdateSaysWhetherItWrote()
    {
        using var folder = new TempFolder();
        var spec = SpecText.Parse(SpecText.Minimal("regression"), path: folder.Combine("M.mlmodel.json"));
        LockedSource[] sources = [new("data", "csv", "data.csv", new string('0', 32))];

        Assert.IsTrue(LockFile.Update(spec, sources));
        Assert.IsFalse(LockFile.Update(spec, sources));
        Assert.IsTrue(LockFile.Update(spec, [sources[0] with { Fingerprint = new string('1', 32) }]));
    }

    [TestMethod]
    public void SourcesAreShownRelativeToTheSpecWithForwardSlashesAndTheirRole()
    {
        using var folder = new TempFolder();
        var train = folder.Write("data/train.tsv", "Size\tPrice\n1\t2\n");
        var test = folder.Write("data/test/test.jsonl", "{\"Size\": 1, \"Price\": 2}\n");
        var specPath = folder.Write("models/Prices.mlmodel.json",
            "{ \"task\": \"regression\", \"data\": \"../data/train.tsv\", \"testData\": \"../data/test/test.jsonl\", \"label\": \"Price\" }");

        var entries = Entries(LockFile.PathFor(Lock(specPath)));

        CollectionAssert.AreEqual(new[]
        {
            ("data", "tsv", "../data/train.tsv", ContentFingerprint.OfFile(train)),
            ("testData", "jsonl", "../data/test/test.jsonl", ContentFingerprint.OfFile(test)),
        }, entries);
    }

    [TestMethod]
    public void EachFileAGlobMatchesHasItsOwnEntry()
    {
        using var folder = new TempFolder();
        var b = folder.Write("data/2024-02.csv", "Size,Price\n3,4\n");
        var a = folder.Write("data/2024-01.csv", "Size,Price\n1,2\n");
        folder.Write("data/2023-12.csv", "Size,Price\n5,6\n");
        var specPath = folder.Write("Prices.mlmodel.json", "{ \"task\": \"regression\", \"data\": \"data/2024-*.csv\", \"label\": \"Price\" }");

        var entries = Entries(LockFile.PathFor(Lock(specPath)));

        CollectionAssert.AreEqual(new[]
        {
            ("data", "csv", "data/2024-01.csv", ContentFingerprint.OfFile(a)),
            ("data", "csv", "data/2024-02.csv", ContentFingerprint.OfFile(b)),
        }, entries);
    }

    [TestMethod]
    public void ASqliteSourceIsFingerprintedByItsQueryResult()
    {
        using var folder = new TempFolder();
        var database = SqliteRowReaderTests.CreateDatabase(folder, "CREATE TABLE houses (size REAL, price REAL); INSERT INTO houses VALUES (1, 2);", "houses.db");
        var specPath = folder.Write("Prices.mlmodel.json",
            "{ \"task\": \"regression\", \"data\": { \"path\": \"houses.db\", \"query\": \"SELECT size, price FROM houses\" }, \"label\": \"price\" }");
        var spec = Lock(specPath);
        var entry = Entries(LockFile.PathFor(spec)).Single();

        Assert.AreEqual(("data", "sqlite", "houses.db"), (entry.Role, entry.Format, entry.Source));
        Assert.AreEqual(DataSourceFactory.Fingerprint(spec.Data[0]), entry.Fingerprint);
        Assert.AreNotEqual(ContentFingerprint.OfFile(database), entry.Fingerprint);

        SqliteRowReaderTests.CreateDatabase(folder, "INSERT INTO houses VALUES (3, 4);", "houses.db");
        Lock(specPath);
        Assert.AreNotEqual(entry.Fingerprint, Entries(LockFile.PathFor(spec)).Single().Fingerprint);
    }

    [TestMethod]
    public void APostgresSourceIsNamedByAHashOfItsQueryNeverItsConnection()
    {
        using var folder = new TempFolder();
        var spec = SpecText.Parse(
            "{ \"task\": \"regression\", \"data\": { \"format\": \"postgres\", \"connection\": \"Host=db;Password=hunter2\", \"query\": \"SELECT * FROM houses\" }, \"label\": \"price\" }",
            path: folder.Combine("Prices.mlmodel.json"));
        var fingerprint = new string('a', 32);

        InputTracking.UpdateLockFile(spec, [new("spec", spec.SpecPath, fingerprint), new("data", "postgres:" + QueryName("SELECT * FROM houses"), fingerprint)]);

        var text = File.ReadAllText(LockFile.PathFor(spec));
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("Host=db", text);
        Assert.AreEqual(("data", "postgres", "postgres:" + QueryName("SELECT * FROM houses"), fingerprint), Entries(LockFile.PathFor(spec)).Single());
    }

    /// <summary>How InputTracking names a query: the first 12 hex digits of a fingerprint of its text.</summary>
    private static string QueryName(string query) => ContentFingerprint.Combine([KeyValuePair.Create("query", query)])[..12];
}
