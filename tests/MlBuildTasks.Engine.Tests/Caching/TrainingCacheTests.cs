using MlBuildTasks.Engine.Caching;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Caching;

/// <summary>The training cache: hit, miss, what is and is not a training input, corruption, concurrent writers, prune.</summary>
[TestClass]
public sealed class TrainingCacheTests
{
    private static TrainResult Train(ModelProject project, string cache, DiagnosticList diagnostics, string? outputDirectory = null, bool force = false) =>
        TrainingRun.Execute(new TrainRequest(project.SpecPath, outputDirectory ?? project.OutputDirectory, force, CacheDirectory: cache), diagnostics);

    private static bool Restored(DiagnosticList diagnostics) => diagnostics.Messages.Any(m => m.Contains("restored from the training cache", StringComparison.Ordinal));

    [TestMethod]
    public void AnUnchangedModelIsRestoredInAnotherFolderWithTheSameBytesAndMetrics()
    {
        using var cache = new TempFolder();
        using var project = ModelProject.Binary();
        var first = Train(project, cache.Path, new DiagnosticList());
        var elsewhere = Path.Combine(project.Folder.Path, "other-obj");
        var diagnostics = new DiagnosticList();

        var second = Train(project, cache.Path, diagnostics, elsewhere);

        Assert.IsTrue(first.Trained && second.Succeeded);
        Assert.IsFalse(second.Trained, "restored, not trained");
        Assert.IsTrue(Restored(diagnostics));
        CollectionAssert.AreEqual(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(second.ModelPath));
        CollectionAssert.AreEquivalent(first.Metrics!.Metrics.ToList(), second.Metrics!.Metrics.ToList());
        Assert.HasCount(1, new TrainingCache(cache.Path).List());
    }

    [TestMethod]
    public void AChangedGateIsJudgedOnTheCachedModelAndAChangedSeedTrainsAgain()
    {
        using var cache = new TempFolder();
        using var project = ModelProject.Binary();
        Assert.IsTrue(Train(project, cache.Path, new DiagnosticList()).Trained);

        File.WriteAllText(project.SpecPath, File.ReadAllText(project.SpecPath).Replace("\"min\": 0.8", "\"min\": 0.85", StringComparison.Ordinal));
        var gateChanged = new DiagnosticList();
        Assert.IsFalse(Train(project, cache.Path, gateChanged).Trained);
        Assert.IsTrue(Restored(gateChanged));

        File.WriteAllText(project.SpecPath, File.ReadAllText(project.SpecPath).Replace("\"trainer\"", "\"seed\": 7,\n  \"trainer\"", StringComparison.Ordinal));
        var seedChanged = new DiagnosticList();
        Assert.IsTrue(Train(project, cache.Path, seedChanged).Trained);
        Assert.IsFalse(Restored(seedChanged));
        Assert.HasCount(2, new TrainingCache(cache.Path).List());
    }

    [TestMethod]
    public void ChangedDataTrainsAgainAndForceNeverReads()
    {
        using var cache = new TempFolder();
        using var project = ModelProject.Binary();
        Train(project, cache.Path, new DiagnosticList());

        Assert.IsTrue(Train(project, cache.Path, new DiagnosticList(), force: true).Trained, "force trains");
        File.AppendAllText(project.DataPath, "30,basic,10,yes\n");
        Assert.IsTrue(Train(project, cache.Path, new DiagnosticList()).Trained, "new data");
    }

