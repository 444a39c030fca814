using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>
/// Validates and profiles a spec's data without training (<c>mlbuild validate</c>): one streaming pass in
/// constant memory, whatever the data's size. Writes validation.json and profile.json when given a folder.
/// </summary>
public static class ValidationRun
{
    public static ValidationDocument Execute(string specPath, string? outputDirectory, ValidationOptions options, IDiagnosticSink sink, string? modelName = null)
    {
        if (outputDirectory is not null) StartJsonWarmUp();
        var spec = SpecParser.Load(specPath, sink, modelName);
        var scan = DataScan.Run(spec, spec.Data, null, options, collect: false, sink);
        var testScan = spec.TestData is null ? null : DataScan.Run(spec, spec.TestData, scan.Schema, options, collect: false, sink);
        var checks = scan.Checks.Concat(testScan?.Checks ?? []).ToList();
        var document = new ValidationDocument(ValidationDocument.CurrentSchemaVersion, spec.Name,
            CheckResult.AllPass(checks), scan.Rows, testScan?.Rows, checks, []);

        if (outputDirectory is not null)
        {
            var paths = new ArtifactPaths(outputDirectory, spec.Name);
            ArtifactJson.Write(paths.Validation, document);
            ArtifactJson.Write(paths.Profile, scan.Profile);
        }

        ValidationSummary.Report(document, sink);
        return document;
    }

    /// <summary>
    /// Building the profile and writing validation.json and profile.json first compile code at run time (System.Text.Json's
    /// for their types, about 400 methods, and LINQ's over value tuples: 50 to 200 ms after the data has been read, while
    /// the other core has nothing to do). A background thread builds and writes small documents of each type to nowhere at
    /// the start instead, while this thread reads the spec and opens the data and the other core is idle too; the real
    /// documents then find the code compiled. No effect on the output.
    /// </summary>
    private static void StartJsonWarmUp() =>
        new Thread(() =>
        {
            try
            {
                var check = new CheckResult("check", "column", "code", CheckSeverity.Error, 1, 1, 1, false, "detail");
                JsonSerializer.SerializeToUtf8Bytes(new ValidationDocument(ValidationDocument.CurrentSchemaVersion, "model", false, 1, 1, [check], [new SkewResult("column", 0, 1, true)]), ArtifactJson.Options);
                JsonSerializer.SerializeToUtf8Bytes(ProfileBuilder.Example(), ArtifactJson.Options);
            }
            catch (Exception)
            {
                // Only a head start: the real write reports any problem.
            }
        }) { IsBackground = true, Name = "mlbuild JSON warm-up" }.Start();
}
