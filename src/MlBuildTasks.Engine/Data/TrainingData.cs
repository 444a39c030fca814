using System.Globalization;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// The rows a model trains and tests on, typed as the model sees them: numbers and booleans as float
/// (missing is NaN), categories and text as strings, the label as bool (binary), string (multiclass) or
/// float (regression). Filled row by row while the data is validated, so the data is read once.
/// Also keeps each row's class (for the stratified split), a hash of its values (for leakage checks)
/// and its tag (to point at it in diagnostics).
/// </summary>
public sealed class TrainingData
{
    private readonly ModelSpec _spec;
    private readonly ResolvedColumn[] _features;
    private readonly List<float>?[] _numbers;
    private readonly List<string>?[] _texts;
    private readonly List<bool> _binaryLabels = [];
    private readonly List<string> _classLabels = [];
    private readonly List<float> _numericLabels = [];
    private readonly int _keyColumn;
    private readonly int _groupColumn;
    private readonly List<string> _groups = [];

    public TrainingData(ModelSpec spec, ResolvedSchema schema)
    {
        _spec = spec;
        Schema = schema;
        _features = schema.Features.ToArray();
        _numbers = _features.Select(f => IsNumeric(f.Type) ? new List<float>() : null).ToArray();
        _texts = _features.Select(f => IsNumeric(f.Type) ? null : new List<string>()).ToArray();
        _keyColumn = spec.Checks.LeakageKey is { } key ? schema.Columns.FirstOrDefault(c => c.Name == key)?.Index ?? -1 : -1;
        _groupColumn = spec.Training?.GroupBy is { } groupBy ? schema.Columns.First(c => c.Name == groupBy).Index : -1;
    }

    public ResolvedSchema Schema { get; }
    public int RowCount => RowHashes.Count;
    public List<ulong> RowHashes { get; } = [];
    public List<long> Tags { get; } = [];

    /// <summary>Each row's class for stratification (classification only).</summary>
    public IReadOnlyList<string>? Classes => _spec.Task == ModelTask.Regression ? null : _classLabels;

    /// <summary>
    /// Adds a batch's rows that have a usable label (<paramref name="classes"/>: each row's class, from the label's
    /// check; for regression, the label's parsed number in the batch). Numbers and booleans come from the batch as
    /// the checks parsed them, so each is parsed once.
    /// </summary>
    public void Add(RowBatch batch, string?[] classes)
    {
        var labelIndex = Schema.Label.Index;
        var parsed = _features.Select((f, i) => _numbers[i] is null ? null
            : batch.ParsedNumbers(f.Index) ?? throw new InvalidOperationException($"Column '{f.Name}' was not parsed by its check.")).ToArray();
        var labelNumbers = _spec.Task == ModelTask.Regression ? batch.ParsedNumbers(labelIndex) : null;
        for (var row = 0; row < batch.Count; row++)
        {
            if (batch.IsMissing(labelIndex, row)) continue;
            var labelClass = classes[row];
            if (_spec.Task != ModelTask.Regression && labelClass is null) continue;

            var hash = RowHash.Start;
            for (var i = 0; i < _features.Length; i++)
            {
                var value = batch.Value(_features[i].Index, row);
                if (_keyColumn < 0) hash = RowHash.Append(hash, value);
                if (parsed[i] is { } numbers) _numbers[i]!.Add((float)numbers[row]);
                else _texts[i]!.Add(value.ToString());
            }

            var label = batch.Value(labelIndex, row);
            hash = RowHash.Append(hash, _keyColumn >= 0 ? batch.Value(_keyColumn, row) : label);
            switch (_spec.Task)
            {
                case ModelTask.BinaryClassification or ModelTask.AnomalyDetection:
                    _binaryLabels.Add(_spec.PositiveClass is { } positive ? label.SequenceEqual(positive) : labelClass == bool.TrueString);
                    _classLabels.Add(labelClass!);
                    break;
                case ModelTask.MulticlassClassification:
                    _classLabels.Add(labelClass!);
                    break;
                default:
                    _numericLabels.Add((float)labelNumbers![row]);
                    break;
            }

            RowHashes.Add(hash);
            Tags.Add(batch.Tags[row]);
            if (_groupColumn >= 0) _groups.Add(batch.Value(_groupColumn, row).ToString());
        }
    }

