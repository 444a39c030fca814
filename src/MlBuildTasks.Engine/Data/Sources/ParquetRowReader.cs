using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Reads an Apache Parquet file with Parquet.Net, one row group at a time, so memory is bounded by one row
/// group. Columns come from the schema; only flat columns are supported (a struct, list or map is MLB2004).
/// Values are formatted in the invariant culture (see <see cref="InvariantText"/>); null is missing.
/// Parquet has no lines: in <see cref="RowLocation"/> and <see cref="CellLocation"/>, <c>Line</c> is the
/// 1-based row number in the file (across row groups) and <c>Column</c> is 0.
/// </summary>
public sealed class ParquetRowReader : IRowReader
{
    private readonly string _path;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly ParquetColumn[] _values;
    private readonly string[] _columns;
    private int _group = -1;
    private int _groupRows;
    private int _rowInGroup;
    private long _row;

    public ParquetRowReader(SourceSpec spec)
    {
        _path = TextFileChecks.PathOf(spec);
        // Values are formatted invariantly here (JSON and typed columns have no culture); "culture" is for text files.
        NumberCulture = CultureInfo.InvariantCulture;
        TextFileChecks.ThrowIfMissingOrEmpty(_path, spec.DeclaredAt, "Parquet");
        try
        {
            _reader = ParquetReader.CreateAsync(_path, new ParquetOptions { UseDateOnlyTypeForDates = true }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                $"The file is not a readable Parquet file: {ex.Message} Check that it was written completely and is Parquet.", new SourceLocation(_path)));
        }

