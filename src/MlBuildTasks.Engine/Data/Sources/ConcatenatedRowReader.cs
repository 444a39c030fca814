using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Several sources read one after another as one (the files a glob such as <c>data/*.csv</c> matches). All must
/// have the same set of column names, in any order: columns are presented in the first source's order and
/// mapped by name, and a source with other columns is MLB2012 naming it and the columns that differ.
/// <see cref="Name"/>, <see cref="RowLocation"/> and <see cref="CellLocation"/> are those of the source being read.
/// </summary>
public sealed class ConcatenatedRowReader : IRowReader
{
    private readonly IReadOnlyList<Func<IRowReader>> _sources;
    private readonly List<IRowReader> _open = [];
    private readonly IRowReader _first;
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _firstIndex;
    private IRowReader _current;
    private int[] _map;
    private int _index;

    /// <summary>Sources opened one at a time, in order, as the previous one ends (only one file is open at once).</summary>
    public ConcatenatedRowReader(IReadOnlyList<Func<IRowReader>> sources)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count, nameof(sources));
        _sources = sources;
        _first = _current = sources[0]();
        _open.Add(_first);
        _columns = [.. _first.Columns];
        _firstIndex = _columns.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _map = [.. Enumerable.Range(0, _columns.Length)];
    }

    /// <summary>Readers already open; their columns are all checked now.</summary>
    public ConcatenatedRowReader(params IRowReader[] readers)
        : this(readers.Select(r => (Func<IRowReader>)(() => r)).ToArray())
    {
        _open.Clear();
        _open.AddRange(readers);
        try
        {
            foreach (var reader in readers.Skip(1)) MapColumns(reader);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name => _current.Name;

    public IReadOnlyList<string> Columns => _columns;

    public CultureInfo NumberCulture => _current.NumberCulture;

    public SourceLocation RowLocation => _current.RowLocation;

    public int Line => _current.Line;

    public bool TryGetValue(int column, out ReadOnlySpan<char> value) => _current.TryGetValue(_map[column], out value);

    public bool Read()
    {
        while (!_current.Read())
        {
            if (_index + 1 >= _sources.Count) return false;
            _open.Remove(_current);
            _current.Dispose();
            _index++;
            var next = _sources[_index]();
            if (!_open.Contains(next)) _open.Add(next);
            _current = next;
            _map = MapColumns(next);
        }

        return true;
    }

    public ReadOnlySpan<char> GetSpan(int column) => _current.GetSpan(_map[column]);

    public bool IsMissing(int column) => _current.IsMissing(_map[column]);

    public bool HasCellPositions => _current.HasCellPositions;

    public void CopyRowTo(RowBatch batch, long tag)
    {
        if (_index == 0) _current.CopyRowTo(batch, tag); // the first source's columns are the order: no mapping
        else batch.Add(this, tag);
    }

    public SourceLocation CellLocation(int column) => _current.CellLocation(_map[column]);

    public void Dispose()
    {
        foreach (var reader in _open) reader.Dispose();
        _open.Clear();
    }

    /// <summary>For each of the first source's columns, its index in <paramref name="reader"/>; MLB2012 when the sets differ.</summary>
    private int[] MapColumns(IRowReader reader)
    {
        var map = new int[_columns.Length];
        var theirs = reader.Columns;
        var missing = _columns.Except(theirs, StringComparer.Ordinal).ToList();
        var extra = theirs.Except(_columns, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0 || theirs.Count != _columns.Length)
        {
            var differences = new List<string>();
            if (missing.Count > 0) differences.Add($"it lacks {Quote(missing)}");
            if (extra.Count > 0) differences.Add($"it has {Quote(extra)}, which '{_first.Name}' does not");
            if (differences.Count == 0) differences.Add("it names a column twice");
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataHeadersDiffer,
                $"'{reader.Name}' has other columns than '{_first.Name}': {string.Join("; ", differences)}. " +
                "All files of one source must have the same columns (in any order).", new SourceLocation(reader.Name, 1, 1)));
        }

        for (var i = 0; i < theirs.Count; i++) map[_firstIndex[theirs[i]]] = i;
        return map;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
