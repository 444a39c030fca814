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

    public long Tag { get; private set; }
    public long RowNumber { get; private set; }

    internal void MoveTo(IRowReader reader, long rowNumber)
    {
        _reader = reader;
        RowNumber = rowNumber;
        var at = reader.RowLocation;
        var source = _sources.IndexOf(at.File);
        if (source < 0)
        {
            _sources.Add(at.File);
            source = _sources.Count - 1;
        }

        Tag = ((long)source << 40) | (uint)at.Line;
    }

    public SourceLocation Cell(int column) => _reader!.CellLocation(column);

    public SourceLocation Row => _reader!.RowLocation;

    /// <summary>The row a tag was taken from (file and line).</summary>
    public SourceLocation Locate(long tag) => new(_sources[(int)(tag >> 40)], (int)(tag & 0xFF_FFFF_FFFF), 1);
}
