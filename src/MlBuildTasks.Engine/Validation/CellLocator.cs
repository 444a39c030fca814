using System.Runtime.CompilerServices;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Validation;

/// <summary>A cell of a row read earlier: the row's tag and the column's index.</summary>
public readonly record struct CellRef(long Tag, int Column);

/// <summary>
/// Finds rows and cells again after the data has been read. Each row gets a compact tag (source index and
/// line) while it is read. Checks run on batches of rows after the reader has moved on, so a failing
/// cell is only remembered by its tag; the few cells a diagnostic lists are located in one more pass over
/// the data, and only when some check lists a cell of a file whose cells have positions of their own
/// (CSV and JSON: line and character column). Database and Parquet rows have no text, so their cells are
/// their rows.
/// </summary>
public sealed class CellLocator
{
    private readonly List<(string File, bool CellPositions)> _sources = [];
    private readonly Dictionary<CellRef, SourceLocation> _resolved = [];
    private string? _currentName;
    private int _currentSource;

    /// <summary>
    /// The tag of the reader's current row. Called for every row, so the common case is one comparison; inlined, so that
    /// a caller holding a sealed reader type (a CSV reader) calls its Name and Line directly, not through the interface.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long TagOf(IRowReader reader)
    {
        // A source's name is the same string for all its rows: look the source up only when it changes.
        var name = reader.Name;
        if (!ReferenceEquals(name, _currentName)) EnterSource(reader, name);
        return ((long)_currentSource << 40) | (uint)reader.Line;
    }

    private void EnterSource(IRowReader reader, string name)
    {
        _currentName = name;
        var file = reader.RowLocation.File;
        _currentSource = _sources.FindIndex(s => s.File == file);
        if (_currentSource < 0)
        {
            _sources.Add((file, reader.HasCellPositions));
            _currentSource = _sources.Count - 1;
        }
    }

    /// <summary>The row a tag was taken from (file and line).</summary>
    public SourceLocation Locate(long tag) => new(_sources[SourceOf(tag)].File, LineOf(tag), 1);

    /// <summary>Where a cell is: its exact place when resolved, else its row.</summary>
    public SourceLocation Cell(CellRef cell) =>
        _resolved.TryGetValue(cell, out var at) ? at
        : _sources[SourceOf(cell.Tag)].CellPositions ? Locate(cell.Tag)
        : new SourceLocation(_sources[SourceOf(cell.Tag)].File, LineOf(cell.Tag), 0);

    /// <summary>
    /// Reads the data again from <paramref name="open"/> up to the last row of <paramref name="cells"/> and takes
    /// each cell's place from the reader; <see cref="Cell"/> has them then. An error path: nothing is read when
    /// no cell of a source with cell positions is asked for.
    /// </summary>
    internal void Resolve(IEnumerable<CellRef> cells, Func<IRowReader> open)
    {
        var rows = cells.Where(c => _sources[SourceOf(c.Tag)].CellPositions && !_resolved.ContainsKey(c))
            .GroupBy(c => c.Tag).ToDictionary(g => g.Key, g => g.Select(c => c.Column).Distinct().ToList());
        if (rows.Count == 0) return;
        var again = new CellLocator();
        try
        {
            using var reader = open();
            while (rows.Count > 0 && reader.Read())
            {
                var tag = again.TagOf(reader);
                if (!rows.Remove(tag, out var columns)) continue;
                foreach (var column in columns) _resolved[new CellRef(tag, column)] = reader.CellLocation(column);
            }
        }
        catch (MlBuildException)
        {
            // The data changed under the build: the cells not found keep their rows' places.
        }
    }

    private static int SourceOf(long tag) => (int)(tag >> 40);

    /// <summary>The line (or, for a database or Parquet file, the row) a tag was taken from.</summary>
    public static int LineOf(long tag) => (int)(tag & 0xFF_FFFF_FFFF);
}
