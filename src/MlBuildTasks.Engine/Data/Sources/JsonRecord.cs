using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// One flat JSON object as a row, fed token by token by a JSON reader (so it works across buffer refills):
/// the first record's keys, in order, are the columns; later records may leave keys out (missing) but not add
/// any (MLB2014). Values are kept as text in one reusable buffer: numbers as written, strings unescaped,
/// booleans "true"/"false"; null is missing; an object or array value is MLB2014.
/// </summary>
internal sealed class JsonRecord
{
    private readonly string _path;
    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[4096];
    private char[] _name = new char[256];
    private int _used;
    private Cell[] _cells = new Cell[16];
    private bool _defining;
    private int _pending = -1;
    private int _line;
    private int _column;

    public JsonRecord(string path)
    {
        _path = path;
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Where the record's opening brace is.</summary>
    public SourceLocation Location => new(_path, _line, _column);

    /// <summary>Starts a record at its '{'; the first record (<paramref name="defineColumns"/>) names the columns.</summary>
    public void Begin(bool defineColumns, int line, int column)
    {
        _defining = defineColumns;
        _line = line;
        _column = column;
        _used = 0;
        _pending = -1;
        Array.Clear(_cells, 0, _columns.Count);
    }

    /// <summary>A property name: which column the next value belongs to.</summary>
    public void Name(ref Utf8JsonReader reader, int line, int column)
    {
        var name = CopyName(ref reader);
        if (!_lookup.TryGetValue(name, out var index))
        {
            if (!_defining)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataUnexpectedField,
                    $"This record has the key '{name}', which the first record (line {FirstLine}) does not have; the first record's keys are the columns " +
                    $"({Describe(_columns)}). Add '{name}' to the first record (null where it has no value) or drop it here.", new SourceLocation(_path, line, column)));
            index = _columns.Count;
            var text = name.ToString();
            _index.Add(text, index);
            _columns.Add(text);
            if (_cells.Length == index) Array.Resize(ref _cells, index * 2);
            _cells[index] = default;
        }
        else if (_cells[index].State != CellState.Missing)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataDuplicateHeader,
                $"This record has the key '{_columns[index]}' twice. Keys must be unique within a record.", new SourceLocation(_path, line, column)));
        }

        _pending = index;
        _cells[index] = new Cell(CellState.Null, 0, 0, line, column); // present (as null) until its value arrives
    }

    /// <summary>The value of the last property name.</summary>
    public void Value(ref Utf8JsonReader reader, int line, int column)
    {
        var index = _pending;
        _pending = -1;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataUnexpectedField,
                    $"The value of '{_columns[index]}' is {(reader.TokenType == JsonTokenType.StartObject ? "an object" : "an array")}; a record's values must be " +
                    "strings, numbers, booleans or null. Flatten the record (one key per value).", new SourceLocation(_path, line, column)));
            case JsonTokenType.Null:
                _cells[index] = new Cell(CellState.Null, 0, 0, line, column);
                return;
            case JsonTokenType.True:
                Store(index, "true", line, column);
                return;
            case JsonTokenType.False:
                Store(index, "false", line, column);
                return;
            case JsonTokenType.Number:
            {
                var raw = reader.ValueSpan;
                var start = Reserve(raw.Length);
                for (var i = 0; i < raw.Length; i++) _chars[start + i] = (char)raw[i]; // JSON numbers are ASCII
                _used += raw.Length;
                _cells[index] = new Cell(CellState.Value, start, raw.Length, line, column);
                return;
            }
            case JsonTokenType.String:
            {
                var start = Reserve(reader.ValueSpan.Length);
                var length = reader.CopyString(_chars.AsSpan(start)); // unescaped text is never longer than its UTF-8 bytes
                _used += length;
                _cells[index] = new Cell(CellState.Value, start, length, line, column);
                return;
            }
            default:
                throw new InvalidOperationException($"Unexpected {reader.TokenType} as a value.");
        }
    }

    /// <summary>The record's closing brace.</summary>
    public void End()
    {
        if (_defining) FirstLine = _line;
        _defining = false;
    }

    /// <summary>The line of the first record, which named the columns.</summary>
    public int FirstLine { get; private set; }

    public ReadOnlySpan<char> Get(int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)_columns.Count, nameof(column));
        var cell = _cells[column];
        return cell.State == CellState.Value ? _chars.AsSpan(cell.Start, cell.Length) : default;
    }

    public bool IsMissing(int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)_columns.Count, nameof(column));
        return _cells[column].State != CellState.Value;
    }

    /// <summary>Where the value starts; for a key the record does not have, where the record starts.</summary>
    public SourceLocation CellLocation(int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)_columns.Count, nameof(column));
        var cell = _cells[column];
        return cell.State == CellState.Missing ? Location : new SourceLocation(_path, cell.Line, cell.Column);
    }

    private ReadOnlySpan<char> CopyName(ref Utf8JsonReader reader)
    {
        if (_name.Length < reader.ValueSpan.Length) _name = new char[Math.Max(reader.ValueSpan.Length, _name.Length * 2)];
        var length = reader.CopyString(_name);
        return _name.AsSpan(0, length);
    }

    private void Store(int index, string text, int line, int column)
    {
        var start = Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(start));
        _used += text.Length;
        _cells[index] = new Cell(CellState.Value, start, text.Length, line, column);
    }

    /// <summary>Room for <paramref name="length"/> more characters; returns where they go.</summary>
    private int Reserve(int length)
    {
        if (_chars.Length - _used < length) Array.Resize(ref _chars, Math.Max(_used + length, _chars.Length * 2));
        return _used;
    }

    private static string Describe(IReadOnlyList<string> columns) =>
        columns.Count == 0 ? "none" : string.Join(", ", columns.Take(10)) + (columns.Count > 10 ? $" and {columns.Count - 10} more" : "");

    private enum CellState : byte { Missing, Null, Value }

    private readonly record struct Cell(CellState State, int Start, int Length, int Line, int Column);
}
