using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Churn;
using MlBuildTasks.Runtime.Tests.Support;

namespace MlBuildTasks.Runtime.Tests.Monitoring;

[TestClass]
public sealed partial class PredictionLogTests
{
    private static string s_directory = "";

    [ClassInitialize]
    public static void TrainModel(TestContext context)
    {
        s_directory = Checksums.NewDirectory();
        ChurnModelFiles.Write(s_directory);
    }

    [ClassCleanup]
    public static void RemoveModel() => Directory.Delete(s_directory, recursive: true);

    private readonly List<string> _logDirectories = [];

    [TestCleanup]
    public void RemoveLogs()
    {
        foreach (var directory in _logDirectories.Where(Directory.Exists)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>A folder for one test's log, removed after it (it does not exist yet: the writer creates it).</summary>
    private string NewLogDirectory()
    {
        var directory = Path.Combine(Checksums.NewDirectory(), "log");
        _logDirectories.Add(Path.GetDirectoryName(directory)!);
        return directory;
    }

    private static ChurnModel Load(PredictionLogOptions log, InvalidInputBehavior invalidInput = InvalidInputBehavior.Throw) =>
        ChurnModel.Load(new ModelOptions { ModelDirectory = s_directory, InvalidInput = invalidInput, Log = log });

    private static ChurnModelInput Input(float? tenure, string? contract, bool? senior = false) =>
        new() { Tenure = tenure, Contract = contract, SeniorCitizen = senior };

    private static List<ChurnModelInput> ValidInputs(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Input(random.Next(0, 73), ChurnModelFiles.Contracts[random.Next(3)], random.Next(2) == 0))
            .ToList();
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex Id();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex Time();

    private static string[] Names(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];

    [TestMethod]
    public void RecordsHaveTheDocumentedFormat()
    {
        var logs = NewLogDirectory();
        var before = DateTime.UtcNow.AddMilliseconds(-1);
        var inputs = new[]
        {
            Input(3, "Month-to-month", true),
            Input(100, "Two year", null), // outside the training range; a missing optional value
            Input(10, "Weekly", false), // an unknown category, flagged
            Input(null, "", false), // missing, flagged
        };
        List<ChurnModelOutput> outputs;
        using (var model = Load(new PredictionLogOptions { Directory = logs }, InvalidInputBehavior.Flag))
        {
            outputs = [.. inputs.Select(model.Predict)];
        }

        var after = DateTime.UtcNow.AddMilliseconds(1);

        var lines = LogFiles.Lines(logs);
        Assert.HasCount(4, lines);
        // The first line, literally: property order, number and boolean forms, no spaces, no issues property.
        var first = outputs[0];
        var firstTime = JsonDocument.Parse(lines[0]).RootElement.GetProperty("time").GetString();
        string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);
        Assert.AreEqual(
            "{\"id\":\"" + first.PredictionId + "\",\"time\":\"" + firstTime + "\",\"model\":\"ChurnModel\",\"version\":\"1.2.3\"," +
            "\"inputs\":{\"Tenure\":3,\"Contract\":\"Month-to-month\",\"Senior citizen\":true}," +
            "\"outputs\":{\"PredictedLabel\":true,\"Score\":" + Number(first.Score) + ",\"Probability\":" + Number(first.Probability) + "}}",
            lines[0]);

        var records = LogFiles.Records(logs);
        var previous = DateTime.MinValue;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            CollectionAssert.AreEqual(new[] { "id", "time", "model", "version", "inputs", "outputs" }.Concat(outputs[i].InputIssues.Count > 0 ? ["issues"] : []).ToArray(), Names(record));
            var id = record.GetProperty("id").GetString()!;
            Assert.MatchesRegex(Id(), id);
            Assert.AreEqual(outputs[i].PredictionId, id);
            var text = record.GetProperty("time").GetString()!;
            Assert.MatchesRegex(Time(), text);
            var time = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.IsTrue(time >= before && time <= after, $"{text} is between {before:O} and {after:O}");
            Assert.IsTrue(time >= previous, "times increase");
            previous = time;
            Assert.AreEqual("ChurnModel", record.GetProperty("model").GetString());
            Assert.AreEqual("1.2.3", record.GetProperty("version").GetString());
            CollectionAssert.AreEqual(new[] { "Tenure", "Contract", "Senior citizen" }, Names(record.GetProperty("inputs")));
            CollectionAssert.AreEqual(new[] { "PredictedLabel", "Score", "Probability" }, Names(record.GetProperty("outputs")));
            var logged = record.GetProperty("outputs");
            Assert.AreEqual(outputs[i].PredictedLabel, logged.GetProperty("PredictedLabel").GetBoolean());
            AssertNumber(outputs[i].Score, logged.GetProperty("Score"));
            AssertNumber(outputs[i].Probability, logged.GetProperty("Probability"));
        }

        Assert.AreEqual("""{"Tenure":100,"Contract":"Two year","Senior citizen":null}""", records[1].GetProperty("inputs").GetRawText());
        Assert.AreEqual("""["Tenure: OutsideTrainingRange"]""", records[1].GetProperty("issues").GetRawText());
        Assert.AreEqual("""{"Tenure":10,"Contract":"Weekly","Senior citizen":false}""", records[2].GetProperty("inputs").GetRawText());
        Assert.AreEqual("""["Contract: UnknownCategory"]""", records[2].GetProperty("issues").GetRawText());
        Assert.AreEqual("""{"Tenure":null,"Contract":null,"Senior citizen":false}""", records[3].GetProperty("inputs").GetRawText());
        Assert.AreEqual("""["Tenure: Missing","Contract: Missing"]""", records[3].GetProperty("issues").GetRawText());
        // This small model cannot impute a missing number: its NaN score is written as null.
        Assert.IsTrue(float.IsNaN(outputs[3].Score));
        Assert.AreEqual("""{"PredictedLabel":false,"Score":null,"Probability":null}""", records[3].GetProperty("outputs").GetRawText());
    }

