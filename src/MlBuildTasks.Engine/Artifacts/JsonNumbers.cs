namespace MlBuildTasks.Engine.Artifacts;

/// <summary>
/// JSON has no NaN: artifacts write an undefined number (a metric with no value, a setting ML.NET chooses) as
/// null, and reading them back turns null into NaN again.
/// </summary>
public static class JsonNumbers
{
    public static double? ToJson(double value) => double.IsNaN(value) ? null : value;

    public static Dictionary<string, double?> ToJson(IReadOnlyDictionary<string, double> values) => values.ToDictionary(p => p.Key, p => ToJson(p.Value));

    public static Dictionary<string, double> FromJson(IReadOnlyDictionary<string, double?> values) => values.ToDictionary(p => p.Key, p => p.Value ?? double.NaN);
}