    [TestMethod]
    public void ACorruptEntryIsDiscardedWithMLB3004AndTheModelTrainedAgain()
    {
        using var cache = new TempFolder();
        using var project = ModelProject.Binary();
        Train(project, cache.Path, new DiagnosticList());
        var entry = new TrainingCache(cache.Path).List().Single().Entry;
        var model = Path.Combine(cache.Path, entry.Key, "model.zip");
        File.WriteAllBytes(model, File.ReadAllBytes(model)[..100]); // truncated
        var diagnostics = new DiagnosticList();

        var result = Train(project, cache.Path, diagnostics, force: false, outputDirectory: Path.Combine(project.Folder.Path, "obj2"));

        Assert.IsTrue(result.Succeeded && result.Trained);
        var warning = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.CacheEntryCorrupt);
        Assert.AreEqual(Severity.Warning, warning.Severity);
        Assert.Contains("does not match its SHA-256", warning.Message);
        var refilled = new TrainingCache(cache.Path).List().Single();
        Assert.AreEqual(entry.Key, refilled.Entry.Key, "the entry is written again, whole");
        Assert.IsTrue(Reproducible.FileHasSha256(model, refilled.Entry.ModelSha256));
    }

    [TestMethod]
    public void TwoWritersOfOneKeyAtOnceLeaveOneWholeEntry()
    {
        using var cache = new TempFolder();
        var store = new TrainingCache(cache.Path);
        var model = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        var entry = new CacheEntry(CacheEntry.CurrentSchemaVersion, "0123456789abcdef0123456789abcdef", "M", "fast-tree", new Dictionary<string, double?>(),
            new Dictionary<string, double?> { ["auc"] = 0.9 }, 10, 5, Reproducible.Sha256(model), "1", DateTimeOffset.UnixEpoch);

        Parallel.For(0, 8, _ => store.Put(entry, model, null));

        Assert.HasCount(1, store.List());
        var read = store.TryGet(entry.Key, new DiagnosticList());
        Assert.IsNotNull(read);
        CollectionAssert.AreEqual(model, read.Model);
        Assert.IsFalse(Directory.EnumerateDirectories(cache.Path, ".staging-*").Any(), "no leftovers");
    }

    [TestMethod]
    public void PruneDeletesUnusedEntriesThenTheLeastRecentlyUsedBeyondTheSize()
    {
        using var cache = new TempFolder();
        var store = new TrainingCache(cache.Path);
        foreach (var (key, daysAgo) in new[] { ("a", 40), ("b", 10), ("c", 1) })
        {
            var model = new byte[1000];
            store.Put(new CacheEntry(CacheEntry.CurrentSchemaVersion, key.PadRight(32, '0'), key, "gam", new Dictionary<string, double?>(), new Dictionary<string, double?>(), 1, 1,
                Reproducible.Sha256(model), "1", DateTimeOffset.UnixEpoch), model, null);
            Directory.SetLastWriteTimeUtc(Path.Combine(cache.Path, key.PadRight(32, '0')), DateTime.UtcNow.AddDays(-daysAgo));
        }

        Assert.AreEqual(1, store.Prune(TimeSpan.FromDays(30), maxBytes: null).Deleted);
        CollectionAssert.AreEqual(new[] { "c", "b" }, store.List().Select(e => e.Entry.Model).ToArray());
        Assert.AreEqual(1, store.Prune(TimeSpan.FromDays(30), maxBytes: 1500).Deleted);
        Assert.AreEqual("c", store.List().Single().Entry.Model);
    }

    [TestMethod]
    public void ASearchIsCachedWithItsLeaderboard()
    {
        using var cache = new TempFolder();
        using var project = ModelProject.Create(SpecText.Minimal("binary-classification", "Churned", more: "\"training\": { \"trainers\": [\"lbfgs-logistic\"], \"search\": \"random\", \"trials\": 2, \"folds\": 2 }"), SampleData.Binary());
        var first = Train(project, cache.Path, new DiagnosticList());
        var elsewhere = Path.Combine(project.Folder.Path, "other-obj");

        var second = Train(project, cache.Path, new DiagnosticList(), outputDirectory: elsewhere);

        Assert.IsTrue(first.Trained);
        Assert.IsFalse(second.Trained);
        Assert.AreEqual(File.ReadAllText(project.Artifacts().Trials), File.ReadAllText(Path.Combine(elsewhere, "Churn.trials.json")));
        Assert.AreEqual(first.Metrics!.Trainer, second.Metrics!.Trainer);
    }
}
