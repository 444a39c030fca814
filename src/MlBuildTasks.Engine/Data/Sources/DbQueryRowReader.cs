using System.Data;
using System.Data.Common;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// The base of the database readers: the rows of one query, streamed from a <see cref="DbDataReader"/> (one
/// row in memory at a time). A value is formatted as text (see <see cref="InvariantText"/>) only when asked
/// for, once per row, so <see cref="NumberCulture"/> is invariant. Rows are numbered from 1 and stand in
/// for lines in locations (a query result has no columns of text, so a cell's location is its row's). A
/// database error becomes MLB2015 at the spec's source, with a message passed through <c>scrub</c> so that
/// no secret of the connection reaches it.
/// </summary>
public abstract class DbQueryRowReader : IRowReader
{
    private readonly string _name;
    private readonly SourceLocation _declaredAt;
    private readonly Func<string, string> _scrub;
    private readonly DbConnection _connection;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly string[] _columns;
    private readonly ReadOnlyMemory<char>[] _text;
    private readonly bool[] _formatted;
    private readonly char[][] _buffers;
    private int _row;

    private protected DbQueryRowReader(string name, DbConnection connection, string query, SourceLocation declaredAt, Func<string, string> scrub)
    {
        _name = name;
        _declaredAt = declaredAt;
        _scrub = scrub;
        _connection = connection;
        try
        {
            _connection.Open();
            _command = _connection.CreateCommand();
            _command.CommandText = query;
            _reader = _command.ExecuteReader(CommandBehavior.SingleResult);
            _columns = new string[_reader.FieldCount];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i] = _reader.GetName(i);
                if (!seen.Add(_columns[i]))
                    throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataDuplicateHeader,
                        $"The query of {_name} returns two columns named '{_columns[i]}'. Give each column a unique name with AS.", declaredAt));
            }
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            Dispose();
            throw Failed(ex);
        }
        catch
        {
            Dispose();
            throw;
        }

        _text = new ReadOnlyMemory<char>[_columns.Length];
        _formatted = new bool[_columns.Length];
        _buffers = [.. _columns.Select(_ => new char[64])];
    }

    public string Name => _name;

    public IReadOnlyList<string> Columns => _columns;

    public System.Globalization.CultureInfo NumberCulture => System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>The name and, as <c>Line</c>, the 1-based row number of the query's result.</summary>
    public SourceLocation RowLocation => new(_name, _row, 0);

    public int Line => _row;

    public bool HasCellPositions => false;

    /// <summary>The same as <see cref="RowLocation"/>: a query result has no columns of text.</summary>
    public SourceLocation CellLocation(int column) => RowLocation;

    public bool Read()
    {
        try
        {
            if (!_reader.Read()) return false;
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            throw Failed(ex);
        }

        _row++;
        Array.Clear(_formatted);
        return true;
    }

    public bool IsMissing(int column)
    {
        try
        {
            return _reader.IsDBNull(column);
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            throw Failed(ex);
        }
    }

    public ReadOnlySpan<char> GetSpan(int column)
    {
        if (!_formatted[column])
        {
            _text[column] = Format(column);
            _formatted[column] = true;
        }

        return _text[column].Span;
    }

    private ReadOnlyMemory<char> Format(int column)
    {
        object value;
        try
        {
            value = _reader.GetValue(column);
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            throw Failed(ex);
        }

        if (value is DBNull) return default;
        return InvariantText.Of(value, ref _buffers[column])
            ?? throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataUnexpectedField,
                $"Column '{_columns[column]}' of row {_row} of {_name} holds {value.GetType().Name}, not one value. Select a scalar (for example unnest the array, " +
                "or cast it to text) in the query.", _declaredAt));
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _command?.Dispose();
        _connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a driver throws for a failed connection, query or conversion (never a bug of ours).</summary>
    private static bool IsDatabaseError(Exception ex) =>
        ex is DbException or InvalidCastException or NotSupportedException or TimeoutException or System.Net.Sockets.SocketException or IOException;

    private MlBuildException Failed(Exception ex)
    {
        var reason = ex.Message;
        if (ex.InnerException is { } inner && !reason.Contains(inner.Message, StringComparison.Ordinal)) reason += $" ({inner.Message})";
        return new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataSourceFailed,
            $"The {_name} source failed: {_scrub(reason)} Check the database, the query and the connection (which is not shown here).", _declaredAt));
    }
}
