using System.Text.Json.Nodes;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Init;

/// <summary>
/// A column's spec entry as inferred from its values: the type, and the rules the data already satisfies
/// (required, min/max, the allowed categories), so a later change in the data shows as a build error.
/// </summary>
public static class ColumnRules
{
    public static JsonObject Infer(string name, IReadOnlyCollection<string> values)
    {
        var inferred = SchemaInference.Infer(name, values);
        var column = new JsonObject { ["type"] = inferred.Type.ToName() };
        if (!inferred.HasMissing) column["required"] = true;
        if (inferred.Min is { } min) column["min"] = min;
        if (inferred.Max is { } max) column["max"] = max;
        if (inferred.Type == ColumnType.Category)
            column["allowed"] = new JsonArray(values.Where(v => !ValueParser.IsMissing(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => (JsonNode)v).ToArray());
        if (inferred.LooksLikeId) column["ignore"] = true;
        return column;
    }
}
