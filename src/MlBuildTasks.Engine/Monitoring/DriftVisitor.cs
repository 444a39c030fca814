using System.Globalization;
using System.Text.Json;
using MlBuildTasks.Engine.Monitoring.Drift;
using MlBuildTasks.Engine.Monitoring.Live;
using MlBuildTasks.Engine.Monitoring.Logs;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Monitoring;

/// <summary>
/// Feeds the drift accumulators from the log reader. A record's values are held until its end (a line found malformed
/// half-way adds nothing), then each logged input goes to its column (null counts as missing; a column the record does
/// not name, such as one the app excludes from its logs, is not counted), the prediction to the prediction's
/// accumulator, and a prediction with feedback to the live metrics.
/// </summary>
internal sealed class DriftVisitor : ILogVisitor
{
    private const int MaxInterned = 100_000;

    private readonly IReadOnlyList<ColumnDriftAccumulator> _inputs;
    private readonly ColumnDriftAccumulator? _prediction;
    private readonly ModelTask? _task;
    private readonly FeedbackFile? _feedback;
    private readonly LiveMetrics? _live;

    // The record being read.
    private readonly ValueKind[] _kinds;
    private readonly double[] _numbers;
    private readonly string?[] _texts;
    private readonly char[] _id = new char[64];
    private int _idLength;
    private bool? _predictedLabel;
    private string? _predictedClass;
    private double _score = double.NaN, _probability = double.NaN;

    // Category values repeat: one string per distinct value, not per row.
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _internedBySpan;

    public DriftVisitor(IReadOnlyList<ColumnDriftAccumulator> inputs, ColumnDriftAccumulator? prediction, ModelTask? task, FeedbackFile? feedback, LiveMetrics? live)
    {
        _inputs = inputs;
        _prediction = prediction;
        _task = task;
        _live = live;
        _feedback = live is null ? null : feedback;
        _kinds = new ValueKind[inputs.Count];
        _numbers = new double[inputs.Count];
        _texts = new string?[inputs.Count];
        _internedBySpan = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private enum ValueKind : byte { None, Number, Text, Missing }

    public void BeginRecord(ReadOnlySpan<byte> id)
    {
        Array.Clear(_kinds);
        _predictedLabel = null;
        _predictedClass = null;
        _score = _probability = double.NaN;
        _idLength = id.Length <= _id.Length ? System.Text.Encoding.UTF8.GetChars(id, _id) : 0;
    }

    public void Number(LogSide side, int column, double value)
    {
        if (side == LogSide.Input) Set(column, ValueKind.Number, value, null);
        else if (column == 1) _score = value;
        else if (column == 2) _probability = value;
    }

    public void Text(LogSide side, int column, ReadOnlySpan<char> value)
    {
        if (side == LogSide.Input) Set(column, ValueKind.Text, double.NaN, Intern(value));
        else if (column == 0) _predictedClass = Intern(value);
    }

    public void Boolean(LogSide side, int column, bool value)
    {
        if (side == LogSide.Input) Set(column, ValueKind.Text, value ? 1 : 0, value ? "true" : "false");
        else if (column == 0) _predictedLabel = value;
    }

    public void Missing(LogSide side, int column)
    {
        if (side == LogSide.Input) Set(column, ValueKind.Missing, double.NaN, null);
    }

    public void EndRecord()
    {
        for (var i = 0; i < _inputs.Count; i++)
        {
            switch (_kinds[i])
            {
                case ValueKind.None: break;
                case ValueKind.Missing: _inputs[i].AddMissing(); break;
                default: Add(_inputs[i], _kinds[i], _numbers[i], _texts[i]); break;
            }
        }

        switch (_prediction)
        {
            case CategoryDrift classes when _predictedLabel is { } flag: classes.Add(flag); break;
            case CategoryDrift classes when _predictedClass is not null: classes.Add(_predictedClass); break;
            case NumericDrift scores when _task == ModelTask.Regression && !double.IsNaN(_score): scores.Add(_score); break;
        }

        if (_live is not null && _idLength > 0 && _feedback!.TryGetLabel(_id.AsSpan(0, _idLength), out var label))
        {
            if (_task == ModelTask.MulticlassClassification) { if (_predictedClass is not null) _live.AddClass(label, _predictedClass); }
            else _live.Add(label, _predictedLabel ?? false, (float)_score, (float)_probability);
        }
    }

    private void Set(int column, ValueKind kind, double number, string? text)
    {
        _kinds[column] = kind;
        _numbers[column] = number;
        _texts[column] = text;
    }

    /// <summary>A value goes in as its column reads it: a number column takes a number (or text that parses as one), a category column text.</summary>
    private static void Add(ColumnDriftAccumulator accumulator, ValueKind kind, double number, string? text)
    {
        switch (accumulator)
        {
            case NumericDrift numbers when kind == ValueKind.Number || text is "true" or "false":
                numbers.Add(number);
                break;
            case NumericDrift numbers:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) numbers.Add(parsed);
                else numbers.AddMissing();
                break;
            case CategoryDrift categories:
                categories.Add(text ?? number.ToString("R", CultureInfo.InvariantCulture));
                break;
        }
    }

    private string Intern(ReadOnlySpan<char> value)
    {
        if (_internedBySpan.TryGetValue(value, out var known)) return known;
        var text = value.ToString();
        if (_interned.Count < MaxInterned) _interned[text] = text;
        return text;
    }
}
