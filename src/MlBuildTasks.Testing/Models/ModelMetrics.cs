using System.Text.Json;
using MlBuildTasks.Testing.Gates;

namespace MlBuildTasks.Testing.Models;

/// <summary>A model input as metrics.json lists it: the column's name in the spec and data, its name in the model, its kind.</summary>
public sealed record ModelInput(string Name, string ModelColumn, string Kind, string DataType);

/// <summary>
/// What the tests need from <c>&lt;Model&gt;.metrics.json</c> (written by the MlBuildTasks engine): the task, the label,
/// the inputs, the test metrics and each gate's result. The rest of the document is left to the report and the package.
/// </summary>
public sealed class ModelMetrics
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public required string Model { get; init; }

    /// <summary>The spec's task: <c>binary-classification</c>, <c>multiclass-classification</c>, <c>regression</c>, ...</summary>
    public required string Task { get; init; }

    public required string Label { get; init; }
    public required IReadOnlyList<ModelInput> Inputs { get; init; }

    /// <summary>The test part's metrics by name (<c>auc</c>, <c>accuracy</c>, <c>rmse</c>, ...); null where undefined.</summary>
    public required IReadOnlyDictionary<string, double?> Values { get; init; }

    public required IReadOnlyList<GateResult> Gates { get; init; }
    public required bool GatesPassed { get; init; }

    /// <summary>Reads a metrics file; a file that is not one is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ModelMetrics Read(string path)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a metrics file written by MlBuildTasks: {e.Message}", e);
        }

        if (document?.Model is null || document.Task is null || document.Inputs is null)
            throw new InvalidDataException($"{path} is not a metrics file written by MlBuildTasks: it has no model, task or inputs.");

        return new ModelMetrics
        {
            Model = document.Model,
            Task = document.Task,
            Label = document.Label ?? "",
            Inputs = document.Inputs.Select(i => new ModelInput(i.Name, i.ModelColumn ?? i.Name, i.Kind ?? "", i.DataType ?? "")).ToList(),
            Values = document.Metrics ?? new Dictionary<string, double?>(),
            Gates = (document.Gates ?? []).Select(g => g.ToResult(document.Model)).ToList(),
            GatesPassed = document.GatesPassed,
        };
    }

    // The JSON shape, kept apart so the public types say what a test needs rather than mirror the file.
    private sealed record Document(string? Model, string? Task, string? Label, List<InputRecord>? Inputs,
        Dictionary<string, double?>? Metrics, List<GateRecord>? Gates, bool GatesPassed);

    private sealed record InputRecord(string Name, string? ModelColumn, string? Kind, string? DataType);

    private sealed record GateRecord(string Metric, string? Slice, double? Value, double? Min, double? Max, bool Passed,
        double? Baseline, double? Change, double? MaxDrop, double? MaxRelativeDrop, double? MinGain, bool? AcceptedRegression,
        int? Line, string? Code)
    {
        public GateResult ToResult(string model) => new()
        {
            Model = model, Metric = Metric, Slice = Slice, Value = Value, Min = Min, Max = Max, Passed = Passed,
            Baseline = Baseline, Change = Change, MaxDrop = MaxDrop, MaxRelativeDrop = MaxRelativeDrop, MinGain = MinGain,
            AcceptedRegression = AcceptedRegression == true, Line = Line, Code = Code,
        };
    }
}
