using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over typed arrays (float, bool or text per column). It lets the
/// engine hand ML.NET data it has already read and validated, with any column names, without a second
/// parse by ML.NET's text loader.
/// </summary>
public sealed class InMemoryDataView : IDataView
{
    private readonly (string Name, DataViewType Type, Array Values)[] _definitions;
    private readonly Array[] _columns;
    private readonly int _rowCount;

    public InMemoryDataView(IReadOnlyList<(string Name, DataViewType Type, Array Values)> columns)
    {
        _definitions = columns.ToArray();
        var builder = new DataViewSchema.Builder();
        foreach (var (name, type, _) in columns) builder.AddColumn(name, type);
        Schema = builder.ToSchema();
        _columns = columns.Select(c => c.Values).ToArray();
        _rowCount = _columns.Length == 0 ? 0 : _columns[0].Length;
    }

    public DataViewSchema Schema { get; }

    /// <summary>The values of column <paramref name="name"/>, one per row.</summary>
    public Array Values(string name) => _columns[Schema[name].Index];

    /// <summary>The same rows with column <paramref name="name"/>'s values replaced (same type and length), such as shuffled.</summary>
    public InMemoryDataView WithValues(string name, Array values) =>
        new(_definitions.Select(c => c.Name == name ? (c.Name, c.Type, values) : c).ToList());
    public bool CanShuffle => false;
    public long? GetRowCount() => _rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [new Cursor(this, columnsNeeded)];

    private sealed class Cursor(InMemoryDataView parent, IEnumerable<DataViewSchema.Column> columnsNeeded) : DataViewRowCursor
    {
        private readonly HashSet<int> _active = columnsNeeded.Select(c => c.Index).ToHashSet();
        private long _position = -1;

        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => parent.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (parent._columns[column.Index] is not TValue[] values)
                throw new InvalidOperationException($"Column '{column.Name}' holds {parent._columns[column.Index].GetType().GetElementType()}, not {typeof(TValue)}.");
            return (ref TValue value) => value = values[_position];
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool MoveNext()
        {
            if (_position + 1 >= parent._rowCount)
            {
                _position = parent._rowCount;
                return false;
            }

            _position++;
            return true;
        }
    }
}
