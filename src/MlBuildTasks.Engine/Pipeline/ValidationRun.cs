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
}
