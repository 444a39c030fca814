using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>
/// The build-time pipeline for one spec: load spec, read and validate data, split, train, evaluate, gate,
/// write artifacts. When the content fingerprint of spec, data and engine equals the last run's, nothing is
/// trained: the artifacts are kept (and their gate results replayed).
/// </summary>
public static class TrainingRun
{
    public static TrainResult Execute(TrainRequest request, IDiagnosticSink sink)
    {
        var spec = SpecParser.Load(request.SpecPath, sink, request.ModelName);
        var paths = new ArtifactPaths(Path.GetFullPath(request.OutputDirectory), spec.Name);

        var inputs = Fingerprints(spec);
        WriteInputList(spec, paths);
        var fingerprint = ContentFingerprint.Combine(
            inputs.Select(i => KeyValuePair.Create(i.Role, i.Fingerprint))
                .Append(KeyValuePair.Create("engine", EngineInfo.EngineVersion))
                .Append(KeyValuePair.Create("ml.net", EngineInfo.MlNetVersion)));

        if (!request.Force && TryReuse(spec, paths, fingerprint, sink) is { } reused) return reused;

        var stopwatch = Stopwatch.StartNew();
        var table = CsvTableReader.Read(spec.DataPath, spec.Locations.At("/data"));
        var schema = ResolvedSchema.Resolve(spec, table, sink);
        var validator = new DataValidator(spec, schema, request.MaxListedPerCheck, sink);
        var failures = validator.Validate(table);

        DataTable? testTable = null;
        if (spec.TestDataPath is not null)
        {
            testTable = CsvTableReader.Read(spec.TestDataPath, spec.Locations.At("/testData"));
            CheckSameColumns(table, testTable);
            failures += validator.Validate(testTable);
        }

        if (failures > 0) return Failed(paths);
        sink.Message($"{spec.Name}: {table.RowCount} rows and {table.Headers.Count} columns of '{Path.GetFileName(spec.DataPath)}' passed validation.");

        var ml = new MLContext(spec.Seed);
        IDataView trainView, testView;
        int trainRows, testRows;
        if (testTable is null)
        {
            var split = DataSplitter.Split(table, schema, spec);
            trainView = DatasetBuilder.Build(table, schema, spec, split.Train);
            testView = DatasetBuilder.Build(table, schema, spec, split.Test);
            (trainRows, testRows) = (split.Train.Count, split.Test.Count);
        }
        else
        {
            trainView = DatasetBuilder.Build(table, schema, spec, Enumerable.Range(0, table.RowCount).ToList());
            testView = DatasetBuilder.Build(testTable, schema, spec, Enumerable.Range(0, testTable.RowCount).ToList());
            (trainRows, testRows) = (table.RowCount, testTable.RowCount);
        }

        sink.Message($"{spec.Name}: training {spec.Trainer} ({spec.Task.ToName()}) on {trainRows} rows, testing on {testRows}, seed {spec.Seed}.", important: true);
        TrainedModel model;
        try
        {
            model = ModelTrainer.Train(ml, trainView, schema, spec);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.TrainingFailed,
                $"Training with '{spec.Trainer}' failed: {ex.Message}", spec.Locations.At("/trainer")));
        }

        var metrics = ModelEvaluator.Evaluate(ml, model, testView, spec.Task);
        var gates = GateEvaluator.Evaluate(spec, metrics, sink);
        var passed = gates.All(g => g.Passed);

        var document = new MetricsDocument(
            MetricsDocument.CurrentSchemaVersion, spec.Name, spec.Task, spec.Trainer, spec.Seed, trainRows, testRows,
            // Exact values: a replayed gate must reach the same verdict as the run that recorded them.
            metrics.ToDictionary(m => m.Key, m => double.IsNaN(m.Value) ? (double?)null : m.Value),
            gates, passed, spec.Label,
            schema.Features.Select(c => new InputColumn(c.Name, c.ModelName, c.Type, DatasetBuilder.ModelInputType(c.Type))).ToList(),
            Math.Round(stopwatch.Elapsed.TotalSeconds, 3));

        // A model that misses its gates is not left where the build and pack would pick it up.
        string? modelHash = null;
        if (passed)
        {
            ModelFile.Save(ml, model.Saved, model.InputSchema, paths.Model);
            modelHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(paths.Model)));
        }
        else if (File.Exists(paths.Model)) File.Delete(paths.Model);

        ArtifactJson.Write(paths.Metrics, document);
        ArtifactJson.Write(paths.Manifest, new RunManifest(
            RunManifest.CurrentSchemaVersion, fingerprint, inputs, EngineInfo.EngineVersion, EngineInfo.MlNetVersion,
            spec.Seed, spec.Trainer, passed, modelHash, DateTimeOffset.UtcNow));

        ReportMetrics(document, sink);
        return new TrainResult(passed, true, paths.Model, paths.Metrics, document);
    }

    private static List<InputFingerprint> Fingerprints(ModelSpec spec)
    {
        var inputs = new List<InputFingerprint> { new("spec", spec.SpecPath, ContentFingerprint.OfFile(spec.SpecPath)) };
        // Missing files are reported by the reader, with their own codes; here they just don't match.
        if (File.Exists(spec.DataPath)) inputs.Add(new("data", spec.DataPath, ContentFingerprint.OfFile(spec.DataPath)));
        if (spec.TestDataPath is not null && File.Exists(spec.TestDataPath))
            inputs.Add(new("testData", spec.TestDataPath, ContentFingerprint.OfFile(spec.TestDataPath)));
        return inputs;
    }

    private static void WriteInputList(ModelSpec spec, ArtifactPaths paths)
    {
        var files = new[] { spec.SpecPath, spec.DataPath, spec.TestDataPath }.OfType<string>();
        var content = string.Join("\n", files) + "\n";
        if (!File.Exists(paths.InputList) || File.ReadAllText(paths.InputList) != content) AtomicFile.WriteAllText(paths.InputList, content);
    }

    /// <summary>The last run's result when it was made from the same inputs, else null.</summary>
    private static TrainResult? TryReuse(ModelSpec spec, ArtifactPaths paths, string fingerprint, IDiagnosticSink sink)
    {
        var manifest = ArtifactJson.TryRead<RunManifest>(paths.Manifest);
        var metrics = ArtifactJson.TryRead<MetricsDocument>(paths.Metrics);
        if (manifest is null || metrics is null || manifest.Fingerprint != fingerprint) return null;

        if (!manifest.GatesPassed)
        {
            // Same inputs, same verdict: report the missed gates again without retraining.
            var values = metrics.Metrics.ToDictionary(m => m.Key, m => m.Value ?? double.NaN);
            GateEvaluator.Evaluate(spec, values, sink);
            return Failed(paths);
        }

        if (!File.Exists(paths.Model) || Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(paths.Model))) != manifest.ModelSha256)
            return null;

        // Newer timestamps let MSBuild's Inputs/Outputs check skip the target next time.
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(paths.Model, now);
        File.SetLastWriteTimeUtc(paths.Metrics, now);
        sink.Message($"{spec.Name}: inputs unchanged (fingerprint {fingerprint[..12]}); model is up to date, not retrained.", important: true);
        return new TrainResult(true, false, paths.Model, paths.Metrics, metrics);
    }

    private static void CheckSameColumns(DataTable train, DataTable test)
    {
        if (train.Headers.SequenceEqual(test.Headers)) return;
        throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataHeadersDiffer,
            $"The test data's columns ({string.Join(", ", test.Headers)}) differ from the training data's ({string.Join(", ", train.Headers)}). Both files need the same header.",
            new SourceLocation(test.File, 1, 1)));
    }

    private static TrainResult Failed(ArtifactPaths paths) => new(false, false, paths.Model, paths.Metrics, null);

    private static void ReportMetrics(MetricsDocument document, IDiagnosticSink sink)
    {
        var lines = new List<string> { $"{document.Model} ({document.Trainer}) test metrics:" };
        foreach (var (name, value) in document.Metrics)
        {
            var gate = document.Gates.FirstOrDefault(g => g.Metric == name);
            var verdict = gate is null ? "" : gate.Passed ? "  gate passed" : "  GATE FAILED";
            lines.Add($"  {name,-20} {(value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a"),10}{verdict}");
        }

        sink.Message(string.Join(Environment.NewLine, lines), important: true);
    }
}
