using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Data;

/// <summary>A data column with everything later stages need: its type (declared or inferred), rules and model name.</summary>
public sealed record ResolvedColumn(
    string Name,
    int Index,
    ColumnType Type,
    string ModelName,
    bool IsLabel,
    bool Ignored,
    bool TypeDeclared,
    ColumnSpec? Spec);

/// <summary>The spec's columns matched to the data's header: the contract the validator checks and the trainer uses.</summary>
public sealed class ResolvedSchema(IReadOnlyList<ResolvedColumn> columns)
{
    public IReadOnlyList<ResolvedColumn> Columns { get; } = columns;
    public ResolvedColumn Label => Columns.Single(c => c.IsLabel);
    public IEnumerable<ResolvedColumn> Features => Columns.Where(c => !c.IsLabel && !c.Ignored);

    /// <summary>Whether any column's type must be inferred from the data (not declared, not the label).</summary>
    public static bool NeedsInference(ModelSpec spec, IReadOnlyList<string> headers) =>
        headers.Any(h => h != spec.Label && spec.FindColumn(h)?.Type is null);

    /// <summary>The label's type follows from the task: the label validator checks its values.</summary>
    private static ColumnType LabelType(ModelSpec spec) => spec.Task switch
    {
        ModelTask.Regression => ColumnType.Number,
        ModelTask.BinaryClassification or ModelTask.AnomalyDetection when spec.PositiveClass is null => ColumnType.Boolean,
        _ => ColumnType.Category,
    };

    /// <summary>How many rows undeclared column types are inferred from (the data's first rows).</summary>
    public const int InferenceRows = 10_000;

    /// <summary>
    /// Matches spec to header. A label or declared column the data lacks is a spec error (MLB1007/MLB1008)
    /// reported at the spec line that names it.
    /// </summary>
    /// <summary>
    /// Matches spec to a source's columns; <paramref name="sampleOf"/> gives a column's values in the
    /// first rows, from which undeclared types are inferred.
    /// </summary>
    public static ResolvedSchema Resolve(ModelSpec spec, IReadOnlyList<string> headers, Func<int, IEnumerable<string>> sampleOf, IDiagnosticSink sink, System.Globalization.CultureInfo? culture = null)
    {
        int IndexOf(string name)
        {
            for (var i = 0; i < headers.Count; i++)
                if (headers[i] == name) return i;
            return -1;
        }

        var failed = false;
        if (IndexOf(spec.Label) < 0)
        {
            failed = true;
            sink.Report(Diagnostic.Error(DiagnosticCodes.SpecLabelNotInData,
                $"The label column '{spec.Label}' is not in the data. The data's columns are: {string.Join(", ", headers)}.{SpecParser.Suggest(spec.Label, headers)}",
                spec.Locations.At("/label")));
        }

        foreach (var column in spec.Columns.Where(c => IndexOf(c.Name) < 0))
        {
            failed = true;
            sink.Report(Diagnostic.Error(DiagnosticCodes.SpecColumnNotInData,
                $"Column '{column.Name}' is declared in the spec but is not in the data. The data's columns are: {string.Join(", ", headers)}.{SpecParser.Suggest(column.Name, headers)}",
                column.Location));
        }

        if (spec.Checks.LeakageKey is { } key && IndexOf(key) < 0)
        {
            failed = true;
            sink.Report(Diagnostic.Error(DiagnosticCodes.SpecColumnNotInData,
                $"'leakageKey' names column '{key}', which is not in the data. The data's columns are: {string.Join(", ", headers)}.{SpecParser.Suggest(key, headers)}",
                spec.Locations.At("/checks/leakageKey")));
        }

        if (spec.Training?.GroupBy is { } groupBy && IndexOf(groupBy) < 0)
        {
            failed = true;
            sink.Report(Diagnostic.Error(DiagnosticCodes.SpecColumnNotInData,
                $"'groupBy' names column '{groupBy}', which is not in the data. The data's columns are: {string.Join(", ", headers)}.{SpecParser.Suggest(groupBy, headers)}",
                spec.Locations.At("/training/groupBy")));
        }

        foreach (var slice in (spec.Slices ?? []).Where(s => IndexOf(s.Column) < 0))
        {
            failed = true;
            sink.Report(Diagnostic.Error(DiagnosticCodes.SpecColumnNotInData,
                $"Slice column '{slice.Column}' is not in the data. The data's columns are: {string.Join(", ", headers)}.{SpecParser.Suggest(slice.Column, headers)}",
                slice.Location));
        }

        if (failed)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecColumnNotInData,
                "The spec names columns the data does not have; see above.", new SourceLocation(spec.SpecPath)));

        var modelNames = ColumnNames.ToModelNames(headers);
        var columns = new List<ResolvedColumn>();
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i];
            var declared = spec.FindColumn(name);
            var isLabel = name == spec.Label;
            ColumnType type;
            var ignored = declared?.Ignore ?? false;
            if (declared?.Type is { } t) type = t;
            else if (isLabel) type = LabelType(spec);
            else
            {
                var inferred = SchemaInference.Infer(name, sampleOf(i), culture);
                type = inferred.Type;
                if (inferred.LooksLikeId && declared is null && !isLabel)
                {
                    ignored = true;
                    sink.Message($"Column '{name}' has a distinct value in every row; it is treated as an identifier and not used as a feature. Declare its type in the spec to use it.");
                }
            }

            columns.Add(new ResolvedColumn(name, i, type, isLabel ? ColumnNames.Label : modelNames[i], isLabel, ignored && !isLabel, declared?.Type is not null, declared));
        }

        CheckSlices(spec, columns, sink);
        return new ResolvedSchema(columns);
    }

    /// <summary>
    /// A slice needs a model input (the test rows keep only those) of a type with few values or an order:
    /// category, boolean or number; <c>bins</c> only for a number. MLB1005 at the slice.
    /// </summary>
    private static void CheckSlices(ModelSpec spec, List<ResolvedColumn> columns, IDiagnosticSink sink)
    {
        var problems = 0;
        foreach (var slice in spec.Slices ?? [])
        {
            var column = columns.First(c => c.Name == slice.Column);
            var problem = column.Ignored ? $"Slice column '{slice.Column}' is not a model input (it is ignored), so the test rows do not keep it. Slice by an input column, or declare its type to use it."
                : column.Type is ColumnType.Text or ColumnType.Date ? $"Slice column '{slice.Column}' is a {column.Type.ToName()} column. Slice by a category, boolean or number column."
                : slice.Bins is not null && column.Type != ColumnType.Number ? $"Slice column '{slice.Column}' is a {column.Type.ToName()} column, so it has one slice per value and no 'bins'. Remove 'bins', or declare it a number."
                : null;
            if (problem is null) continue;
            problems++;
            sink.Report(Diagnostic.Error(DiagnosticCodes.SpecInvalidValue, problem, slice.Bins is not null && column.Type != ColumnType.Number ? spec.Locations.At(slice.Pointer + "/bins") : slice.Location));
        }

        if (problems > 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecInvalidValue,
                "The spec's slices cannot be computed; see above.", new SourceLocation(spec.SpecPath)));
    }
}
