using System.Globalization;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>What one pass over a data set found.</summary>
public sealed record ScanResult(
    ResolvedSchema Schema,
    long Rows,
    IReadOnlyList<CheckResult> Checks,
    ProfileDocument Profile,
    TrainingData? Data,
    CellLocator Locator)
{
    public bool Passed => CheckResult.AllPass(Checks);

    /// <summary>How many parts of a large CSV file were read at once and merged (<see cref="ParallelCsvScan"/>); 1 when the data was read in order.</summary>
    public int PartsReadAtOnce { get; init; } = 1;
}

/// <summary>
/// Reads a data set (one or more sources, one after another) once, in constant memory: every column and
/// label check, whole-data-set checks and the profile, and, when training, the typed rows. Undeclared
/// column types are inferred first from the first rows. Rows are read in batches on a second thread
/// (<see cref="BatchPipeline"/>) while the checks walk the previous batch column by column; a large CSV file is read
/// as consecutive parts on all cores at once instead (<see cref="ParallelCsvScan"/>), each part's rows kept apart and
/// joined in file order.
/// </summary>
public static class DataScan
{
    public static ScanResult Run(ModelSpec spec, IReadOnlyList<SourceSpec> sources, ResolvedSchema? schema, ValidationOptions options, bool collect, IDiagnosticSink sink)
    {
        var files = sources.SelectMany(DataSourceFactory.Expand).ToList();
        // Test data is checked against the training data's schema; whole-data-set checks are about training data.
        var isTestData = schema is not null;
        schema ??= InferSchema(spec, files, sink);

        using var reader = Open(files);
        var locator = new CellLocator();
        var part = new ScanPart(spec, schema, options, isTestData, collect, locator);

        CheckHeaderMatches(reader, schema);
        var partsReadAtOnce = 1;
        if (ParallelCsvScan.Applies(reader, files, options))
            partsReadAtOnce = ParallelCsvScan.Run((CsvRowReader)reader, part,
                (index, partLocator) => new ScanPart(spec, schema, options, isTestData, collect, partLocator, part: index), locator, options);
        else
            ScanInOrder(reader, part, locator);

        var rows = part.Rows;
        if (rows == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataNoRows,
                "The data has a header but no rows. Add at least one row per example.", new SourceLocation(files[0].Path ?? reader.Name, 1, 1)));

        // The few failing cells a diagnostic lists are found again in the files (one more pass, only if there are any).
        // Only a failed check lists cells: when every check passes, the lists of cells are not even built (their
        // generic code over the cell type is compiled at run time, ~15 ms at the end of every run).
        var failed = part.AllColumns.SelectMany(c => c.Checks).Concat(part.Label.Checks).Where(c => !c.Passed).ToList();
        if (failed.Count > 0) locator.Resolve(failed.SelectMany(c => c.CellsToLocate).ToList(), () => Open(files));

        var checks = new List<CheckResult>();
        foreach (var column in part.Columns) checks.AddRange(column.Finish(sink, files[0].Path));
        if (part.LabelRules is not null) checks.AddRange(part.LabelRules.Finish(sink, files[0].Path).Where(c => c.Check != "type"));
        checks.AddRange(part.Label.Finish(sink));
        if (!isTestData) checks.AddRange(DatasetChecks(spec, rows, part.Duplicates, locator, options, sink));

