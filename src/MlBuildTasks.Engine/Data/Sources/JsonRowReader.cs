using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// What the two JSON readers share: the file, the current record (<see cref="JsonRecord"/>, whose first
/// occurrence names the columns) and the reader contract on top of it. A subclass finds the next object in
/// its own framing (one per line, or the elements of one array) with <see cref="NextRecord"/>.
/// JSON values are typed, so numbers are read in the invariant culture whatever the spec says.
/// </summary>
public abstract class JsonRowReader : IRowReader
{
    private bool _pending;

    private protected JsonRowReader(SourceSpec spec, string kind)
    {
        FilePath = TextFileChecks.PathOf(spec);
        TextFileChecks.ThrowIfUnusable(FilePath, spec.DeclaredAt, kind);
        Record = new JsonRecord(FilePath);
        Stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    private protected string FilePath { get; }
    private protected JsonRecord Record { get; }
    private protected FileStream Stream { get; }

    /// <summary>Set once the input is exhausted.</summary>
    private protected bool Done { get; set; }

    public string Name => FilePath;

    public IReadOnlyList<string> Columns => Record.Columns;

    public CultureInfo NumberCulture => CultureInfo.InvariantCulture;

    public SourceLocation RowLocation => Record.Location;

    public bool Read()
    {
        if (_pending)
        {
            _pending = false;
            return true;
        }

        return !Done && NextRecord(defineColumns: false);
    }

    public ReadOnlySpan<char> GetSpan(int column) => Record.Get(column);

    public bool IsMissing(int column) => Record.IsMissing(column);

    public SourceLocation CellLocation(int column) => Record.CellLocation(column);

    public void Dispose()
    {
        Stream.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the next object into <see cref="Record"/>; false at the end.</summary>
    private protected abstract bool NextRecord(bool defineColumns);

    /// <summary>
    /// Runs the subclass's own set-up (after a byte-order mark, say), then reads the first object, which names
    /// the columns. The file is closed again if either fails, since the constructor then never returns.
    /// </summary>
    private protected void Start(Action prepare)
    {
        try
        {
            prepare();
            _pending = NextRecord(defineColumns: true);
        }
        catch
        {
            Stream.Dispose();
            throw;
        }
    }
}
