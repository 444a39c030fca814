using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// <c>slices</c>: the groups of test rows metrics are also reported for. Whether each column exists and has a
/// type that can be sliced is known only once the data is read (<see cref="Data.ResolvedSchema"/>).
/// </summary>
internal sealed partial class SpecReader
{
    private const string SliceExample = "[\"Contract\", { \"column\": \"Tenure\", \"bins\": [12, 24, 48] }]";

    private List<SliceSpec> ReadSlices(JsonElement root, string? label)
    {
        var slices = new List<SliceSpec>();
        if (!root.TryGetProperty("slices", out var element)) return slices;
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(DiagnosticCodes.SpecInvalidValue, "/slices", $"'slices' must be an array of column names or {{ \"column\", \"bins\" }} objects such as {SliceExample}, found {Describe(element)}.");
            return slices;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var pointer = "/slices/" + index++;
            var slice = ReadSlice(item, pointer);
            if (slice is null) continue;
            if (slice.Column == label)
                Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Slice column '{label}' is the label. Slice by an input column; per-class metrics are in metrics.json already.");
            else if (slices.Any(s => s.Column == slice.Column))
                Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Column '{slice.Column}' is sliced twice. Keep one entry.");
            else slices.Add(slice);
        }

        return slices;
    }

    private SliceSpec? ReadSlice(JsonElement item, string pointer)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            if (item.GetString()!.Length > 0) return new SliceSpec(item.GetString()!, null, pointer, at.At(pointer));
            Error(DiagnosticCodes.SpecInvalidValue, pointer, "A slice must name a column, found \"\".");
            return null;
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"A slice must be a column name or an object such as {{ \"column\": \"Tenure\", \"bins\": [12, 24, 48] }}, found {Describe(item)}.");
            return null;
        }

        CheckFields(item, pointer, SliceFields, "a slice");
        var column = RequiredString(item, "column", "the column to slice the test rows by", pointer);
        var bins = ReadBins(item, pointer);
        return column is null ? null : new SliceSpec(column, bins, pointer, at.At(pointer));
    }

    /// <summary>Bucket edges: a non-empty array of strictly ascending numbers (an edge twice would make an empty bucket).</summary>
    private List<double>? ReadBins(JsonElement slice, string pointer)
    {
        if (!slice.TryGetProperty("bins", out var value)) return null;
        pointer += "/bins";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0 || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'bins' must be a non-empty array of numbers (the bucket edges) such as [12, 24, 48], found {Describe(value)}.");
            return null;
        }

        var edges = value.EnumerateArray().Select(v => v.GetDouble()).ToList();
        for (var i = 1; i < edges.Count; i++)
        {
            if (edges[i] > edges[i - 1]) continue;
            Error(DiagnosticCodes.SpecInvalidValue, $"{pointer}/{i}", $"'bins' must be in ascending order with no repeats: {edges[i]} follows {edges[i - 1]}.");
            return null;
        }

        return edges;
    }
}