    /// <summary>Each row's value of the search's <c>groupBy</c> column (cross-validation keeps a group in one fold).</summary>
    /// <summary>
    /// Appends the rows <paramref name="later"/> collected (same spec and schema), as if they had been added here after
    /// this one's: a file read in parts at once is collected part by part (see <c>ParallelCsvScan</c>).
    /// </summary>
    public void AppendFrom(TrainingData later)
    {
        for (var i = 0; i < _features.Length; i++)
        {
            _numbers[i]?.AddRange(later._numbers[i]!);
            _texts[i]?.AddRange(later._texts[i]!);
        }

        _binaryLabels.AddRange(later._binaryLabels);
        _classLabels.AddRange(later._classLabels);
        _numericLabels.AddRange(later._numericLabels);
        _groups.AddRange(later._groups);
        RowHashes.AddRange(later.RowHashes);
        Tags.AddRange(later.Tags);
    }

    public IReadOnlyList<string> GroupsOf(string column) =>
        _groupColumn >= 0 && Schema.Columns[_groupColumn].Name == column ? _groups : throw new InvalidOperationException($"Column '{column}' was not collected as a group key.");

    /// <summary>
    /// The rows <paramref name="rows"/> as an ML.NET data view (features by model column name, then "Label", then
    /// <paramref name="extra"/> columns, one value per row, that the model passes through, such as slice groups).
    /// </summary>
    public InMemoryDataView ToDataView(IReadOnlyList<int> rows, IEnumerable<(string Name, DataViewType Type, Array Values)>? extra = null)
    {
        var columns = new List<(string, DataViewType, Array)>();
        for (var i = 0; i < _features.Length; i++)
        {
            if (_numbers[i] is { } numbers) columns.Add((_features[i].ModelName, NumberDataViewType.Single, Pick(numbers, rows)));
            else columns.Add((_features[i].ModelName, TextDataViewType.Instance, Pick(_texts[i]!, rows).Select(t => t.AsMemory()).ToArray()));
        }

        columns.Add(_spec.Task switch
        {
            ModelTask.BinaryClassification or ModelTask.AnomalyDetection => (ColumnNames.Label, BooleanDataViewType.Instance, Pick(_binaryLabels, rows)),
            ModelTask.MulticlassClassification => (ColumnNames.Label, TextDataViewType.Instance, Pick(_classLabels, rows).Select(t => t.AsMemory()).ToArray()),
            _ => (ColumnNames.Label, NumberDataViewType.Single, Pick(_numericLabels, rows)),
        });
        columns.AddRange(extra ?? []);
        return new InMemoryDataView(columns);
    }

    /// <summary>A numeric feature's values for some rows (for skew), or null for a text column.</summary>
    public IEnumerable<double>? NumbersOf(ResolvedColumn column, IEnumerable<int> rows)
    {
        var i = Array.IndexOf(_features, column);
        return i < 0 || _numbers[i] is not { } numbers ? null : rows.Select(r => (double)numbers[r]).Where(double.IsFinite);
    }

    /// <summary>A numeric feature's values for some rows, row for row (NaN when missing), or null for a text column.</summary>
    public IReadOnlyList<float>? RowNumbersOf(ResolvedColumn column, IReadOnlyList<int> rows)
    {
        var i = Array.IndexOf(_features, column);
        return i < 0 || _numbers[i] is not { } numbers ? null : Pick(numbers, rows);
    }

    /// <summary>A text feature's values for some rows (for skew), or null for a numeric column.</summary>
    public IEnumerable<string>? TextsOf(ResolvedColumn column, IEnumerable<int> rows)
    {
        var i = Array.IndexOf(_features, column);
        return i < 0 || _texts[i] is not { } texts ? null : rows.Select(r => texts[r]);
    }

    /// <summary>The data type a feature column has in the model's input (and so in an app's ModelInput class).</summary>
    public static string ModelInputType(ColumnType type) => IsNumeric(type) ? "Single" : "String";

    private static bool IsNumeric(ColumnType type) => type is ColumnType.Number or ColumnType.Boolean;

    private static T[] Pick<T>(List<T> values, IReadOnlyList<int> rows)
    {
        var picked = new T[rows.Count];
        for (var i = 0; i < picked.Length; i++) picked[i] = values[rows[i]];
        return picked;
    }
}