    /// <summary>A float as logged: the same number, or null for NaN.</summary>
    private static void AssertNumber(float expected, JsonElement logged)
    {
        if (float.IsNaN(expected)) Assert.AreEqual(JsonValueKind.Null, logged.ValueKind);
        else Assert.AreEqual(expected, logged.GetSingle());
    }

    [TestMethod]
    public void TheLogHasWhatWasPredictedEvenWhenTheCallerChangesItsObjectsAfter()
    {
        var logs = NewLogDirectory();
        using (var model = Load(new PredictionLogOptions { Directory = logs }))
        {
            var input = Input(3, "Month-to-month", true);
            var output = model.Predict(input);
            input.Tenure = 50;
            input.Contract = "Two year";
            output.Probability = -1;
            output.PredictedLabel = !output.PredictedLabel;
        }

        var record = Assert.ContainsSingle(LogFiles.Records(logs));
        Assert.AreEqual("""{"Tenure":3,"Contract":"Month-to-month","Senior citizen":true}""", record.GetProperty("inputs").GetRawText());
        Assert.IsTrue(record.GetProperty("outputs").GetProperty("PredictedLabel").GetBoolean());
        Assert.IsGreaterThan(0.5f, record.GetProperty("outputs").GetProperty("Probability").GetSingle());
    }

    [TestMethod]
    public void AnExcludedColumnIsLeftOutOfEveryRecord()
    {
        var logs = NewLogDirectory();
        using (var model = Load(new PredictionLogOptions { Directory = logs, ExcludedColumns = ["Senior citizen"] }))
        {
            Assert.AreEqual("Senior citizen", Assert.ContainsSingle(model.Log!.ExcludedColumns));
            foreach (var input in ValidInputs(10, seed: 3)) model.Predict(input);
        }

        var records = LogFiles.Records(logs);
        Assert.HasCount(10, records);
        Assert.IsTrue(records.All(r => Names(r.GetProperty("inputs")).SequenceEqual(["Tenure", "Contract"])));
        Assert.DoesNotContain("Senior", string.Join("\n", LogFiles.Lines(logs)));
    }

    [TestMethod]
    public void AnUnknownExcludedColumnIsRefusedWhenTheModelLoads()
    {
        // The C# property's name is not the column's: the signature's name is.
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            Load(new PredictionLogOptions { Directory = NewLogDirectory(), ExcludedColumns = ["Tenure", "SeniorCitizen"] }));