        var profile = ProfileBuilder.Build(spec.Name, rows, part.Columns, part.Label);
        return new ScanResult(schema, rows, checks, profile, part.Data, locator) { PartsReadAtOnce = partsReadAtOnce };
    }

    /// <summary>
    /// Reads the rows in file order: batches are read on a second thread (<see cref="BatchPipeline"/>) while the checks
    /// walk the previous batch.
    /// </summary>
    private static void ScanInOrder(IRowReader reader, ScanPart part, CellLocator locator)
    {
        var classes = new string?[RowBatch.DefaultCapacity];
        using var pipeline = new BatchPipeline(reader, locator);
        while (pipeline.Take() is { } batch)
        {
            part.Observe(batch, classes);
            pipeline.Return(batch);
        }
    }

    /// <summary>One reader over several sources, opened one at a time as the previous one ends.</summary>
    internal static IRowReader Open(IReadOnlyList<SourceSpec> files) =>
        files.Count == 1 ? DataSourceFactory.Open(files[0]) : new ConcatenatedRowReader(files.Select(f => (Func<IRowReader>)(() => DataSourceFactory.Open(f))).ToList());

    /// <summary>Reads the first rows once to infer undeclared column types (the main pass reads them again with their checks).</summary>
    private static ResolvedSchema InferSchema(ModelSpec spec, IReadOnlyList<SourceSpec> files, IDiagnosticSink sink)
    {
        using var reader = Open(files);
        var sample = reader.Columns.Select(_ => new List<string>()).ToArray();
        // Every type declared: the header is all that is needed.
        var rowsToRead = ResolvedSchema.NeedsInference(spec, reader.Columns) ? ResolvedSchema.InferenceRows : 0;
        for (var row = 0; row < rowsToRead && reader.Read(); row++)
            for (var i = 0; i < sample.Length; i++)
                sample[i].Add(reader.IsMissing(i) ? "" : reader.GetSpan(i).ToString());
        return ResolvedSchema.Resolve(spec, reader.Columns, i => sample[i], sink, reader.NumberCulture);
    }

    /// <summary>Test data must have the training data's columns.</summary>
    private static void CheckHeaderMatches(IRowReader reader, ResolvedSchema schema)
    {
        var expected = schema.Columns.Select(c => c.Name).ToList();
        if (reader.Columns.SequenceEqual(expected)) return;
        throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataHeadersDiffer,
            $"The columns of '{reader.Name}' ({string.Join(", ", reader.Columns)}) differ from the training data's ({string.Join(", ", expected)}). Both need the same columns in the same order.",
            new SourceLocation(reader.Name, 1, 1)));
    }

    private static IEnumerable<CheckResult> DatasetChecks(ModelSpec spec, long rows, DuplicateSampler? duplicates,
        CellLocator locator, ValidationOptions options, IDiagnosticSink sink)
    {
        var checks = spec.Checks;
        if (checks.MinRows is { } minRows)
            yield return Bound("minRows", minRows, rows, rows >= minRows.Value, string.Create(CultureInfo.InvariantCulture, $"The data has {rows:N0} rows; 'minRows' requires at least {minRows.Value:N0}."), options, sink);
        if (checks.MaxRows is { } maxRows)
            yield return Bound("maxRows", maxRows, rows, rows <= maxRows.Value, string.Create(CultureInfo.InvariantCulture, $"The data has {rows:N0} rows; 'maxRows' allows at most {maxRows.Value:N0}."), options, sink);
        if (checks.MaxDuplicateRows is { } maxDuplicates && duplicates is not null)
        {
            // Exact while the data is small; estimated from a hash-defined sample of the rows beyond that.
            var duplicated = (long)Math.Round(duplicates.RepeatedFraction * rows);
            var share = (double)duplicated / rows;
            var passed = share <= maxDuplicates.Value + 1e-12;
            var severity = CheckAccumulator.EffectiveSeverity(maxDuplicates.Severity, options);
            if (!passed)
            {
                var at = duplicates.FirstRepeatTag is { } first ? locator.Locate(first) : maxDuplicates.Location;
                sink.Report(new Diagnostic(CheckAccumulator.ToSeverity(severity), DiagnosticCodes.DataDuplicateRows,
                    string.Create(CultureInfo.InvariantCulture, $"{share:P1} of the rows ({duplicated:N0} of {rows:N0}) repeat an earlier row exactly; 'maxDuplicateRows' allows {maxDuplicates.Value:P1}. The first repeat is here."),
                    at.File, at.Line, at.Column));
            }

            yield return new CheckResult("maxDuplicateRows", null, DiagnosticCodes.DataDuplicateRows, severity, rows, duplicated, 1 - maxDuplicates.Value, passed);
        }
    }

    private static CheckResult Bound(string check, Rule<long> rule, long rows, bool passed, string message, ValidationOptions options, IDiagnosticSink sink)
    {
        var severity = CheckAccumulator.EffectiveSeverity(rule.Severity, options);
        if (!passed) sink.Report(new Diagnostic(CheckAccumulator.ToSeverity(severity), DiagnosticCodes.DataRowCount, message, rule.Location.File, rule.Location.Line, rule.Location.Column));
        return new CheckResult(check, null, DiagnosticCodes.DataRowCount, severity, rows, passed ? 0 : rows, 1, passed);
    }
}
