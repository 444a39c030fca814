using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Caching;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Reports;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Training.Search;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>
/// The build-time pipeline for one spec: load spec, read and validate the data (one streaming pass that
/// also profiles it and keeps the typed rows), split, check leakage and skew, train, evaluate, gate, write
/// artifacts. When the content fingerprint of spec, data and engine equals the last run's, nothing is
/// read or trained: the artifacts are kept (and their gate results replayed).
/// </summary>
public static partial class TrainingRun
{
    public static TrainResult Execute(TrainRequest request, IDiagnosticSink sink)
    {
        var spec = SpecParser.Load(request.SpecPath, sink, request.ModelName);
        var paths = new ArtifactPaths(Path.GetFullPath(request.OutputDirectory), spec.Name);
        if (request.FeedbackLogs is { } logs)
        {
            Directory.CreateDirectory(paths.Directory);
            spec = Monitoring.Retraining.FeedbackRows.Include(spec, logs, request.FeedbackFile, paths.Directory, sink);
        }
        // Found first: a missing or broken baseline should fail in a second, not after training.
        var baseline = BaselineResolver.Resolve(spec, request.PackageVersion, paths.BaselineCache, sink);

        var inputs = InputTracking.Fingerprints(spec, baseline);
        InputTracking.WriteInputList(paths, inputs);
        InputTracking.UpdateLockFile(spec, inputs);
        var fingerprint = InputTracking.Combined(inputs);
        if (!request.Force && !request.CheckDeterminism && TryReuse(spec, paths, fingerprint, baseline, request.AcceptRegression, sink) is { } reused) return reused;

        var stopwatch = Stopwatch.StartNew();
        var options = new ValidationOptions(request.MaxListedPerCheck, request.DataWarningsAsErrors);
        var scan = DataScan.Run(spec, spec.Data, null, options, collect: true, sink);
        var testScan = spec.TestData is null ? null : DataScan.Run(spec, spec.TestData, scan.Schema, options, collect: true, sink);

        var train = scan.Data!;
        var test = testScan?.Data ?? train;
        var split = testScan is null
            ? DataSplitter.Split(train.Classes, train.RowCount, spec)
            : new DataSplit(Enumerable.Range(0, train.RowCount).ToList(), Enumerable.Range(0, test.RowCount).ToList());

        var validation = Validate(spec, scan, testScan, split, options, sink);
        ArtifactJson.Write(paths.Validation, validation);
        ArtifactJson.Write(paths.Profile, scan.Profile);
        ValidationSummary.Report(validation, sink);
        if (!validation.Passed) return Failed(paths);
        CheckExportable(spec, scan.Schema);

        // The same training inputs were trained before (here or on another machine sharing the cache): reuse the model.
        var cache = request.CacheDirectory is { } cacheDirectory ? new TrainingCache(cacheDirectory) : null;
        var cacheKey = cache is null ? null : TrainingCacheKey.For(spec, inputs);
        var cached = cache is not null && !request.Force && !request.CheckDeterminism ? cache.TryGet(cacheKey!, sink) : null;
        var slices = SliceGroupsOf(spec, scan.Schema, test, split);
        TrialConfig choice;
        IReadOnlyDictionary<string, double> metrics;
        TestEvaluation evaluation;
        byte[] modelBytes;
        if (cached is not null)
        {
            choice = new TrialConfig(0, cached.Entry.Trainer, JsonNumbers.FromJson(cached.Entry.Parameters));
            metrics = JsonNumbers.FromJson(cached.Entry.Metrics);
            modelBytes = cached.Model;
            // Slices are not part of the key: the restored model scores the test part again for them, the class breakdown and error analysis.
            var ml = new MLContext(spec.Seed);
            evaluation = Test(ml, spec, ModelTrainer.Load(ml, modelBytes, spec.Task), test, split, slices, errorAnalysis: true);
            if (cached.Trials is { } trials) AtomicFile.WriteAllBytes(paths.Trials, trials);
            sink.Message($"{spec.Name}: {choice.Describe()} restored from the training cache ({cacheKey![..12]} in {cache!.Directory}), not trained.", important: true);
        }
        else
        {
            (choice, var search) = Choose(spec, train, split, paths, sink);
            sink.Message($"{spec.Name}: training {choice.Describe()} ({spec.Task.ToName()}) on {split.Train.Count} rows, testing on {split.Test.Count}, seed {spec.Seed}.", important: true);
            var ml = new MLContext(spec.Seed);
            (var model, evaluation) = FitAndTest(ml, spec, scan.Schema, train, test, split, choice, slices, errorAnalysis: true);
            metrics = evaluation.Metrics;
            if (request.CheckDeterminism) CheckDeterminism(spec, scan.Schema, train, test, split, choice, search, ml, model, metrics, sink);
            modelBytes = ModelFile.Bytes(ml, model.Saved, model.InputSchema);
            // Cached whether or not the gates pass: a gate is not part of the key, so a changed gate re-judges this model.
            cache?.Put(new CacheEntry(CacheEntry.CurrentSchemaVersion, cacheKey!, spec.Name, choice.Trainer, JsonNumbers.ToJson(choice.Parameters), JsonNumbers.ToJson(metrics),
                split.Train.Count, split.Test.Count, Reproducible.Sha256(modelBytes), EngineInfo.EngineVersion, DateTimeOffset.UtcNow),
                modelBytes, search is null ? null : File.ReadAllBytes(paths.Trials));
        }

        // Measured on the model file's bytes after any determinism check, and kept out of 'metrics' (and so out of the
        // cache entry and that check): timings vary from run to run.
        var performance = ModelPerformance.Measure(modelBytes, test.ToDataView(split.Test));
        var onnx = spec.Onnx is { } onnxSpec ? ExportOnnx(spec, onnxSpec, modelBytes, test, split, (testScan ?? scan).Locator, sink) : null;
        // A baseline model is scored on the same test rows, by the same code, in the same run: a fair comparison.
        var baselineMetrics = baseline.Metrics ?? (baseline.Model is { } baselineModel ? EvaluateBaseline(spec, baselineModel, baseline.Origin!, test, split, slices) : null);
        var verdict = GateEvaluator.Evaluate(spec, GateValues(metrics, performance), baselineMetrics, request.AcceptRegression, sink, evaluation.Slices, baseline.Absent);
        // An ONNX export that does not predict what the model predicts fails the run as a missed gate does.
        var passed = verdict.Passed && onnx?.Report.Passed != false;

        var document = new MetricsDocument(
            MetricsDocument.CurrentSchemaVersion, spec.Name, spec.Task, choice.Trainer, spec.Seed, split.Train.Count, split.Test.Count,
            // Exact values: a replayed gate must reach the same verdict as the run that recorded them.
            JsonNumbers.ToJson(metrics),
            verdict.Results, passed, spec.Label,
            scan.Schema.Features.Select(c => new InputColumn(c.Name, c.ModelName, c.Type, TrainingData.ModelInputType(c.Type))).ToList(),
            Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
            choice.Parameters.Count == 0 ? null : JsonNumbers.ToJson(choice.Parameters),
            evaluation.Classes?.PerClass, evaluation.Classes?.ConfusionMatrix, spec.Slices is null or [] ? null : evaluation.Slices,
            evaluation.FeatureImportance is null ? null : MetricCatalog.For(spec.Task)[0].Name, evaluation.FeatureImportance, evaluation.WorstPredictions, performance,
            baseline.Origin, baselineMetrics?.Metrics, baselineMetrics?.Slices is { Count: > 0 } baselineSlices ? baselineSlices : null, onnx?.Report);

        // A model that misses its gates is not left where the build and pack would pick it up.
        string? modelHash = null;
        if (passed)
        {
            AtomicFile.WriteAllBytes(paths.Model, modelBytes);
            modelHash = Reproducible.Sha256(modelBytes);
        }
        else if (File.Exists(paths.Model)) File.Delete(paths.Model);

        if (passed && onnx is not null) AtomicFile.WriteAllBytes(paths.Onnx, onnx.Bytes);
        else if (File.Exists(paths.Onnx)) File.Delete(paths.Onnx);

        ArtifactJson.Write(paths.Metrics, document);
        // Written for a failing model too: that is when a reviewer most needs to see why.
        ReportWriter.Write(paths, new ReportContent(document, validation, baselineMetrics, evaluation.Curves), sink);
        ArtifactJson.Write(paths.Manifest, new RunManifest(
            RunManifest.CurrentSchemaVersion, fingerprint, inputs, EngineInfo.EngineVersion, EngineInfo.MlNetVersion,
            spec.Seed, choice.Trainer, passed, modelHash, DateTimeOffset.UtcNow, verdict.Accepted.Count == 0 ? null : verdict.Accepted, baseline.Origin));

        sink.Message(Summary(document), important: true);
        if (TopFeatures(document) is { } top) sink.Message(top, important: true);
        return new TrainResult(passed, cached is null, paths.Model, paths.Metrics, document);
    }