        Assert.AreEqual("ExcludedColumns", error.ParamName);
        Assert.Contains("'SeniorCitizen'", error.Message);
        Assert.Contains("'Tenure', 'Contract', 'Senior citizen'", error.Message);
    }

    [TestMethod]
    public void BadLogOptionsAreRefusedWhenTheModelLoads()
    {
        Assert.Contains("Directory", Assert.ThrowsExactly<ArgumentException>(() => Load(new PredictionLogOptions())).Message);
        Assert.AreEqual("SampleRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            Load(new PredictionLogOptions { Directory = NewLogDirectory(), SampleRate = 1.5 })).ParamName);
        Assert.AreEqual("SampleRate", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            Load(new PredictionLogOptions { Directory = NewLogDirectory(), SampleRate = double.NaN })).ParamName);
        Assert.AreEqual("QueueCapacity", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            Load(new PredictionLogOptions { Directory = NewLogDirectory(), QueueCapacity = 0 })).ParamName);
        Assert.AreEqual("MaxFileBytes", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            Load(new PredictionLogOptions { Directory = NewLogDirectory(), MaxFileBytes = 0 })).ParamName);
        Assert.AreEqual("MaxFiles", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            Load(new PredictionLogOptions { Directory = NewLogDirectory(), MaxFiles = 0 })).ParamName);
    }

    [TestMethod]
    public void WithoutALogEveryOutputStillHasItsOwnId()
    {
        using var model = ChurnModel.Load(new ModelOptions { ModelDirectory = s_directory });
        var inputs = ValidInputs(50, seed: 21);

        var ids = inputs.Select(i => model.Predict(i).PredictionId).Concat(model.PredictBatch(inputs).Select(o => o.PredictionId)).ToList();

        Assert.IsNull(model.Log);
        Assert.IsNull(model.Feedback);
        Assert.IsTrue(ids.All(id => Id().IsMatch(id)));
        Assert.HasCount(100, ids.Distinct());
    }

    [TestMethod]
    public void EveryRowOfABatchIsLoggedInOrder()
    {
        var logs = NewLogDirectory();
        IReadOnlyList<ChurnModelOutput> outputs;
        using (var model = Load(new PredictionLogOptions { Directory = logs }))
        {
            outputs = model.PredictBatch(ValidInputs(20, seed: 4));
        }

        CollectionAssert.AreEqual(outputs.Select(o => o.PredictionId).ToArray(), LogFiles.Records(logs).Select(r => r.GetProperty("id").GetString()).ToArray());
    }

    [TestMethod]
    public void RefusedInputsAreNotLogged()
    {
        var logs = NewLogDirectory();
        using (var model = Load(new PredictionLogOptions { Directory = logs }))
        {
            Assert.ThrowsExactly<ModelInputException>(() => model.Predict(Input(null, "Weekly")));
            Assert.ThrowsExactly<ModelInputException>(() => model.PredictBatch([Input(5, "One year"), Input(-1, "One year")]));
            Assert.AreEqual(new PredictionLogStatistics(0, 0, 0, 0), model.Log!.Statistics);
        }

        Assert.IsEmpty(LogFiles.Of(logs));
    }

    [TestMethod]
    public void UnderConcurrentLoadNothingBelowTheQueueBoundIsLost()
    {
        const int Threads = 8, Predictions = 2_000;
        var logs = NewLogDirectory();
        var inputs = Enumerable.Range(0, Threads).Select(t => ValidInputs(Predictions, seed: 200 + t)).ToArray();
        var ids = new ConcurrentBag<string>();
        var errors = new ConcurrentQueue<Exception>();
        var model = Load(new PredictionLogOptions { Directory = logs, QueueCapacity = Threads * Predictions });
        using (var start = new Barrier(Threads))
        {
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    foreach (var input in inputs[t]) ids.Add(model.Predict(input).PredictionId);
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        model.Dispose();

        Assert.IsEmpty(errors);
        Assert.AreEqual(new PredictionLogStatistics(Threads * Predictions, 0, 0, 0), model.Log!.Statistics);
        var logged = LogFiles.Records(logs).Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.HasCount(Threads * Predictions, logged);
        CollectionAssert.AreEquivalent(ids.ToArray(), logged);
    }

    [TestMethod]
    public void AFullQueueDropsRecordsAndCountsThemWithoutSlowingPredictions()
    {
        const int Predictions = 500;
        var logs = NewLogDirectory();
        using var gate = new ManualResetEventSlim(false);
        var model = Load(new PredictionLogOptions { Directory = logs, QueueCapacity = 10, OpenFile = path => new GatedFileStream(path, gate) });
        try
        {
            // The writer is stuck on its first write: the queue fills, and every prediction still returns at once.
            var outputs = ValidInputs(Predictions, seed: 8).Select(model.Predict).ToList();

            Assert.HasCount(Predictions, outputs);
            var stuck = model.Log!.Statistics;
            Assert.IsGreaterThan(0L, stuck.Dropped);
            Assert.AreEqual(0L, stuck.Written);
            Assert.IsLessThanOrEqualTo(10, stuck.Queued);
        }
        finally
        {
            gate.Set();
            model.Dispose();
        }

        var statistics = model.Log!.Statistics;
        Assert.IsGreaterThan(0L, statistics.Dropped);
        Assert.AreEqual(0L, statistics.Failed);
        Assert.AreEqual(0, statistics.Queued);
        Assert.AreEqual(Predictions, statistics.Written + statistics.Dropped);
        Assert.HasCount((int)statistics.Written, LogFiles.Lines(logs));
    }

    [TestMethod]
    public void FilesRotateAtMaxFileBytesWithWholeLinesAndSortableNames()
    {
        const long MaxFileBytes = 2_000;
        var logs = NewLogDirectory();
        var ids = new List<string>();
        using (var model = Load(new PredictionLogOptions { Directory = logs, MaxFileBytes = MaxFileBytes }))
        {
            foreach (var input in ValidInputs(100, seed: 6))
            {
                ids.Add(model.Predict(input).PredictionId);
                if (ids.Count % 7 == 0) model.Log!.FlushAsync().GetAwaiter().GetResult(); // several batches per file
            }
        }

        var files = LogFiles.Of(logs);
        Assert.IsGreaterThan(3, files.Length);
        foreach (var file in files)
        {
            Assert.MatchesRegex(@"^ChurnModel\.predictions\.\d{8}T\d{9}Z\.\d+\.jsonl$", Path.GetFileName(file));
            Assert.IsLessThanOrEqualTo(MaxFileBytes, new FileInfo(file).Length, file);
        }

        // Every line whole and parsed; read in the files' name order, the records are in the predictions' order.
        CollectionAssert.AreEqual(ids, LogFiles.Records(logs).Select(r => r.GetProperty("id").GetString()).ToList());
    }

    [TestMethod]
    public void OnlyTheNewestMaxFilesAreKept()
    {
        var logs = NewLogDirectory();
        var ids = new List<string>();
        using (var model = Load(new PredictionLogOptions { Directory = logs, MaxFileBytes = 1_000, MaxFiles = 3 }))
        {
            foreach (var input in ValidInputs(100, seed: 7))
            {
                ids.Add(model.Predict(input).PredictionId);
                model.Log!.FlushAsync().GetAwaiter().GetResult();
            }
        }

        Assert.HasCount(3, LogFiles.Of(logs));
        var kept = LogFiles.Records(logs).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.IsLessThan(ids.Count, kept.Count);
        CollectionAssert.AreEqual(ids[^kept.Count..], kept, "the kept files hold the latest records");
    }

    [TestMethod]
    public void ASampleRateOfZeroLogsNothing()
    {
        var logs = NewLogDirectory();
        using (var model = Load(new PredictionLogOptions { Directory = logs, SampleRate = 0 }))
        {
            foreach (var input in ValidInputs(100, seed: 1)) Assert.MatchesRegex(Id(), model.Predict(input).PredictionId);
            Assert.AreEqual(new PredictionLogStatistics(0, 0, 0, 0), model.Log!.Statistics);
        }

        Assert.IsFalse(Directory.Exists(logs), "no file, not even the folder");
    }

    [TestMethod]
    public void ASampleRateLogsThatShareChosenByTheIdsHash()
    {
        const int Predictions = 2_000;
        var logs = NewLogDirectory();
        List<string> ids;
        using (var model = Load(new PredictionLogOptions { Directory = logs, SampleRate = 0.5 }))
        {
            ids = [.. ValidInputs(Predictions, seed: 2).Select(i => model.Predict(i).PredictionId)];
        }

        var logged = LogFiles.Records(logs).Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.IsTrue(logged.Count is > 800 and < 1_200, $"{logged.Count} of {Predictions}");
        CollectionAssert.AreEqual(ids.Where(id => PredictionIds.Sampled(Guid.ParseExact(id, "N"), 0.5)).ToList(), logged);
    }

    [TestMethod]
    public void TheSampleHashIsTheDocumentedOneAndUniform()
    {
        // docs/monitoring.md#sampling: (hi XOR lo) through SplitMix64's finaliser, top 53 bits / 2^53 (computed in Python).
        Assert.AreEqual(0.609324041468283, PredictionIds.Fraction(Guid.ParseExact("019c3f2a7b4e7c1d9a2b3c4d5e6f7081", "N")), 1e-15);
        Assert.IsFalse(PredictionIds.Sampled(Guid.ParseExact("019c3f2a7b4e7c1d9a2b3c4d5e6f7081", "N"), 0.6));
        Assert.IsTrue(PredictionIds.Sampled(Guid.ParseExact("019c3f2a7b4e7c1d9a2b3c4d5e6f7081", "N"), 0.61));

        var fractions = Enumerable.Range(0, 100_000).Select(_ => PredictionIds.Fraction(Guid.CreateVersion7())).ToList();
        Assert.IsTrue(fractions.All(f => f is >= 0 and < 1));
        Assert.AreEqual(0.1, fractions.Count(f => f < 0.1) / 100_000.0, 0.01);
        Assert.AreEqual(0.5, fractions.Average(), 0.01);
    }

    [TestMethod]
    public void AnUnwritableFolderFailsRecordsNotPredictions()
    {
        var parent = Path.GetDirectoryName(NewLogDirectory())!;
        var file = Path.Combine(parent, "not-a-folder");
        File.WriteAllText(file, "");
        var model = Load(new PredictionLogOptions { Directory = Path.Combine(file, "log") });

        var outputs = ValidInputs(100, seed: 5).Select(model.Predict).ToList();
        model.Dispose();

        Assert.HasCount(100, outputs);
        Assert.AreEqual(new PredictionLogStatistics(0, 0, 100, 0), model.Log!.Statistics);
        Assert.IsInstanceOfType<IOException>(model.Log.LastError);
    }

    [TestMethod]
    public void AfterAWriteErrorTheWriterTriesANewFile()
    {
        var logs = NewLogDirectory();
        var opened = 0;
        var model = Load(new PredictionLogOptions
        {
            Directory = logs,
            OpenFile = path => Interlocked.Increment(ref opened) == 1 ? throw new IOException("disk full") : new FileStream(path, FileMode.CreateNew),
        });
        try
        {
            var first = model.Predict(Input(5, "One year"));
            model.Log!.FlushAsync().GetAwaiter().GetResult();
            Assert.AreEqual(1L, model.Log.Statistics.Failed);
            Assert.AreEqual("disk full", model.Log.LastError!.Message);

            Thread.Sleep(TimeSpan.FromSeconds(1.2)); // the writer waits a second before it opens a file again
            var second = model.Predict(Input(6, "One year"));
            model.Log.FlushAsync().GetAwaiter().GetResult();

            Assert.AreEqual(new PredictionLogStatistics(1, 0, 1, 0), model.Log.Statistics);
            Assert.AreEqual(second.PredictionId, Assert.ContainsSingle(LogFiles.Records(logs)).GetProperty("id").GetString());
            Assert.AreNotEqual(first.PredictionId, second.PredictionId);
        }
        finally
        {
            model.Dispose();
        }
    }

    [TestMethod]
    public async Task FlushAsyncMakesQueuedRecordsReadableWhileTheLogRuns()
    {
        var logs = NewLogDirectory();
        using var model = Load(new PredictionLogOptions { Directory = logs });
        foreach (var input in ValidInputs(5, seed: 12)) model.Predict(input);

        await model.Log!.FlushAsync(TestContext.CancellationToken);

        Assert.HasCount(5, LogFiles.Records(logs));
        Assert.AreEqual(new PredictionLogStatistics(5, 0, 0, 0), model.Log.Statistics);
    }

    [TestMethod]
    public void AfterDisposeRecordsAreDroppedAndDisposingAgainIsHarmless()
    {
        var logs = NewLogDirectory();
        var model = Load(new PredictionLogOptions { Directory = logs });
        model.Predict(Input(5, "One year"));
        model.Dispose();

        model.Predict(Input(5, "One year"));
        model.Dispose();
        model.Log!.Dispose();

        Assert.AreEqual(new PredictionLogStatistics(1, 1, 0, 0), model.Log.Statistics);
    }

    [TestMethod]
    public void AFeedbackLogSitsNextToThePredictionLog()
    {
        var logs = NewLogDirectory();
        using var model = Load(new PredictionLogOptions { Directory = logs });

        Assert.AreEqual(Path.Combine(Path.GetFullPath(logs), "ChurnModel.feedback.jsonl"), model.Feedback!.Path);
        Assert.AreEqual("Churned", model.Feedback.Label!.Name);
        Assert.AreEqual(Path.GetFullPath(logs), model.Log!.Directory);
    }

    public TestContext TestContext { get; set; } = null!;
}
