using System.Globalization;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Checks the label: present in every row, usable for the task (a number for regression; true/false-like
/// or <c>positiveClass</c> for binary), enough classes, and no class rarer than <c>minClassFraction</c>.
/// </summary>
public sealed class LabelValidator
{
    private readonly ModelSpec _spec;
    private readonly ResolvedColumn _column;
    private readonly ValidationOptions _options;
    private readonly CheckAccumulator _missing, _unusable;

    /// <param name="sampleSeed">The seed of a regression label's reservoir (see <see cref="ColumnValidator"/>).</param>
    public LabelValidator(ModelSpec spec, ResolvedColumn column, ValidationOptions options, CellLocator cells, int sampleSeed = NumericSummary.DefaultSeed)
    {
        _spec = spec;
        _column = column;
        _options = options;
        _missing = new CheckAccumulator("label present", column.Name, DiagnosticCodes.DataLabelMissing, CheckSeverity.Error, 1, options, cells);
        _unusable = new CheckAccumulator("label usable", column.Name, DiagnosticCodes.DataLabelUnusable, CheckSeverity.Error, 1, options, cells);
        if (spec.Task == ModelTask.Regression) Numbers = new NumericSummary(seed: sampleSeed);
        else Classes = new CategoryCounter();
    }

    /// <summary>A boolean label's two classes' ids in <see cref="Classes"/> (-1 until seen).</summary>
    private int _trueId = -1, _falseId = -1;

    public ResolvedColumn Column => _column;
    public NumericSummary? Numbers { get; }
    public CategoryCounter? Classes { get; }
    public long Rows { get; private set; }
    public long Missing { get; private set; }

    /// <summary>
    /// Checks a batch's labels. For classification, <paramref name="classes"/> gets each row's class ("True"/"False"
    /// for boolean words), null where the label is missing or unusable; for regression the parsed numbers are left in
    /// the batch (<see cref="RowBatch.Numbers"/>, NaN where unusable).
    /// </summary>
    public void Observe(RowBatch batch, string?[] classes)
    {
        var index = _column.Index;
        Rows += batch.Count;
        var numbers = _spec.Task == ModelTask.Regression ? batch.Numbers(index) : null;
        var isBooleanLabel = _spec.Task.HasBinaryLabel() && _spec.PositiveClass is null;
        for (var row = 0; row < batch.Count; row++)
        {
            classes[row] = null;
            var cell = new CellRef(batch.Tags[row], index);
            if (batch.IsMissing(index, row))
            {
                Missing++;
                if (numbers is not null) numbers[row] = double.NaN;
                _missing.Fail(cell, () => $"The label '{_column.Name}' has no value in this row. Every training row needs a label; fill it in or remove the row.");
                continue;
            }

            _missing.Pass();
            var text = batch.Value(index, row);
            if (numbers is not null)
            {
                if (ValueParser.TryParseNumber(text, batch.Culture(row), out var number) && double.IsFinite(number))
                {
                    _unusable.Pass();
                    Numbers!.AddFinite(number, cell.Tag);
                    numbers[row] = number;
                }
                else
                {
                    numbers[row] = double.NaN;
                    var shown = ColumnValidator.Clip(text);
                    _unusable.Fail(cell, () => $"The label '{_column.Name}' of a regression model must be a number but found '{shown}'.");
                }

                continue;
            }

            if (isBooleanLabel)
            {
                if (!ValueParser.TryParseBoolean(text, out var flag))
                {
                    var shown = ColumnValidator.Clip(text);
                    _unusable.Fail(cell, () => $"The label '{_column.Name}' of a binary classifier must be true/false, yes/no or 1/0 but found '{shown}'. Set 'positiveClass' in the spec to use other class names.");
                    continue;
                }

                _unusable.Pass();
                classes[row] = flag ? bool.TrueString : bool.FalseString;
                if (flag) Classes!.Add(bool.TrueString, ref _trueId);
                else Classes!.Add(bool.FalseString, ref _falseId);
                continue;
            }

            // Counted from the span: no string per row unless the class is new (or beyond the exact limit).
            _unusable.Pass();
            var id = Classes!.Add(text);
            classes[row] = id >= 0 ? Classes.ValueOf(id) : text.ToString();
        }
    }

    /// <summary>Adds what the label's validator kept of later rows (<see cref="ScanPart.MergeFrom"/>).</summary>
    public void MergeFrom(LabelValidator later)
    {
        Rows += later.Rows;
        Missing += later.Missing;
        _missing.MergeFrom(later._missing);
        _unusable.MergeFrom(later._unusable);
        Numbers?.MergeFrom(later.Numbers!);
        Classes?.MergeFrom(later.Classes!);
    }

    /// <summary>The checks kept value by value (their failing cells are located before <see cref="Finish"/>).</summary>
    public IEnumerable<CheckAccumulator> Checks => [_missing, _unusable];

    public IEnumerable<CheckResult> Finish(IDiagnosticSink sink)
    {
        yield return _missing.Finish(sink);
        var usable = _unusable.Finish(sink);
        yield return usable;
        if (!usable.Passed || Classes is null || Rows == Missing) yield break;

        var labelAt = _spec.Locations.At("/label");
        var classes = Classes.Top(int.MaxValue).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        string? problem = null;
        SourceLocation at = labelAt;
        if (_spec.Task.HasBinaryLabel() && classes.Count != 2)
            problem = $"A binary classifier needs exactly 2 classes in label '{_column.Name}' but the data has {classes.Count}: {string.Join(", ", classes.Take(10))}. Use 'multiclass-classification' for more classes.";
        else if (_spec.Task.HasBinaryLabel() && _spec.PositiveClass is { } positive && !classes.Contains(positive))
        {
            problem = $"'positiveClass' is '{positive}' but label '{_column.Name}' has the classes {string.Join(", ", classes)}.";
            at = _spec.Locations.At("/positiveClass");
        }
        else if (_spec.Task == ModelTask.MulticlassClassification && classes.Count < 2)
            problem = $"A classifier needs at least 2 classes in label '{_column.Name}' but the data has {classes.Count}.";

        if (problem is not null)
        {
            sink.Report(Diagnostic.Error(DiagnosticCodes.DataLabelUnusable, problem, at));
            yield return new CheckResult("label classes", _column.Name, DiagnosticCodes.DataLabelUnusable, CheckSeverity.Error, Rows - Missing, Rows - Missing, 1, false);
            yield break;
        }

        if (_spec.Checks.MinClassFraction is { } minFraction)
        {
            var counted = Rows - Missing;
            var rarest = Classes.Top(int.MaxValue).OrderBy(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).First();
            var share = (double)rarest.Count / counted;
            var passed = share >= minFraction.Value - 1e-12;
            var severity = CheckAccumulator.EffectiveSeverity(minFraction.Severity, _options);
            if (!passed)
                sink.Report(new Diagnostic(CheckAccumulator.ToSeverity(severity), DiagnosticCodes.DataRareClass,
                    $"Class '{rarest.Value}' of label '{_column.Name}' is {share.ToString("P1", CultureInfo.InvariantCulture)} of the rows ({rarest.Count} of {counted}); 'minClassFraction' requires at least {minFraction.Value.ToString("P1", CultureInfo.InvariantCulture)}. Collect more examples of it or lower the bound.",
                    minFraction.Location.File, minFraction.Location.Line, minFraction.Location.Column));
            yield return new CheckResult("minClassFraction", _column.Name, DiagnosticCodes.DataRareClass, severity, counted, rarest.Count, minFraction.Value, passed, $"rarest class '{rarest.Value}'");
        }
    }
}
