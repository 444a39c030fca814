using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Training.Search;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary><c>training</c>: the search over trainers and hyperparameters, and its cross-validation.</summary>
internal sealed partial class SpecReader
{
    private static readonly Dictionary<string, SearchStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["halving"] = SearchStrategy.Halving, ["random"] = SearchStrategy.Random, ["grid"] = SearchStrategy.Grid,
    };

    private TrainingSpec? ReadTraining(JsonElement root, ModelTask task, string? label)
    {
        const string pointer = "/training";
        var defaults = new TrainingSpec(TrainerCatalog.CandidatesFor(task), SearchStrategy.Halving, TrainingSpec.DefaultTrials, TrainingSpec.DefaultTimeLimitSeconds,
            TrainingSpec.DefaultMetric(task), TrainingSpec.DefaultFolds, null, 0, new Dictionary<string, IReadOnlyList<Hyperparameter>>(), at.At(""));
        if (!root.TryGetProperty("training", out var element)) return defaults;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'training' must be an object such as {{ \"trainers\": [\"fast-tree\"], \"trials\": 20 }}, found {Describe(element)}.");
            return null;
        }

        CheckFields(element, pointer, TrainingFields, "'training'");
        var trainers = ReadTrainerList(element, task, pointer) ?? defaults.Trainers;

        var search = defaults.Search;
        if (OptionalString(element, "search", pointer) is { } strategy && !Strategies.TryGetValue(strategy, out search))
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/search",
                $"Unknown search '{strategy}'. Expected one of: {string.Join(", ", Strategies.Keys)}.{Suggest(strategy, Strategies.Keys)}");

        var trials = ReadWholeNumber(element, "trials", pointer, min: 1, max: 10_000) ?? defaults.Trials;
        var folds = ReadWholeNumber(element, "folds", pointer, min: 2, max: 50) ?? defaults.Folds;
        var parallel = ReadWholeNumber(element, "parallel", pointer, min: 1, max: 256) ?? 0;
        var timeLimit = OptionalNumber(element, "timeLimit", pointer) ?? defaults.TimeLimitSeconds;
        if (timeLimit <= 0)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/timeLimit", $"'timeLimit' is in seconds and must be above 0, found {timeLimit}.");
            timeLimit = defaults.TimeLimitSeconds;
        }

        var metric = OptionalString(element, "metric", pointer) ?? defaults.Metric;
        if (MetricCatalog.Find(task, metric) is null)
        {
            var names = MetricCatalog.For(task).Select(m => m.Name).ToList();
            Error(DiagnosticCodes.SpecUnknownMetric, pointer + "/metric",
                $"Unknown metric '{metric}' for task '{task.ToName()}'. Expected one of: {string.Join(", ", names)}.{Suggest(metric, names)}");
        }

        var groupBy = OptionalString(element, "groupBy", pointer);
        if (groupBy is not null && groupBy == label)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/groupBy", $"'groupBy' names the label '{label}'. Name a column that groups related rows, such as a customer id.");

        var space = ReadSpace(element, task, pointer);
        return new TrainingSpec(trainers, search, trials, timeLimit, metric, folds, groupBy, parallel, space, at.At(pointer));
    }

    private List<string>? ReadTrainerList(JsonElement training, ModelTask task, string pointer)
    {
        if (!training.TryGetProperty("trainers", out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/trainers", $"'trainers' must be a non-empty array of trainer names such as [\"fast-tree\", \"lbfgs-logistic\"], found {Describe(value)}.");
            return null;
        }

        var names = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var at = $"{pointer}/trainers/{index++}";
            if (item.ValueKind != JsonValueKind.String || !TrainerCatalog.Exists(task, item.GetString()!))
                UnknownTrainer(at, Describe(item), item.ValueKind == JsonValueKind.String ? item.GetString()! : "", task);
            else if (names.Contains(item.GetString()!)) Error(DiagnosticCodes.SpecInvalidValue, at, $"Trainer '{item.GetString()}' is listed twice.");
            else names.Add(item.GetString()!);
        }

        return names;
    }

    /// <summary>
    /// <c>space</c>: per trainer, per hyperparameter, a range <c>{ "min": 8, "max": 64, "log": true }</c> or a list of
    /// values <c>[16, 32, 64]</c>, replacing the trainer's default range for that hyperparameter.
    /// </summary>
    private Dictionary<string, IReadOnlyList<Hyperparameter>> ReadSpace(JsonElement training, ModelTask task, string pointer)
    {
        var space = new Dictionary<string, IReadOnlyList<Hyperparameter>>(StringComparer.Ordinal);
        if (!training.TryGetProperty("space", out var element)) return space;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/space", $"'space' must be an object keyed by trainer, such as {{ \"fast-tree\": {{ \"numberOfLeaves\": [16, 32, 64] }} }}, found {Describe(element)}.");
            return space;
        }

        foreach (var trainerProperty in element.EnumerateObject())
        {
            var trainerPointer = pointer + "/space/" + JsonLocations.Escape(trainerProperty.Name);
            if (!TrainerCatalog.Exists(task, trainerProperty.Name))
            {
                UnknownTrainer(trainerPointer, $"'{trainerProperty.Name}'", trainerProperty.Name, task);
                continue;
            }

            if (trainerProperty.Value.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.SpecInvalidValue, trainerPointer, $"The search space of '{trainerProperty.Name}' must be an object keyed by hyperparameter, found {Describe(trainerProperty.Value)}.");
                continue;
            }

            var defaults = TrainerCatalog.Get(task, trainerProperty.Name).Space;
            var ranges = defaults.ToList();
            foreach (var parameter in trainerProperty.Value.EnumerateObject())
            {
                var parameterPointer = trainerPointer + "/" + JsonLocations.Escape(parameter.Name);
                var index = ranges.FindIndex(h => h.Name == parameter.Name);
                if (index < 0)
                {
                    var names = defaults.Select(h => h.Name).ToList();
                    Error(DiagnosticCodes.SpecUnknownField, parameterPointer,
                        $"'{trainerProperty.Name}' has no hyperparameter '{parameter.Name}'. Expected one of: {string.Join(", ", names)}.{Suggest(parameter.Name, names)}");
                    continue;
                }

                if (ReadRange(parameter.Value, ranges[index], parameterPointer) is { } range) ranges[index] = range;
            }

            space[trainerProperty.Name] = ranges;
        }

        return space;
    }

    private Hyperparameter? ReadRange(JsonElement value, Hyperparameter original, string pointer)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var values = value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToList();
            if (values.Count == value.GetArrayLength() && values.Count > 0 && (!original.Integer || values.All(v => v == Math.Floor(v))) && values.All(v => v > 0 || !original.Log))
                return original with { Choices = values, Default = values[0], Min = values.Min(), Max = values.Max() };
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"The values of '{original.Name}' must be a non-empty list of {(original.Integer ? "whole numbers" : "numbers")}{(original.Log ? " above 0" : "")}, found {Describe(value)}.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{original.Name}' must be a range {{ \"min\": ..., \"max\": ... }} or a list of values, found {Describe(value)}.");
            return null;
        }

        CheckFields(value, pointer, RangeFields.Where(f => f != "values").ToArray(), $"the range of '{original.Name}'");
        var min = OptionalNumber(value, "min", pointer) ?? original.Min;
        var max = OptionalNumber(value, "max", pointer) ?? original.Max;
        var log = OptionalBool(value, "log", pointer) ?? original.Log;
        if (min > max || (log && min <= 0))
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"The range of '{original.Name}' needs min <= max{(log ? " and min above 0 (log scale)" : "")}, found min {min} and max {max}.");
            return null;
        }

        var fallback = double.IsNaN(original.Default) ? original.Default : Math.Clamp(original.Default, min, max);
        return original with { Min = min, Max = max, Log = log, Choices = null, Default = fallback };
    }
}
