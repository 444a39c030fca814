using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary><c>checks</c> (whole-data-set checks) and <c>gates</c> (metric gates).</summary>
internal sealed partial class SpecReader
{
    private DatasetChecks ReadChecks(JsonElement root)
    {
        if (!root.TryGetProperty("checks", out var element))
            return DefaultChecks();
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, "/checks", $"'checks' must be an object such as {{ \"minRows\": 100 }}, found {Describe(element)}.");
            return DefaultChecks();
        }

        const string pointer = "/checks";
        CheckFields(element, pointer, DatasetCheckFields, "'checks'");
        var minRows = ReadRule<long>(element, "minRows", pointer, CountValue, CheckSeverity.Error, allowMostly: false);
        var maxRows = ReadRule<long>(element, "maxRows", pointer, CountValue, CheckSeverity.Error, allowMostly: false);
        if (minRows?.Value > maxRows?.Value)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/maxRows", $"'maxRows' {maxRows!.Value} is below 'minRows' {minRows!.Value}.");

        return new DatasetChecks(
            minRows, maxRows,
            ReadRule<double>(element, "maxDuplicateRows", pointer, FractionValue, CheckSeverity.Error, allowMostly: false),
            ReadRule<double>(element, "minClassFraction", pointer, FractionValue, CheckSeverity.Error, allowMostly: false),
            ReadRule<double>(element, "maxLeakage", pointer, FractionValue, CheckSeverity.Warning, allowMostly: false) ?? DefaultChecks().MaxLeakage,
            OptionalString(element, "leakageKey", pointer),
            ReadRule<double>(element, "maxSkew", pointer, FractionValue, CheckSeverity.Warning, allowMostly: false) ?? DefaultChecks().MaxSkew,
            ReadConstantColumns(element, pointer));
    }

    private DatasetChecks DefaultChecks() => new(
        MaxLeakage: new Rule<double>(DatasetChecks.DefaultMaxLeakage, 1, CheckSeverity.Warning, at.At("/checks")),
        MaxSkew: new Rule<double>(DatasetChecks.DefaultMaxSkew, 1, CheckSeverity.Warning, at.At("/checks")));

    private CheckSeverity? ReadConstantColumns(JsonElement checks, string pointer)
    {
        if (!checks.TryGetProperty("constantColumns", out var value)) return CheckSeverity.Warning;
        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "error": return CheckSeverity.Error;
            case "warning": return CheckSeverity.Warning;
            case "off": return null;
            default:
                Error(DiagnosticCodes.SpecInvalidValue, pointer + "/constantColumns", $"'constantColumns' must be \"warning\" (the default), \"error\" or \"off\", found {Describe(value)}.");
                return CheckSeverity.Warning;
        }
    }

    private List<GateSpec> ReadGates(JsonElement root, ModelTask? task)
    {
        var gates = new List<GateSpec>();
        if (!root.TryGetProperty("gates", out var element)) return gates;
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(DiagnosticCodes.SpecInvalidValue, "/gates", $"'gates' must be an array such as [{{ \"metric\": \"auc\", \"min\": 0.8 }}], found {Describe(element)}.");
            return gates;
        }

        var index = 0;
        foreach (var gate in element.EnumerateArray())
        {
            var pointer = "/gates/" + index++;
            if (gate.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.SpecInvalidValue, pointer, $"A gate must be an object such as {{ \"metric\": \"auc\", \"min\": 0.8 }}, found {Describe(gate)}.");
                continue;
            }

            CheckFields(gate, pointer, GateFields, "a gate");
            var metric = RequiredString(gate, "metric", "the metric to check", pointer);
            var min = OptionalNumber(gate, "min", pointer);
            var max = OptionalNumber(gate, "max", pointer);
            if (min is null && max is null)
                Error(DiagnosticCodes.SpecMissingField, pointer, $"The gate on '{metric}' has neither 'min' nor 'max'; add at least one bound.");
            if (min > max)
                Error(DiagnosticCodes.SpecInvalidValue, pointer + "/max", $"The gate on '{metric}' has max {max} below its min {min}, so it can never pass.");
            if (metric is not null && task is not null && MetricCatalog.Find(task.Value, metric) is null)
            {
                var names = MetricCatalog.For(task.Value).Select(m => m.Name).ToList();
                Error(DiagnosticCodes.SpecUnknownMetric, pointer + "/metric",
                    $"Unknown metric '{metric}' for task '{task.Value.ToName()}'. Expected one of: {string.Join(", ", names)}.{Suggest(metric, names)}");
            }

            if (metric is not null) gates.Add(new GateSpec(metric, min, max, at.At(pointer)));
        }

        return gates;
    }
}
