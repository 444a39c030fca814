using System.Globalization;
using Microsoft.Data.Sqlite;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Runs <see cref="SourceSpec.Query"/> against the SQLite database file <see cref="SourceSpec.Path"/>, opened
/// read-only, and streams its rows. Values are formatted in the invariant culture; NULL is missing. A missing
/// file is MLB2001 and any database error MLB2015, both at the spec's source. <see cref="Name"/> is
/// "sqlite:&lt;file name&gt;"; in locations, <c>Line</c> is the 1-based row number of the result.
/// </summary>
public sealed class SqliteRowReader : IRowReader
{
    private readonly DbQueryRows _rows;

    public SqliteRowReader(SourceSpec spec)
    {
        var path = TextFileChecks.PathOf(spec);
        Name = "sqlite:" + System.IO.Path.GetFileName(path);
        // Values are formatted invariantly here (JSON and typed columns have no culture); "culture" is for text files.
        NumberCulture = CultureInfo.InvariantCulture;
        if (!File.Exists(path))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileNotFound,
                $"The SQLite database '{path}' does not exist. Check the source's path in the spec (it is relative to the spec file).", spec.DeclaredAt));
        var query = DatabaseSources.RequireQuery(spec, "SQLite");
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false, // the file is closed when the reader is disposed
        };
        _rows = new DbQueryRows(Name, new SqliteConnection(connection.ToString()), query, spec.DeclaredAt, message => message);
    }

    public string Name { get; }

    public IReadOnlyList<string> Columns => _rows.Columns;

    public CultureInfo NumberCulture { get; }

    /// <summary>The name and, as <c>Line</c>, the 1-based row number of the query's result.</summary>
    public SourceLocation RowLocation => _rows.RowLocation;

    public bool Read() => _rows.Read();

    public ReadOnlySpan<char> GetSpan(int column) => _rows.GetSpan(column);

    public bool IsMissing(int column) => _rows.IsMissing(column);

    /// <summary>The same as <see cref="RowLocation"/>: a query result has no columns of text.</summary>
    public SourceLocation CellLocation(int column) => _rows.RowLocation;

    public void Dispose() => _rows.Dispose();
}