    /// <summary>All data checks, plus leakage and skew between the parts once the data itself is usable.</summary>
    private static ValidationDocument Validate(ModelSpec spec, ScanResult scan, ScanResult? testScan, DataSplit split, ValidationOptions options, IDiagnosticSink sink)
    {
        var checks = scan.Checks.Concat(testScan?.Checks ?? []).ToList();
        IReadOnlyList<SkewResult> skew = [];
        if (CheckResult.AllPass(checks) && split.Test.Count > 0)
        {
            var test = testScan?.Data ?? scan.Data!;
            checks.Add(SplitChecks.Leakage(spec, scan.Data!, split.Train, test, split.Test, testScan?.Locator ?? scan.Locator, options, sink));
            skew = SplitChecks.Skew(spec, scan.Data!, split.Train, test, split.Test, options, sink);
        }

        return new ValidationDocument(ValidationDocument.CurrentSchemaVersion, spec.Name, CheckResult.AllPass(checks), scan.Rows, testScan?.Rows, checks, skew);
    }

    /// <summary>The last run's result when it was made from the same inputs and gets the same verdict, else null.</summary>
    private static TrainResult? TryReuse(ModelSpec spec, ArtifactPaths paths, string fingerprint, ResolvedBaseline resolved, bool acceptRegression, IDiagnosticSink sink)
    {
        var manifest = ArtifactJson.TryRead<RunManifest>(paths.Manifest);
        var metrics = ArtifactJson.TryRead<MetricsDocument>(paths.Metrics);
        if (manifest is null || metrics is null || manifest.Fingerprint != fingerprint) return null;
        // Same fingerprint, so the same baseline model and test data: its recorded values stand in for scoring it again.
        var baseline = resolved.Metrics;
        if (resolved.Model is not null)
        {
            if (metrics.BaselineMetrics is null) return null;
            baseline = new BaselineMetrics(resolved.Origin!.Name, metrics.BaselineMetrics, metrics.BaselineSlices, resolved.Origin);
        }

        // Same inputs: judge the recorded metrics again. Only MlAcceptRegression can change the verdict; then the run is
        // made again (the training cache usually has the model), so the model file, manifest and metrics agree with it.
        var replayed = new DiagnosticList();
        var verdict = GateEvaluator.Evaluate(spec, GateValues(JsonNumbers.FromJson(metrics.Metrics), metrics.Performance), baseline, acceptRegression, replayed, metrics.Slices, resolved.Absent);
        var accepted = (manifest.AcceptedRegressions ?? []).Select(a => a.Reason);
        if (verdict.Passed != manifest.GatesPassed || !verdict.Accepted.Select(a => a.Reason).SequenceEqual(accepted)) return null;
        foreach (var diagnostic in replayed.All) sink.Report(diagnostic);
        foreach (var message in replayed.Messages) sink.Message(message, important: true);
        if (!manifest.GatesPassed) return Failed(paths);

        if (!Reproducible.FileHasSha256(paths.Model, manifest.ModelSha256)) return null;
        if (spec.Onnx is not null && (metrics.Onnx is null || !Reproducible.FileHasSha256(paths.Onnx, metrics.Onnx.Sha256))) return null;

        // Newer timestamps let MSBuild's Inputs/Outputs check skip the target next time.
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(paths.Model, now);
        File.SetLastWriteTimeUtc(paths.Metrics, now);
        sink.Message($"{spec.Name}: inputs unchanged (fingerprint {fingerprint[..12]}); model is up to date, not retrained.", important: true);
        return new TrainResult(true, false, paths.Model, paths.Metrics, metrics);
    }

