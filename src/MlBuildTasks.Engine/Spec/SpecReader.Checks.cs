using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary><c>checks</c>: whole-data-set checks.</summary>
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
}
