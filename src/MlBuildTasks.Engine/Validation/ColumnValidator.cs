using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Runtime;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Every check of one feature column, fed one value at a time: type, required, min/max, allowed values,
/// regex, unique, not-a-number, date format; then, at the end, missing share, outliers and constant
/// column. Also keeps the column's profile. Memory is constant per column (except exact uniqueness
/// while small; see DistinctCounter).
/// </summary>
public sealed class ColumnValidator
{
    private readonly ResolvedColumn _column;
    private readonly ColumnSpec? _rules;
    private readonly ValidationOptions _options;
    private readonly CheckSeverity? _constantSeverity;
    private readonly List<CheckAccumulator> _checks = [];
    private readonly CheckAccumulator _type, _required, _notFinite;
    private readonly CheckAccumulator? _min, _max, _allowed, _regex, _unique, _date;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? _allowedSet;
    private readonly ValuePattern? _pattern;
    private readonly DuplicateSampler? _distinct;

    /// <param name="sampleSeed">The seed of a number column's reservoir; each part of a file read in parts has its own (see <see cref="ScanPart"/>).</param>
    public ColumnValidator(ResolvedColumn column, ValidationOptions options, CheckSeverity? constantSeverity, CellLocator cells, bool checkType = true,
        int sampleSeed = NumericSummary.DefaultSeed)
    {
        _column = column;
        _rules = column.Spec;
        _options = options;
        _cells = cells;
        _checkType = checkType;
        _constantSeverity = constantSeverity;
        _isRequired = _rules?.Required is { Value: true };
        Numbers = column.Type == ColumnType.Number ? new NumericSummary(seed: sampleSeed) : null;
        Categories = column.Type is ColumnType.Category or ColumnType.Boolean ? new CategoryCounter() : null;


        var declared = column.TypeDeclared ? "declared" : string.Create(CultureInfo.InvariantCulture, $"inferred from the first {ResolvedSchema.InferenceRows:N0} rows");
        _type = Add("type", DiagnosticCodes.DataTypeMismatch, CheckSeverity.Error, 1);
        _typeDescription = declared;
        _required = Add("required", DiagnosticCodes.DataMissingRequired, _rules?.Required?.Severity ?? CheckSeverity.Error, _rules?.Required?.Mostly ?? 1);
        _notFinite = Add("finite", DiagnosticCodes.DataNotFinite, CheckSeverity.Error, 1);
        if (_rules?.Min is { } min) (_min, _minValue) = (Add("min", DiagnosticCodes.DataBelowMin, min.Severity, min.Mostly), min.Value);
        if (_rules?.Max is { } max) (_max, _maxValue) = (Add("max", DiagnosticCodes.DataAboveMax, max.Severity, max.Mostly), max.Value);
        if (_rules?.Allowed is { } allowed)
        {
            _allowed = Add("allowed", DiagnosticCodes.DataNotAllowed, allowed.Severity, allowed.Mostly);
            _allowedSet = new HashSet<string>(allowed.Value, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }

        if (_rules?.Regex is { } regex)
        {
            _regex = Add("regex", DiagnosticCodes.DataRegexMismatch, regex.Severity, regex.Mostly);
            _pattern = new ValuePattern(regex.Value);
        }

        if (_rules?.Unique is { Value: true } unique)
        {
            _unique = Add("unique", DiagnosticCodes.DataNotUnique, unique.Severity, 1);
            _distinct = new DuplicateSampler();
        }

        if (column.Type == ColumnType.Date) _date = Add("date", DiagnosticCodes.DataBadDate, CheckSeverity.Error, 1);
    }

    private readonly string _typeDescription;
    private readonly CellLocator _cells;
    private readonly bool _isRequired;
    private readonly double _minValue, _maxValue;

    /// <summary>False for the label, whose values the LabelValidator checks: only its declared rules run here.</summary>
    private readonly bool _checkType;

    public ResolvedColumn Column => _column;
    public long Rows { get; private set; }
    public long Missing { get; private set; }
    public NumericSummary? Numbers { get; }
    public CategoryCounter? Categories { get; }
    /// <summary>Text and date columns: the mean length of their values (all the profile shows of them).</summary>
    public double? MeanLength => _textCount == 0 ? null : (double)_textLength / _textCount;

    private long _textLength, _textCount;

    /// <summary>A boolean column's two values' ids in <see cref="Categories"/> (-1 until seen).</summary>
    private int _trueId = -1, _falseId = -1;

    private CheckAccumulator Add(string check, string code, CheckSeverity severity, double mostly)
    {
        var accumulator = new CheckAccumulator(check, _column.Name, code, severity, mostly, _options, _cells);
        _checks.Add(accumulator);
        return accumulator;
    }

    /// <summary>
    /// Checks and profiles this column's values in a batch of rows. For number and boolean columns it also
    /// leaves the parsed values in the batch (<see cref="RowBatch.Numbers"/>) for the training data, and for
    /// category columns the values' hashes (<see cref="RowBatch.CategoryKeys"/>) for the row hashes.
    /// </summary>
    public void Observe(RowBatch batch)
    {
        var index = _column.Index;
        var cells = batch.Column(index);
        var tags = batch.Tags.AsSpan(0, cells.Count);
        Rows += cells.Count;
        var parsed = _column.Type is ColumnType.Number or ColumnType.Boolean ? batch.Numbers(index) : null;
        var keys = _column.Type == ColumnType.Category ? batch.CategoryKeys(index) : null;
        var missing = _column.Type == ColumnType.Number && _allowedSet is null && _pattern is null && _distinct is null
            ? ObserveNumbers(batch, cells, tags, parsed!)
            : ObserveValues(batch, cells, tags, parsed, keys);
        Missing += missing;
        if (_isRequired) _required.Pass(cells.Count - missing);
    }

    /// <summary>
    /// <see cref="Observe"/>'s loop for a number column with none of the rules that apply to text (allowed, regex, unique),
    /// which is nearly every number column: the same checks in the same order as <see cref="ObserveValues"/>, without
    /// asking at every value what type the column has and which of those rules it has. Returns the missing values.
    /// </summary>
    private long ObserveNumbers(RowBatch batch, RowBatch.ColumnCells cells, ReadOnlySpan<long> tags, double[] parsed)
    {
        var index = _column.Index;
        long missing = 0;
        for (var row = 0; row < tags.Length; row++)
        {
            var cell = new CellRef(tags[row], index);
            if (cells.IsMissing(row))
            {
                missing++;
                parsed[row] = double.NaN;
                if (_isRequired) FailRequired(cell);
                continue;
            }

            parsed[row] = ObserveNumber(cells[row], batch.Culture(row), cell, out var number) ? number : double.NaN;
        }

        return missing;
    }

    /// <summary><see cref="Observe"/>'s loop for any column; returns the missing values.</summary>
    private long ObserveValues(RowBatch batch, RowBatch.ColumnCells cells, ReadOnlySpan<long> tags, double[]? parsed, ulong[]? keys)
    {
        var index = _column.Index;
        long missing = 0;
        for (var row = 0; row < tags.Length; row++)
        {
            if (cells.IsMissing(row))
            {
                missing++;
                if (parsed is not null) parsed[row] = double.NaN;
                if (_isRequired) FailRequired(new CellRef(tags[row], index));
                continue;
            }

            var text = cells[row];
            var cell = new CellRef(tags[row], index);
            var categoryId = -1;
            switch (_column.Type)
            {
                case ColumnType.Number:
                    parsed![row] = double.NaN;
                    if (!ObserveNumber(text, batch.Culture(row), cell, out var number)) continue;
                    parsed[row] = number;
                    break;
                case ColumnType.Boolean:
                    if (!ValueParser.TryParseBoolean(text, out var flag))
                    {
                        parsed![row] = double.NaN;
                        var shown = Clip(text);
                        _type.Fail(cell, () => $"Column '{_column.Name}' expects a boolean (true/false, yes/no, 1/0; {_typeDescription}) but found '{shown}'.");
                        continue;
                    }

                    _type.Pass();
                    parsed![row] = flag ? 1 : 0;
                    if (flag) Categories!.Add("true", ref _trueId);
                    else Categories!.Add("false", ref _falseId);
                    break;
                case ColumnType.Date:
                    if (!TryParseDate(text, batch.Culture(row)))
                    {
                        var shown = Clip(text);
                        _date!.Fail(cell, () => $"Column '{_column.Name}' expects a date ({_rules?.DateFormat ?? "ISO 8601, such as 2024-03-31"}) but found '{shown}'.");
                        continue;
                    }

                    _date!.Pass();
                    _textLength += text.Length;
                    _textCount++;
                    break;
                case ColumnType.Category:
                    categoryId = Categories!.Add(text);
                    keys![row] = categoryId >= 0 ? Categories.KeyOf(categoryId) : 0;
                    break;
                default:
                    _textLength += text.Length;
                    _textCount++;
                    break;
            }

            if (_allowedSet is { } allowedSet)
            {
                if (IsAllowed(allowedSet, text, categoryId)) _allowed!.Pass();
                else
                {
                    var shown = Clip(text);
                    _allowed!.Fail(cell, () => $"Column '{_column.Name}' allows only {string.Join(", ", _rules!.Allowed!.Value.Take(10).Select(a => $"'{a}'"))}{(_rules.Allowed.Value.Count > 10 ? ", ..." : "")} but found '{shown}'. Fix the value or add it to 'allowed' in the spec.");
                }
            }

            if (_pattern is not null)
            {
                if (_pattern.IsMatch(text)) _regex!.Pass();
                else
                {
                    var shown = Clip(text);
                    _regex!.Fail(cell, () => $"Column '{_column.Name}' must match /{_rules!.Regex!.Value}/ but found '{shown}'.");
                }
            }

            if (_distinct is not null)
            {
                if (_distinct.Add(XxHash64.HashToUInt64(MemoryMarshal.AsBytes(text)), cell.Tag)) _unique!.Pass();
                else
                {
                    var shown = Clip(text);
                    _unique!.Fail(cell, () => $"Column '{_column.Name}' must be unique but '{shown}' appears again here.");
                }
            }
        }

        return missing;
    }

    private void FailRequired(CellRef cell) =>
        _required.Fail(cell, () => $"Column '{_column.Name}' is required but this row has no value. Fill it in or remove the row.");

    /// <summary>Type, finiteness, min and max of one number, and its statistics; false when it is not a usable number.</summary>
    private bool ObserveNumber(ReadOnlySpan<char> text, CultureInfo culture, CellRef cell, out double number)
    {
        if (!ValueParser.TryParseNumber(text, culture, out number))
        {
            if (!_checkType) return false;
            var (shown, written) = (Clip(text), CultureName(culture)); // locals of this block: the closure is made only on failure
            _type.Fail(cell, () => $"Column '{_column.Name}' expects a number ({_typeDescription}; {written}) but found '{shown}'.");
            return false;
        }

        _type.Pass();
        if (!double.IsFinite(number))
        {
            if (!_checkType) return false;
            var shown = Clip(text);
            _notFinite.Fail(cell, () => $"Column '{_column.Name}' has '{shown}', which is not a finite number. Replace it with a number or leave the cell empty (missing).");
            return false;
        }

        _notFinite.Pass();
        Numbers!.AddFinite(number, cell.Tag);
        if (_min is not null)
        {
            if (number < _minValue) FailBound(_min, cell, number, "at least", _minValue);
            else _min.Pass();
        }

        if (_max is not null)
        {
            if (number > _maxValue) FailBound(_max, cell, number, "at most", _maxValue);
            else _max.Pass();
        }

        return true;
    }

    /// <summary>A failure's message is built in a method of its own: a lambda in the hot path would allocate its closure on every value.</summary>
    private void FailBound(CheckAccumulator check, CellRef cell, double found, string bound, double limit) =>
        check.Fail(cell, () => $"Column '{_column.Name}' must be {bound} {Format(limit)} but found {Format(found)}.");

    /// <summary>A category's verdict is remembered by its id: one set lookup per distinct value, not per cell.</summary>
    private bool IsAllowed(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> allowedSet, ReadOnlySpan<char> text, int categoryId)
    {
        if (categoryId < 0) return allowedSet.Contains(text);
        if (categoryId >= _allowedById.Count)
        {
            while (_allowedById.Count < categoryId) _allowedById.Add(allowedSet.Contains(Categories!.ValueOf(_allowedById.Count)));
            _allowedById.Add(allowedSet.Contains(text));
        }

        return _allowedById[categoryId];
    }

    private readonly List<bool> _allowedById = [];

    /// <summary>
    /// Adds what the same column's validator kept of later rows (<see cref="ScanPart.MergeFrom"/>). A unique column's value
    /// that the later rows have first and this validator's rows had already fails at its first later cell.
    /// </summary>
    public void MergeFrom(ColumnValidator later)
    {
        Rows += later.Rows;
        Missing += later.Missing;
        _textLength += later._textLength;
        _textCount += later._textCount;
        Numbers?.MergeFrom(later.Numbers!);
        Categories?.MergeFrom(later.Categories!);
        var repeats = new List<(CellRef Cell, string Message)>();
        _distinct?.MergeFrom(later._distinct!, (laterTag, earlierTag) => repeats.Add((new CellRef(laterTag, _column.Index),
            $"Column '{_column.Name}' must be unique but the value here is already on line {CellLocator.LineOf(earlierTag)}.")));
        for (var i = 0; i < _checks.Count; i++) _checks[i].MergeFrom(later._checks[i], _checks[i] == _unique ? repeats : null);
    }

    /// <summary>The checks kept value by value (their failing cells are located before <see cref="Finish"/>).</summary>
    public IReadOnlyList<CheckAccumulator> Checks => _checks;

    /// <summary>Ends the column: reports failed checks and runs the whole-column checks.</summary>
    public IEnumerable<CheckResult> Finish(IDiagnosticSink sink, string? file)
    {
        foreach (var check in _checks.Where(c => c.Evaluated > 0 || c == _type)) yield return check.Finish(sink);

        if (_rules?.MaxMissing is { } maxMissing)
            yield return ShareCheck("maxMissing", DiagnosticCodes.DataTooManyMissing, maxMissing.Severity, Missing, Rows, maxMissing.Value, sink, maxMissing.Location,
                share => $"Column '{_column.Name}' is missing in {share} of rows; at most {maxMissing.Value.ToString("P1", CultureInfo.InvariantCulture)} may be missing ('maxMissing').");

        if (_rules?.Outliers is { } outliers && Numbers is { Count: > 3 } numbers)
            yield return OutlierCheck(outliers, numbers, sink);

        if (_constantSeverity is { } constant && !_column.IsLabel && !_column.Ignored && Rows > 1 && DistinctValues() <= 1)
        {
            var severity = CheckAccumulator.EffectiveSeverity(constant, _options);
            sink.Report(new Diagnostic(CheckAccumulator.ToSeverity(severity), DiagnosticCodes.DataConstantColumn,
                $"Column '{_column.Name}' has {(DistinctValues() == 0 ? "no values" : "the same value in every row")}, so it cannot help the model. Mark it \"ignore\": true in the spec, or fix the data.",
                _rules?.Location.File ?? file, _rules?.Location.Line ?? 1, _rules?.Location.Column ?? 1));
            yield return new CheckResult("constant", _column.Name, DiagnosticCodes.DataConstantColumn, severity, Rows, Rows, 1, false);
        }
    }

    private long DistinctValues() =>
        Numbers is { Count: > 0 } n ? (n.Min == n.Max ? 1 : 2) :
        Categories is { } c ? c.DistinctCount :
        _textCount > 0 ? 2 : 0;

    private CheckResult OutlierCheck(Rule<OutlierMethod> rule, NumericSummary numbers, IDiagnosticSink sink)
    {
        var (lower, upper) = rule.Value == OutlierMethod.Iqr
            ? Outliers.IqrFences(numbers, _rules!.OutlierThreshold)
            : Outliers.ZScoreFences(numbers, _rules!.OutlierThreshold);
        // Counted on the sample (all values while the column is small): fences need the whole column first.
        var sample = numbers.Sample;
        var accumulator = new CheckAccumulator("outliers", _column.Name, DiagnosticCodes.DataOutliers, rule.Severity, rule.Mostly, _options);
        foreach (var (value, tag) in sample)
        {
            if (value >= lower && value <= upper) { accumulator.Pass(); continue; }
            accumulator.Fail(() => _cells.Locate(tag), () =>
                $"Column '{_column.Name}' has the outlier {Format(value)}, outside [{Format(lower)}, {Format(upper)}] ({(rule.Value == OutlierMethod.Iqr ? $"{Format(_rules.OutlierThreshold)} x IQR" : $"z-score {Format(_rules.OutlierThreshold)}")}).");
        }

        var detail = numbers.IsExact ? null : string.Create(CultureInfo.InvariantCulture, $"estimated from a sample of {sample.Count:N0} of {numbers.Count:N0} values");
        return accumulator.Finish(sink, detail);
    }

    private CheckResult ShareCheck(string check, string code, CheckSeverity severity, long failed, long evaluated, double maxShare, IDiagnosticSink sink, SourceLocation at, Func<string, string> message)
    {
        var share = evaluated == 0 ? 0 : (double)failed / evaluated;
        var passed = share <= maxShare + 1e-12;
        var effective = CheckAccumulator.EffectiveSeverity(severity, _options);
        if (!passed)
            sink.Report(new Diagnostic(CheckAccumulator.ToSeverity(effective), code, message(share.ToString("P1", CultureInfo.InvariantCulture)), at.File, at.Line, at.Column));
        return new CheckResult(check, _column.Name, code, effective, evaluated, failed, 1 - maxShare, passed);
    }

    private bool TryParseDate(ReadOnlySpan<char> text, CultureInfo culture) => DateValues.TryParse(text, _rules?.DateFormat, culture);

    private static string CultureName(CultureInfo culture) => culture.Equals(CultureInfo.InvariantCulture) ? "invariant culture, such as 12.5" : $"culture {culture.Name}";

    internal static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    internal static string Clip(ReadOnlySpan<char> value) => value.Length <= 40 ? value.ToString() : string.Concat(value[..37], "...");
}