        try
        {
            foreach (var field in _reader.Schema.Fields)
                if (field.SchemaType != SchemaType.Data || field is DataField { IsArray: true } || field.MaxRepetitionLevel > 0)
                    throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                        $"Column '{field.Name}' is {Describe(field)}; only flat columns (one value per row) can be read. " +
                        "Flatten the data when writing the file (one column per value).", new SourceLocation(_path)));

            _fields = _reader.Schema.DataFields;
            _columns = [.. _fields.Select(f => f.Name)];
            _values = [.. _fields.Select(f => ParquetColumn.For(f.ClrType) ?? throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                $"Column '{f.Name}' has the Parquet type {f.ClrType.Name}, which cannot be read as a value. Write it as a string, number, boolean or timestamp.",
                new SourceLocation(_path))))];
        }
        catch
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public string Name => _path;

    public IReadOnlyList<string> Columns => _columns;

    public CultureInfo NumberCulture { get; }

    /// <summary>The file and, as <c>Line</c>, the 1-based row number.</summary>
    public SourceLocation RowLocation => new(_path, checked((int)_row), 0);

    public bool Read()
    {
        while (_rowInGroup >= _groupRows)
        {
            if (_group + 1 >= _reader.RowGroupCount) return false;
            LoadGroup(++_group);
        }

        _rowInGroup++;
        _row++;
        return true;
    }

    public ReadOnlySpan<char> GetSpan(int column) => _values[column].Text(_rowInGroup - 1);

    public bool IsMissing(int column) => _values[column].IsNull(_rowInGroup - 1);

    public bool HasCellPositions => false;

    /// <summary>The same as <see cref="RowLocation"/>: Parquet cells have no position of their own.</summary>
    public SourceLocation CellLocation(int column)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)_columns.Length, nameof(column));
        return RowLocation;
    }

    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void LoadGroup(int index)
    {
        try
        {
            using var group = _reader.OpenRowGroupReader(index);
            _groupRows = checked((int)group.RowCount);
            _rowInGroup = 0;
            for (var i = 0; i < _fields.Length; i++) _values[i].Load(group, _fields[i], _groupRows).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not MlBuildException and not OutOfMemoryException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                $"Row group {index + 1} of the Parquet file cannot be read: {ex.Message} Check that the file was written completely.",
                new SourceLocation(_path, checked((int)_row + 1), 0)));
        }
    }

    private static string Describe(Field field) => field.SchemaType switch
    {
        SchemaType.Struct => "a struct",
        SchemaType.List => "a list",
        SchemaType.Map => "a map",
        _ => "repeated",
    };

    /// <summary>One column's values for the current row group.</summary>
    private abstract class ParquetColumn
    {
        public abstract ValueTask Load(ParquetRowGroupReader group, DataField field, int rows);

        public abstract bool IsNull(int row);

        public abstract ReadOnlySpan<char> Text(int row);

        public static ParquetColumn? For(Type type) =>
            type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? new StringColumn()
            : type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) ? new BytesColumn()
            : type == typeof(bool) ? new BooleanColumn()
            : type == typeof(int) ? new ValueColumn<int>()
            : type == typeof(long) ? new ValueColumn<long>()
            : type == typeof(short) ? new ValueColumn<short>()
            : type == typeof(sbyte) ? new ValueColumn<sbyte>()
            : type == typeof(byte) ? new ValueColumn<byte>()
            : type == typeof(ushort) ? new ValueColumn<ushort>()
            : type == typeof(uint) ? new ValueColumn<uint>()
            : type == typeof(ulong) ? new ValueColumn<ulong>()
            : type == typeof(float) ? new ValueColumn<float>()
            : type == typeof(double) ? new ValueColumn<double>()
            : type == typeof(decimal) ? new ValueColumn<decimal>()
            : type == typeof(DateTime) ? new ValueColumn<DateTime>()
            : type == typeof(DateTimeOffset) ? new ValueColumn<DateTimeOffset>()
            : type == typeof(DateOnly) ? new ValueColumn<DateOnly>()
            : type == typeof(TimeOnly) ? new ValueColumn<TimeOnly>()
            : type == typeof(TimeSpan) ? new ValueColumn<TimeSpan>()
            : type == typeof(Guid) ? new ValueColumn<Guid>()
            : null;
    }

    private sealed class ValueColumn<T> : ParquetColumn where T : struct, ISpanFormattable
    {
        private static readonly string? Format = InvariantText.FormatOf(typeof(T));
        private T?[] _values = [];
        private char[] _text = new char[64];

        public override async ValueTask Load(ParquetRowGroupReader group, DataField field, int rows)
        {
            if (_values.Length < rows) _values = new T?[rows];
            await group.ReadAsync(field, _values.AsMemory(0, rows)).ConfigureAwait(false);
        }

        public override bool IsNull(int row) => _values[row] is null;

        public override ReadOnlySpan<char> Text(int row) =>
            _values[row] is { } value ? _text.AsSpan(0, InvariantText.Format(value, ref _text, Format)) : default;
    }

    private sealed class BooleanColumn : ParquetColumn
    {
        private bool?[] _values = [];

        public override async ValueTask Load(ParquetRowGroupReader group, DataField field, int rows)
        {
            if (_values.Length < rows) _values = new bool?[rows];
            await group.ReadAsync(field, _values.AsMemory(0, rows)).ConfigureAwait(false);
        }

        public override bool IsNull(int row) => _values[row] is null;

        public override ReadOnlySpan<char> Text(int row) => _values[row] switch { true => "true", false => "false", null => default };
    }

    private sealed class StringColumn : ParquetColumn
    {
        private string?[] _values = [];

        public override async ValueTask Load(ParquetRowGroupReader group, DataField field, int rows)
        {
            // Each row group gets its own array: the strings of the last one are not kept alive by a reused one.
            _values = new string?[rows];
            await group.ReadAsync(field, _values.AsMemory()).ConfigureAwait(false);
        }

        public override bool IsNull(int row) => _values[row] is null;

        public override ReadOnlySpan<char> Text(int row) => _values[row];
    }

    private sealed class BytesColumn : ParquetColumn
    {
        private byte[]?[] _values = [];
        private char[] _text = new char[64];

        public override async ValueTask Load(ParquetRowGroupReader group, DataField field, int rows)
        {
            _values = new byte[]?[rows];
            await group.ReadAsync(field, _values.AsMemory()).ConfigureAwait(false);
        }

        public override bool IsNull(int row) => _values[row] is null;

        public override ReadOnlySpan<char> Text(int row) =>
            _values[row] is { } bytes ? InvariantText.Of(bytes, ref _text)!.Value.Span : default;
    }
}
