using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Spec;

/// <summary>What kind of model the spec asks for. Names in the spec are kebab-case (<see cref="ModelTaskNames"/>).</summary>
public enum ModelTask { BinaryClassification, MulticlassClassification, Regression }

/// <summary>How a column is read and featurized.</summary>
public enum ColumnType { Number, Boolean, Category, Text }

/// <summary>A column as the spec declares it. Undeclared columns are inferred from the data.</summary>
public sealed record ColumnSpec(
    string Name,
    ColumnType? Type,
    bool Required,
    double? Min,
    double? Max,
    IReadOnlyList<string>? Allowed,
    bool Ignore,
    SourceLocation Location);

/// <summary>A metric gate: the build fails when the metric is below <see cref="Min"/> or above <see cref="Max"/>.</summary>
public sealed record GateSpec(string Metric, double? Min, double? Max, SourceLocation Location);

/// <summary>A parsed, checked <c>*.mlmodel.json</c>. Paths are absolute.</summary>
public sealed record ModelSpec(
    string SpecPath,
    string Name,
    ModelTask Task,
    string DataPath,
    string? TestDataPath,
    string Label,
    string? PositiveClass,
    IReadOnlyList<ColumnSpec> Columns,
    string Trainer,
    int Seed,
    double TestFraction,
    IReadOnlyList<GateSpec> Gates,
    JsonLocations Locations)
{
    public const int DefaultSeed = 42;
    public const double DefaultTestFraction = 0.2;

    public ColumnSpec? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

public static class ModelTaskNames
{
    private static readonly Dictionary<string, ModelTask> ByName = new(StringComparer.Ordinal)
    {
        ["binary-classification"] = ModelTask.BinaryClassification,
        ["multiclass-classification"] = ModelTask.MulticlassClassification,
        ["regression"] = ModelTask.Regression,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ModelTask task) => ByName.TryGetValue(name, out task);

    public static string ToName(this ModelTask task) => ByName.First(p => p.Value == task).Key;
}

public static class ColumnTypeNames
{
    private static readonly Dictionary<string, ColumnType> ByName = new(StringComparer.Ordinal)
    {
        ["number"] = ColumnType.Number,
        ["boolean"] = ColumnType.Boolean,
        ["category"] = ColumnType.Category,
        ["text"] = ColumnType.Text,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ColumnType type) => ByName.TryGetValue(name, out type);

    public static string ToName(this ColumnType type) => ByName.First(p => p.Value == type).Key;
}
