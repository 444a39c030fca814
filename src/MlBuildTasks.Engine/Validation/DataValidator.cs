using System.Globalization;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Checks every cell against the resolved schema: type, required, min/max, allowed values, and that the
/// label is present and usable for the task. Each failing cell is an MLB2xxx error at its line and column.
/// </summary>
public sealed class DataValidator(ModelSpec spec, ResolvedSchema schema, int maxListedPerCheck, IDiagnosticSink sink)
{
    public const int DefaultMaxListedPerCheck = 10;

    private int _datasetErrors;

    /// <summary>Validates <paramref name="table"/>; returns the number of failing cells (0 when the data is usable).</summary>
    public int Validate(DataTable table)
    {
        var tallies = new List<CheckTally>();
        CheckTally Tally(string code, string column)
        {
            var tally = new CheckTally(code, column, maxListedPerCheck, sink);
            tallies.Add(tally);
            return tally;
        }

        foreach (var column in schema.Columns.Where(c => !c.Ignored || c.Spec is not null))
        {
            if (column.IsLabel) ValidateLabel(table, column, Tally);
            else ValidateFeature(table, column, Tally);
        }

        foreach (var tally in tallies) tally.Finish(table.File, table.RowCount);
        return tallies.Sum(t => t.Failures) + _datasetErrors;
    }

    private void ValidateFeature(DataTable table, ResolvedColumn column, Func<string, string, CheckTally> tally)
    {
        var rules = column.Spec;
        var type = tally(DiagnosticCodes.DataTypeMismatch, column.Name);
        var required = tally(DiagnosticCodes.DataMissingRequired, column.Name);
        var belowMin = tally(DiagnosticCodes.DataBelowMin, column.Name);
        var aboveMax = tally(DiagnosticCodes.DataAboveMax, column.Name);
        var notAllowed = tally(DiagnosticCodes.DataNotAllowed, column.Name);
        var allowed = rules?.Allowed is { } list ? new HashSet<string>(list, StringComparer.Ordinal) : null;

        for (var row = 0; row < table.RowCount; row++)
        {
            var value = table.Rows[row][column.Index];
            var at = new SourceLocation(table.File, table.Lines[row], table.ColumnOf(row, column.Index));
            if (ValueParser.IsMissing(value))
            {
                if (rules?.Required == true)
                    required.Fail(at, $"Column '{column.Name}' is required but this row has no value. Fill it in or remove the row.");
                continue;
            }

            if (column.Type == ColumnType.Number)
            {
                if (!ValueParser.TryParseNumber(value, out var number))
                {
                    type.Fail(at, $"Column '{column.Name}' expects a number (invariant culture, such as 12.5) but found '{Clip(value)}'.");
                    continue;
                }

                if (rules?.Min is { } min && number < min)
                    belowMin.Fail(at, $"Column '{column.Name}' must be at least {Format(min)} but found {Clip(value)}.");
                if (rules?.Max is { } max && number > max)
                    aboveMax.Fail(at, $"Column '{column.Name}' must be at most {Format(max)} but found {Clip(value)}.");
            }
            else if (column.Type == ColumnType.Boolean && !ValueParser.TryParseBoolean(value, out _))
            {
                type.Fail(at, $"Column '{column.Name}' expects a boolean (true/false, yes/no, 1/0) but found '{Clip(value)}'.");
                continue;
            }

            if (allowed is not null && !allowed.Contains(value))
                notAllowed.Fail(at, $"Column '{column.Name}' allows only {string.Join(", ", allowed.Select(a => $"'{a}'"))} but found '{Clip(value)}'. Fix the value or add it to 'allowed' in the spec.");
        }
    }

    private void ValidateLabel(DataTable table, ResolvedColumn column, Func<string, string, CheckTally> tally)
    {
        var missing = tally(DiagnosticCodes.DataLabelMissing, column.Name);
        var unusable = tally(DiagnosticCodes.DataLabelUnusable, column.Name);
        var classes = new SortedSet<string>(StringComparer.Ordinal);

        for (var row = 0; row < table.RowCount; row++)
        {
            var value = table.Rows[row][column.Index];
            var at = new SourceLocation(table.File, table.Lines[row], table.ColumnOf(row, column.Index));
            if (ValueParser.IsMissing(value))
            {
                missing.Fail(at, $"The label '{column.Name}' has no value in this row. Every training row needs a label; fill it in or remove the row.");
                continue;
            }

            switch (spec.Task)
            {
                case ModelTask.Regression when !ValueParser.TryParseNumber(value, out _):
                    unusable.Fail(at, $"The label '{column.Name}' of a regression model must be a number but found '{Clip(value)}'.");
                    break;
                case ModelTask.BinaryClassification when spec.PositiveClass is null && !ValueParser.TryParseBoolean(value, out _):
                    unusable.Fail(at, $"The label '{column.Name}' of a binary classifier must be true/false, yes/no or 1/0 but found '{Clip(value)}'. Set 'positiveClass' in the spec to use other class names.");
                    break;
                default:
                    if (spec.Task != ModelTask.Regression) classes.Add(spec.Task == ModelTask.BinaryClassification && spec.PositiveClass is null ? Normalise(value) : value);
                    break;
            }
        }

        if (unusable.Failures > 0 || missing.Failures == table.RowCount) return;
        var labelAt = spec.Locations.At("/label");
        if (spec.Task == ModelTask.BinaryClassification)
        {
            if (classes.Count != 2)
                ReportDatasetError(Diagnostic.Error(DiagnosticCodes.DataLabelUnusable,
                    $"A binary classifier needs exactly 2 classes in label '{column.Name}' but the data has {classes.Count}: {string.Join(", ", classes.Take(10))}. Use 'multiclass-classification' for more classes.", labelAt));
            else if (spec.PositiveClass is { } positive && !classes.Contains(positive))
                ReportDatasetError(Diagnostic.Error(DiagnosticCodes.DataLabelUnusable,
                    $"'positiveClass' is '{positive}' but label '{column.Name}' has the classes {string.Join(", ", classes)}.", spec.Locations.At("/positiveClass")));
        }
        else if (spec.Task == ModelTask.MulticlassClassification && classes.Count < 2)
        {
            ReportDatasetError(Diagnostic.Error(DiagnosticCodes.DataLabelUnusable,
                $"A classifier needs at least 2 classes in label '{column.Name}' but the data has {classes.Count}.", labelAt));
        }
    }

    private void ReportDatasetError(Diagnostic diagnostic)
    {
        _datasetErrors++;
        sink.Report(diagnostic);
    }

    private static string Normalise(string booleanWord) => ValueParser.TryParseBoolean(booleanWord, out var b) ? b.ToString() : booleanWord;

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string Clip(string value) => value.Length <= 40 ? value : value[..37] + "...";
}
