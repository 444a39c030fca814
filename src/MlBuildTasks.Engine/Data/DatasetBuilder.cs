using Microsoft.ML.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// Turns validated rows into the typed columns the model sees: numbers and booleans as float (missing is
/// NaN), categories and text as strings, and the label as bool (binary), string (multiclass) or float.
/// </summary>
public static class DatasetBuilder
{
    public static InMemoryDataView Build(DataTable table, ResolvedSchema schema, ModelSpec spec, IReadOnlyList<int> rows)
    {
        var columns = new List<(string, DataViewType, Array)>();
        foreach (var column in schema.Features)
            columns.Add(column.Type is ColumnType.Number or ColumnType.Boolean
                ? (column.ModelName, NumberDataViewType.Single, Numbers(table, column, rows))
                : (column.ModelName, TextDataViewType.Instance, Texts(table, column, rows)));
        columns.Add(LabelColumn(table, schema.Label, spec, rows));
        return new InMemoryDataView(columns);
    }

    /// <summary>The data type a feature column has in the model's input (and so in an app's ModelInput class).</summary>
    public static string ModelInputType(ColumnType type) => type is ColumnType.Number or ColumnType.Boolean ? "Single" : "String";

    private static (string, DataViewType, Array) LabelColumn(DataTable table, ResolvedColumn label, ModelSpec spec, IReadOnlyList<int> rows)
    {
        switch (spec.Task)
        {
            case ModelTask.BinaryClassification:
                var flags = new bool[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    var value = table.Rows[rows[i]][label.Index];
                    flags[i] = spec.PositiveClass is { } positive ? value == positive : ValueParser.TryParseBoolean(value, out var b) && b;
                }

                return (ColumnNames.Label, BooleanDataViewType.Instance, flags);
            case ModelTask.MulticlassClassification:
                return (ColumnNames.Label, TextDataViewType.Instance, Texts(table, label, rows));
            default:
                return (ColumnNames.Label, NumberDataViewType.Single, Numbers(table, label, rows));
        }
    }

    private static float[] Numbers(DataTable table, ResolvedColumn column, IReadOnlyList<int> rows)
    {
        var values = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var text = table.Rows[rows[i]][column.Index];
            if (column.Type == ColumnType.Boolean)
                values[i] = ValueParser.TryParseBoolean(text, out var b) ? (b ? 1f : 0f) : float.NaN;
            else
                values[i] = ValueParser.TryParseNumber(text, out var number) ? (float)number : float.NaN;
        }

        return values;
    }

    private static ReadOnlyMemory<char>[] Texts(DataTable table, ResolvedColumn column, IReadOnlyList<int> rows)
    {
        var values = new ReadOnlyMemory<char>[rows.Count];
        for (var i = 0; i < rows.Count; i++) values[i] = table.Rows[rows[i]][column.Index].Trim().AsMemory();
        return values;
    }
}
