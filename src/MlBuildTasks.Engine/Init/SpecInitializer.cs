using System.Text.Json.Nodes;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Init;

/// <summary>
/// Writes a starting spec for a data file (any format a spec can read; types from its first 10,000 rows): the label, a task guessed from the label's values (unless given),
/// and every column's inferred type with the rules the data already satisfies (required, min/max, allowed).
/// </summary>
public static class SpecInitializer
{
    /// <summary>Where <c>$schema</c> points: the copy the MlBuildTasks targets keep in the project's obj folder.</summary>
    public const string SchemaReference = "obj/mlmodel.schema.json";

    public static string Write(string dataPath, string label, string? taskName, string? outputPath, bool overwrite, IDiagnosticSink sink)
    {
        var fullPath = Path.GetFullPath(dataPath);
        var table = DataSample.Read([new SourceSpec(SpecReader.FormatOfPath(fullPath), fullPath, new SourceLocation(fullPath))]);
        var labelIndex = table.IndexOf(label);
        if (labelIndex < 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.InvalidArguments,
                $"The label column '{label}' is not in '{dataPath}'. Its columns are: {string.Join(", ", table.Columns)}.{SpecParser.Suggest(label, table.Columns)}"));

        ModelTask task;
        if (taskName is null) task = GuessTask(SchemaInference.Infer(label, table.ValuesOf(labelIndex)));
        else if (!ModelTaskNames.TryParse(taskName, out task))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.InvalidArguments,
                $"Unknown task '{taskName}'. Expected one of: {string.Join(", ", ModelTaskNames.All)}."));

        var name = Path.GetFileNameWithoutExtension(dataPath);
        outputPath = Path.GetFullPath(outputPath ?? name + SpecParser.SpecSuffix);
        if (File.Exists(outputPath) && !overwrite)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.InvalidArguments,
                $"'{outputPath}' already exists. Pass --force to overwrite it, or --output to write elsewhere."));

        var columns = new JsonObject();
        for (var i = 0; i < table.Columns.Count; i++)
            if (i != labelIndex) columns[table.Columns[i]] = ColumnRules.Infer(table.Columns[i], table.ValuesOf(i).ToList());

        var spec = new JsonObject
        {
            ["$schema"] = SchemaReference,
            ["task"] = task.ToName(),
            ["data"] = Path.GetRelativePath(Path.GetDirectoryName(outputPath)!, Path.GetFullPath(dataPath)).Replace('\\', '/'),
            ["label"] = label,
            ["trainer"] = TrainerCatalog.DefaultFor(task),
            ["seed"] = ModelSpec.DefaultSeed,
            ["testFraction"] = ModelSpec.DefaultTestFraction,
            ["columns"] = columns,
            ["gates"] = new JsonArray(),
        };

        // Class names other than true/false, yes/no or 1/0 need to say which class is "positive".
        var classes = table.ValuesOf(labelIndex).Where(v => !ValueParser.IsMissing(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (task == ModelTask.BinaryClassification && classes.Any(c => !ValueParser.TryParseBoolean(c, out _)))
            spec.Insert(5, "positiveClass", classes[^1]);

        AtomicFile.WriteAllText(outputPath, spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        sink.Message($"Wrote {outputPath}: task {task.ToName()}, label '{label}', {columns.Count} feature column(s). Review the inferred types and rules, then add gates.", important: true);
        return outputPath;
    }

    private static ModelTask GuessTask(InferredColumn label) => label.Type switch
    {
        ColumnType.Boolean => ModelTask.BinaryClassification,
        ColumnType.Number when label.DistinctCount == 2 => ModelTask.BinaryClassification,
        ColumnType.Number => ModelTask.Regression,
        _ when label.DistinctCount == 2 => ModelTask.BinaryClassification,
        _ => ModelTask.MulticlassClassification,
    };
}