    /// <summary>What gates read by metric name: the test metrics and the performance figures (whose names differ).</summary>
    private static Dictionary<string, double> GateValues(IReadOnlyDictionary<string, double> metrics, PerformanceReport? performance)
    {
        var values = new Dictionary<string, double>(metrics);
        foreach (var (name, value) in performance?.Metrics ?? new Dictionary<string, double?>()) values[name] = value ?? double.NaN;
        return values;
    }

    /// <summary>How many slices the summary names, worst first.</summary>
    internal const int WorstSlicesShown = 3;

    /// <summary>"  worst slices by auc: ..." naming the slices with the worst headline metric (the task's first), or null without slices.</summary>
    internal static string? WorstSlices(MetricsDocument document)
    {
        var headline = MetricCatalog.For(document.Task)[0];
        var ranked = (document.Slices ?? []).Where(s => s.Metrics.GetValueOrDefault(headline.Name) is not null)
            .OrderBy(s => headline.HigherIsBetter ? s.Metrics[headline.Name] : -s.Metrics[headline.Name]).Take(WorstSlicesShown).ToList();
        if (ranked.Count == 0) return document.Slices is null ? null : $"  worst slices by {headline.Name}: none has a {headline.Name}";
        return $"  worst slices by {headline.Name}: " + string.Join(", ", ranked.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Metrics[headline.Name]:0.0000} ({s.Rows} rows)")));
    }

