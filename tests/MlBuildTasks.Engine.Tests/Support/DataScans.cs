using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>What one <see cref="DataScan.Run"/> over data written to a temp folder found.</summary>
internal sealed record ScanOutcome(ModelSpec Spec, string SpecPath, string DataPath, ScanResult Result, DiagnosticList Diagnostics)
{
    /// <summary>The diagnostics reported, in order.</summary>
    public IReadOnlyList<Diagnostic> Items => Diagnostics.Items;

    /// <summary>The failing values of every error check that did not pass (0 when the data is usable).</summary>
    public long Failures => Result.Checks.Where(c => !c.Passed && c.Severity == CheckSeverity.Error).Sum(c => c.Failed);

    /// <summary>The one result of <paramref name="check"/> on <paramref name="column"/> (null: a data-set check).</summary>
    public CheckResult Check(string check, string? column)
    {
        var matching = Result.Checks.Where(c => c.Check == check && c.Column == column).ToList();
        Assert.HasCount(1, matching, $"Expected one '{check}' result for {column ?? "(data set)"}. Results: " +
            string.Join("; ", Result.Checks.Select(c => $"{c.Check} {c.Column} {c.Failed}/{c.Evaluated} {(c.Passed ? "ok" : "failed")}")));
        return matching[0];
    }

    public bool HasCheck(string check, string? column) => Result.Checks.Any(c => c.Check == check && c.Column == column);
}

/// <summary>
/// Runs the streaming validation (<see cref="DataScan"/>) on a spec and a CSV file written to a temp folder, as the
/// build and <c>mlbuild validate</c> do. The spec claims to live in the same folder as <c>Model.mlmodel.json</c>.
/// </summary>
internal static class DataScans
{
    public const string SpecFile = "Model.mlmodel.json";

    public static ScanOutcome Csv(TempFolder folder, string specJson, string csv, int maxListed = ValidationOptions.DefaultMaxListedPerCheck,
        bool warningsAsErrors = false, bool collect = false, string dataFile = "data.csv")
    {
        var dataPath = folder.Write(dataFile, csv);
        return Run(folder, specJson, dataPath, maxListed, warningsAsErrors, collect);
    }

    /// <summary>Scans the data the spec names (written beforehand) with its checks.</summary>
    /// <param name="parallelScanMinBytes">From what file size a CSV file is read in parts at once (<see cref="ValidationOptions.ParallelScanMinBytes"/>).</param>
    /// <param name="parallelScanParts">How many parts (<see cref="ValidationOptions.ParallelScanParts"/>; null: by the file's size, 2 for a small one).</param>
    /// <param name="parallelScanThreads">How many threads read them (<see cref="ValidationOptions.ParallelScanThreads"/>; null: one per core).</param>
    public static ScanOutcome Run(TempFolder folder, string specJson, string dataPath, int maxListed = ValidationOptions.DefaultMaxListedPerCheck,
        bool warningsAsErrors = false, bool collect = false, long parallelScanMinBytes = ValidationOptions.DefaultParallelScanMinBytes,
        int? parallelScanParts = null, int? parallelScanThreads = null)
    {
        var specPath = folder.Combine(SpecFile);
        var diagnostics = new DiagnosticList();
        var spec = SpecText.Parse(specJson, path: specPath);
        var options = new ValidationOptions(maxListed, warningsAsErrors) { ParallelScanMinBytes = parallelScanMinBytes, ParallelScanParts = parallelScanParts, ParallelScanThreads = parallelScanThreads };
        var result = DataScan.Run(spec, spec.Data, null, options, collect, diagnostics);
        return new ScanOutcome(spec, specPath, dataPath, result, diagnostics);
    }

    /// <summary>
    /// A spec with <see cref="SpecText.Minimal"/>'s layout and a <c>columns</c> object starting on line 6, so the first
    /// declared column is at (6,5).
    /// </summary>
    public static string WithColumns(string task, string label, string columns, string? more = null) =>
        SpecText.Minimal(task, label, more: "\"columns\": {\n    " + columns + "\n  }" + (more is null ? "" : ",\n  " + more));
}
