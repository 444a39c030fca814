using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Training;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// Reads a spec's JSON into a <see cref="ModelSpec"/>, field by field, reporting every problem (MLB1xxx)
/// at its line and column and going on, so one build shows all of a spec's mistakes. This file holds the
/// root and the primitive readers; data sources, columns and checks each have their own file.
/// </summary>
internal sealed partial class SpecReader(string specPath, string name, JsonLocations at, IDiagnosticSink sink)
{
    private readonly string _directory = Path.GetDirectoryName(specPath)!;

    public int ErrorCount { get; private set; }

    private void Error(string code, string pointer, string message)
    {
        ErrorCount++;
        sink.Report(Diagnostic.Error(code, message, at.At(pointer)));
    }

    /// <summary>MLB1009 for a trainer name the task does not have (<paramref name="shown"/> as the spec wrote it), with the task's trainers and the closest one.</summary>
    private void UnknownTrainer(string pointer, string shown, string name, ModelTask task)
    {
        var known = TrainerCatalog.NamesFor(task);
        Error(DiagnosticCodes.SpecUnknownTrainer, pointer, $"Unknown trainer {shown} for task '{task.ToName()}'. Expected one of: {string.Join(", ", known)}.{Suggest(name, known)}");
    }

    private void Warning(string code, string pointer, string message) => sink.Report(Diagnostic.Warning(code, message, at.At(pointer)));

    public ModelSpec? ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, "", $"The model spec must be a JSON object, found {Describe(root)}.");
            return null;
        }

        CheckFields(root, "", RootFields, "the model spec");

        var taskName = RequiredString(root, "task", "the task: " + string.Join(", ", ModelTaskNames.All));
        ModelTask task = default;
        var taskKnown = taskName is not null && ModelTaskNames.TryParse(taskName, out task);
        if (taskName is not null && !taskKnown)
            Error(DiagnosticCodes.SpecUnknownTask, "/task",
                $"Unknown task '{taskName}'. Expected one of: {string.Join(", ", ModelTaskNames.All)}.{Suggest(taskName, ModelTaskNames.All)}");

        var data = ReadSources(root, "data", required: true);
        var label = RequiredString(root, "label", "the name of the column to predict");
        var testData = ReadSources(root, "testData", required: false);
        var positiveClass = OptionalString(root, "positiveClass");
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/'))
            Error(DiagnosticCodes.SpecInvalidValue, "", $"The model name '{name}' cannot be used as a file name. Use letters, digits, '.', '-' or '_' (it comes from the spec's file name or the MlModel item's ModelName).");

        var seed = ReadSeed(root);
        var testFraction = ReadTestFraction(root);
        // The cultures dates are validated in; a date feature's format must read the same in the model.
        var cultures = (data ?? []).Concat(testData ?? []).Select(s => s.Culture).Distinct().ToList();
        var columns = ReadColumns(root, cultures.Count == 0 ? [null] : cultures);
        var checks = ReadChecks(root);

        var trainer = OptionalString(root, "trainer");
        if (taskKnown && trainer is not null && !TrainerCatalog.Exists(task, trainer))
            UnknownTrainer("/trainer", $"'{trainer}'", trainer, task);
        if (trainer is not null && root.TryGetProperty("training", out _))
            Error(DiagnosticCodes.SpecInvalidValue, "/trainer",
                "The spec has both 'trainer' (one trainer, ML.NET's defaults) and 'training' (a search). Keep one: list the trainer in 'training.trainers' to search only its settings.");

        // No trainer named: a search chooses one, with the 'training' object's settings or the defaults.
        var training = taskKnown && trainer is null ? ReadTraining(root, task, label) : null;
        var slices = ReadSlices(root, label);
        var gates = ReadGates(root, taskKnown ? task : null, slices);
        var baseline = ReadBaseline(root);
        var onnx = ReadOnnx(root);
        var monitoring = ReadMonitoring(root, taskKnown ? task : null);

        if (ErrorCount > 0 || taskName is null || data is null || label is null || (trainer is null && training is null)) return null;
        return new ModelSpec(specPath, name, task, data, testData, label, positiveClass, columns, trainer, training, seed, testFraction, gates, checks, at, slices, baseline, onnx, monitoring);
    }

    private int ReadSeed(JsonElement root) => ReadWholeNumber(root, "seed", "", min: 0, max: int.MaxValue) ?? ModelSpec.DefaultSeed;

    private double ReadTestFraction(JsonElement root)
    {
        if (!root.TryGetProperty("testFraction", out var value)) return ModelSpec.DefaultTestFraction;
        if (value.ValueKind == JsonValueKind.Number && value.GetDouble() is > 0 and < 1) return value.GetDouble();
        Error(DiagnosticCodes.SpecInvalidValue, "/testFraction", $"'testFraction' must be a number between 0 and 1 (exclusive), such as 0.2; found {Describe(value)}.");
        return ModelSpec.DefaultTestFraction;
    }

    private void CheckFields(JsonElement element, string pointer, string[] known, string what)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (known.Contains(property.Name, StringComparer.Ordinal)) continue;
            Error(DiagnosticCodes.SpecUnknownField, pointer + "/" + JsonLocations.Escape(property.Name),
                $"Unknown field '{property.Name}' in {what}. Expected one of: {string.Join(", ", known.Where(k => k != "$schema"))}.{Suggest(property.Name, known)}");
        }
    }

    private string? RequiredString(JsonElement element, string field, string what, string pointer = "")
    {
        if (!element.TryGetProperty(field, out _))
        {
            Error(DiagnosticCodes.SpecMissingField, pointer, $"Missing required field '{field}': {what}.");
            return null;
        }

        return OptionalString(element, field, pointer);
    }

    private string? OptionalString(JsonElement element, string field, string pointer = "")
    {
        if (!element.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0) return value.GetString();
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be a non-empty string, found {Describe(value)}.");
        return null;
    }

    private int? ReadWholeNumber(JsonElement element, string field, string pointer, int min, int max)
    {
        if (!element.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max) return number;
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be a whole number from {min} to {max}, found {Describe(value)}.");
        return null;
    }

    private double? OptionalNumber(JsonElement element, string field, string pointer)
    {
        if (!element.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be a number, found {Describe(value)}.");
        return null;
    }

    private bool? OptionalBool(JsonElement element, string field, string pointer)
    {
        if (!element.TryGetProperty(field, out var value)) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be true or false, found {Describe(value)}.");
        return null;
    }

    private char? OptionalChar(JsonElement element, string field, string pointer)
    {
        var text = OptionalString(element, field, pointer);
        if (text is null) return null;
        var unescaped = text == "\\t" ? "\t" : text;
        if (unescaped.Length == 1) return unescaped[0];
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be one character (such as \";\" or \"\\t\"), found \"{text}\".");
        return null;
    }
}