    /// <summary>How many input columns the build message names, most important first.</summary>
    internal const int TopFeaturesShown = 3;

    /// <summary>"Churn: most important inputs (drop in auc when shuffled): ..." or null without feature importance.</summary>
    internal static string? TopFeatures(MetricsDocument document)
    {
        if (document.FeatureImportance is not { Count: > 0 } importance) return null;
        return $"{document.Model}: most important inputs (drop in {document.FeatureImportanceMetric} when shuffled, metrics.json has all): " +
            string.Join(", ", importance.Take(TopFeaturesShown).Select(c => c.Drop is { } drop
                ? string.Create(CultureInfo.InvariantCulture, $"{c.Column} {drop:0.0000} ± {c.StdDev ?? 0:0.0000}")
                : $"{c.Column} n/a"));
    }

    /// <summary>"  performance: 12,345 bytes, load 8.1 ms, latency p50/p95/p99 0.02/0.03/0.05 ms, 120,000 rows/s, 1,234,567 bytes in memory (measured in 0.4 s)".</summary>
    internal static string? Performance(MetricsDocument document)
    {
        if (document.Performance?.Metrics is not { } p) return null;
        string N(string name, string format) => p.GetValueOrDefault(name) is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        return $"  performance: {N(ModelPerformance.ModelSizeBytes, "N0")} bytes, load {N(ModelPerformance.LoadTimeMs, "0.0")} ms, " +
            $"latency p50/p95/p99 {N(ModelPerformance.LatencyP50Ms, "0.###")}/{N(ModelPerformance.LatencyP95Ms, "0.###")}/{N(ModelPerformance.LatencyP99Ms, "0.###")} ms, " +
            $"{N(ModelPerformance.ThroughputRowsPerSecond, "N0")} rows/s, {N(ModelPerformance.MemoryBytes, "N0")} bytes in memory " +
            string.Create(CultureInfo.InvariantCulture, $"(measured in {document.Performance.Seconds:0.0#} s)");
    }

    private static TrainResult Failed(ArtifactPaths paths) => new(false, false, paths.Model, paths.Metrics, null);

    /// <summary>
    /// The build's table of test metrics, each with the verdict of its gates, then one line per gate the table has no
    /// row for (performance figures, slices), the worst slices and the performance figures.
    /// </summary>
    internal static string Summary(MetricsDocument document)
    {
        var lines = new List<string> { $"{document.Model} ({document.Trainer}) test metrics:" };
        foreach (var (name, value) in document.Metrics)
        {
            var gates = document.Gates.Where(g => g.Metric == name && g.Slice is null).ToList();
            var verdict = gates.Count == 0 ? "" : "  " + GatesVerdict(gates);
            lines.Add($"  {name,-20} {(value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a"),10}{verdict}");
        }

        foreach (var gate in document.Gates.Where(g => g.Slice is not null || !document.Metrics.ContainsKey(g.Metric)))
        {
            var what = gate.Slice is null ? gate.Metric : $"{gate.Metric} [{gate.Slice}]";
            lines.Add($"  gate {what}: {Reports.ReportText.Number(gate.Value)} ({Reports.ReportText.Bounds(gate)}) {GatesVerdict([gate])}");
        }

        if (document.Baseline is { } baseline) lines.Add($"  compared with the baseline {baseline.Describe()}");
        if (WorstSlices(document) is { } worst) lines.Add(worst);
        if (Performance(document) is { } performance) lines.Add(performance);
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>One verdict for the gates on a metric: failed if any failed, then accepted if any regression was, else passed.</summary>
    private static string GatesVerdict(IReadOnlyList<GateResult> gates) =>
        gates.Any(g => !g.Holds) ? "GATE FAILED" : gates.Any(g => !g.Passed) ? "regression accepted" : "gate passed";
}
