using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data.Sources;
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

    public TrainingData(ModelSpec spec, ResolvedSchema schema)
    {
        _spec = spec;
        Schema = schema;
        _features = schema.Features.ToArray();
        _numbers = _features.Select(f => IsNumeric(f.Type) ? new List<float>() : null).ToArray();
        _texts = _features.Select(f => IsNumeric(f.Type) ? null : new List<string>()).ToArray();
        _keyColumn = spec.Checks.LeakageKey is { } key ? schema.Columns.FirstOrDefault(c => c.Name == key)?.Index ?? -1 : -1;
    }

    public ResolvedSchema Schema { get; }
    public int RowCount => RowHashes.Count;
    public List<ulong> RowHashes { get; } = [];
    public List<long> Tags { get; } = [];

    /// <summary>Each row's class for stratification (classification only).</summary>
    public IReadOnlyList<string>? Classes => _spec.Task == ModelTask.Regression ? null : _classLabels;

    /// <summary>Adds the reader's current row; <paramref name="labelClass"/> is the label's class (classification).</summary>
    public void Add(IRowReader reader, string? labelClass, long tag)
    {
        var culture = reader.NumberCulture;
        var hash = new XxHash64();
        for (var i = 0; i < _features.Length; i++)
        {
            var column = _features[i];
            var value = reader.IsMissing(column.Index) ? [] : reader.GetSpan(column.Index).Trim();
            if (_keyColumn < 0) AppendHash(hash, value);
            if (_numbers[i] is { } numbers) numbers.Add(ToFloat(value, column.Type, culture));
            else _texts[i]!.Add(value.ToString());
        }

        var label = reader.GetSpan(Schema.Label.Index).Trim();
        if (_keyColumn >= 0) AppendHash(hash, reader.GetSpan(_keyColumn).Trim());
        else AppendHash(hash, label);
        switch (_spec.Task)
        {
            case ModelTask.BinaryClassification:
                _binaryLabels.Add(_spec.PositiveClass is { } positive ? label.SequenceEqual(positive) : labelClass == bool.TrueString);
                _classLabels.Add(labelClass!);
                break;
            case ModelTask.MulticlassClassification:
                _classLabels.Add(labelClass!);
                break;
            default:
                _numericLabels.Add(ValueParser.TryParseNumber(label, culture, out var y) ? (float)y : float.NaN);
                break;
        }

        RowHashes.Add(hash.GetCurrentHashAsUInt64());
        Tags.Add(tag);
    }

    /// <summary>The rows <paramref name="rows"/> as an ML.NET data view (features by model column name, then "Label").</summary>
    public InMemoryDataView ToDataView(IReadOnlyList<int> rows)
    {
        var columns = new List<(string, DataViewType, Array)>();
        for (var i = 0; i < _features.Length; i++)
        {
            if (_numbers[i] is { } numbers) columns.Add((_features[i].ModelName, NumberDataViewType.Single, Pick(numbers, rows)));
            else columns.Add((_features[i].ModelName, TextDataViewType.Instance, Pick(_texts[i]!, rows).Select(t => t.AsMemory()).ToArray()));
        }

        columns.Add(_spec.Task switch
        {
            ModelTask.BinaryClassification => (ColumnNames.Label, BooleanDataViewType.Instance, Pick(_binaryLabels, rows)),
            ModelTask.MulticlassClassification => (ColumnNames.Label, TextDataViewType.Instance, Pick(_classLabels, rows).Select(t => t.AsMemory()).ToArray()),
            _ => (ColumnNames.Label, NumberDataViewType.Single, Pick(_numericLabels, rows)),
        });
        return new InMemoryDataView(columns);
    }

    /// <summary>A numeric feature's values for some rows (for skew), or null for a text column.</summary>
    public IEnumerable<double>? NumbersOf(ResolvedColumn column, IEnumerable<int> rows)
    {
        var i = Array.IndexOf(_features, column);
        return i < 0 || _numbers[i] is not { } numbers ? null : rows.Select(r => (double)numbers[r]).Where(double.IsFinite);
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

    private static float ToFloat(ReadOnlySpan<char> value, ColumnType type, CultureInfo culture)
    {
        if (value.IsEmpty) return float.NaN;
        if (type == ColumnType.Boolean) return ValueParser.TryParseBoolean(value.ToString(), out var flag) ? (flag ? 1f : 0f) : float.NaN;
        return ValueParser.TryParseNumber(value, culture, out var number) && double.IsFinite(number) ? (float)number : float.NaN;
    }

    private static void AppendHash(XxHash64 hash, ReadOnlySpan<char> value)
    {
        // Length-prefixed, so ("ab","c") and ("a","bc") differ.
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        hash.Append(length);
        hash.Append(MemoryMarshal.AsBytes(value));
    }

    private static T[] Pick<T>(List<T> values, IReadOnlyList<int> rows)
    {
        var picked = new T[rows.Count];
        for (var i = 0; i < picked.Length; i++) picked[i] = values[rows[i]];
        return picked;
    }
}
