using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// Rules: a bare value (<c>"min": 0</c>) or <c>{ "value": 0, "mostly": 0.99, "severity": "warning" }</c>.
/// </summary>
internal sealed partial class SpecReader
{
    private delegate bool ValueReader<T>(JsonElement value, string pointer, out T result);

    private Rule<T>? ReadRule<T>(JsonElement owner, string field, string pointer, ValueReader<T> readValue, CheckSeverity defaultSeverity, bool allowMostly = true)
    {
        if (!owner.TryGetProperty(field, out var element)) return null;
        var rulePointer = pointer + "/" + field;
        if (element.ValueKind != JsonValueKind.Object)
            return readValue(element, rulePointer, out var plain) ? new Rule<T>(plain, 1.0, defaultSeverity, at.At(rulePointer)) : null;

        CheckFields(element, rulePointer, RuleFields, $"rule '{field}'");
        var mostly = allowMostly ? ReadMostly(element, rulePointer) : 1.0;
        if (!allowMostly && element.TryGetProperty("mostly", out _))
            Error(DiagnosticCodes.SpecInvalidValue, rulePointer + "/mostly", $"'mostly' does not apply to '{field}', which is checked once for the whole data set.");
        var severity = ReadSeverity(element, rulePointer, defaultSeverity);
        if (!element.TryGetProperty("value", out var value))
        {
            Error(DiagnosticCodes.SpecMissingField, rulePointer, $"Rule '{field}' written as an object needs its 'value', as in {{ \"value\": ..., \"mostly\": 0.99 }}.");
            return null;
        }

        return readValue(value, rulePointer + "/value", out var result) ? new Rule<T>(result, mostly, severity, at.At(rulePointer)) : null;
    }

    private double ReadMostly(JsonElement rule, string pointer)
    {
        if (!rule.TryGetProperty("mostly", out var value)) return 1.0;
        if (value.ValueKind == JsonValueKind.Number && value.GetDouble() is > 0 and <= 1) return value.GetDouble();
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/mostly", $"'mostly' is the fraction of values that must pass: a number above 0 and at most 1, such as 0.99; found {Describe(value)}.");
        return 1.0;
    }

    private CheckSeverity ReadSeverity(JsonElement rule, string pointer, CheckSeverity defaultSeverity)
    {
        if (!rule.TryGetProperty("severity", out var value)) return defaultSeverity;
        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "error": return CheckSeverity.Error;
            case "warning": return CheckSeverity.Warning;
            default:
                Error(DiagnosticCodes.SpecInvalidValue, pointer + "/severity", $"'severity' must be \"error\" or \"warning\", found {Describe(value)}.");
                return defaultSeverity;
        }
    }

    private bool NumberValue(JsonElement value, string pointer, out double result)
    {
        result = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
        if (value.ValueKind == JsonValueKind.Number) return true;
        Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{Field(pointer)}' must be a number, found {Describe(value)}.");
        return false;
    }

    private bool FractionValue(JsonElement value, string pointer, out double result)
    {
        result = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
        if (value.ValueKind == JsonValueKind.Number && result is >= 0 and <= 1) return true;
        Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{Field(pointer)}' must be a fraction from 0 to 1, such as 0.05; found {Describe(value)}.");
        return false;
    }

    private bool CountValue(JsonElement value, string pointer, out long result)
    {
        result = 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out result) && result >= 0) return true;
        Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{Field(pointer)}' must be a whole number of rows (0 or more), found {Describe(value)}.");
        return false;
    }

    private bool BoolValue(JsonElement value, string pointer, out bool result)
    {
        result = value.ValueKind == JsonValueKind.True;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return true;
        Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{Field(pointer)}' must be true or false, found {Describe(value)}.");
        return false;
    }

    private bool RegexValue(JsonElement value, string pointer, out string result)
    {
        result = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (value.ValueKind != JsonValueKind.String || result.Length == 0)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'regex' must be a regular expression string such as \"^C\\\\d{{5}}$\", found {Describe(value)}.");
            return false;
        }

        try
        {
            _ = new System.Text.RegularExpressions.Regex(result, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException ex)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'regex' is not a valid .NET regular expression: {ex.Message}");
            return false;
        }
    }

    private bool AllowedValues(JsonElement value, string pointer, out IReadOnlyList<string> result)
    {
        result = [];
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'allowed' must be a non-empty array of values, found {Describe(value)}.");
            return false;
        }

        var values = new List<string>();
        var index = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.String) values.Add(item.GetString()!);
            else if (item.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) values.Add(item.GetRawText());
            else
            {
                ok = false;
                Error(DiagnosticCodes.SpecInvalidValue, $"{pointer}/{index}", $"Allowed values must be strings, numbers or booleans, found {Describe(item)}.");
            }

            index++;
        }

        result = values;
        return ok;
    }

    /// <summary>The last segment of a JSON pointer, skipping a rule's "/value".</summary>
    private static string Field(string pointer)
    {
        var segments = pointer.Split('/');
        return segments[^1] == "value" && segments.Length > 1 ? segments[^2] : segments[^1];
    }
}
