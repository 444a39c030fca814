using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// The row being validated: where it is (asked for only when a check fails, so the common path stays
/// allocation-free) and a compact tag that finds it again later (source index and line).
/// </summary>
public sealed class RowContext
{
    private readonly List<string> _sources = [];
    private IRowReader? _reader;
    private string? _currentName;
    private int _currentSource;

    public long Tag { get; private set; }

    internal void MoveTo(IRowReader reader)
    {
        _reader = reader;
        // A source's name is the same string for all its rows: look the source up only when it changes.
        var name = reader.Name;
        if (!ReferenceEquals(name, _currentName))
        {
            _currentName = name;
            var file = reader.RowLocation.File;
            _currentSource = _sources.IndexOf(file);
            if (_currentSource < 0)
            {
                _sources.Add(file);
                _currentSource = _sources.Count - 1;
            }
        }

        Tag = ((long)_currentSource << 40) | (uint)reader.Line;
    }

    public SourceLocation Cell(int column) => _reader!.CellLocation(column);

    public SourceLocation Row => _reader!.RowLocation;

    /// <summary>The row a tag was taken from (file and line).</summary>
    public SourceLocation Locate(long tag) => new(_sources[(int)(tag >> 40)], (int)(tag & 0xFF_FFFF_FFFF), 1);
}
