using Microsoft.Data.Sqlite;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Runs <see cref="SourceSpec.Query"/> against the SQLite database file <see cref="SourceSpec.Path"/>, opened
/// read-only, and streams its rows. Values are formatted in the invariant culture; NULL is missing. A missing
/// file is MLB2001 and any database error MLB2015, both at the spec's source. <see cref="Name"/> is
/// "sqlite:&lt;file name&gt;"; in locations, <c>Line</c> is the 1-based row number of the result.
/// </summary>
public sealed class SqliteRowReader(SourceSpec spec)
    : DbQueryRowReader(NameOf(spec), Connect(spec), DatabaseSources.RequireQuery(spec, "SQLite"), spec.DeclaredAt, message => message)
{
    private static string NameOf(SourceSpec spec) => "sqlite:" + Path.GetFileName(TextFileChecks.PathOf(spec));

    private static SqliteConnection Connect(SourceSpec spec)
    {
        var path = TextFileChecks.PathOf(spec);
        if (!File.Exists(path))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileNotFound,
                $"The SQLite database '{path}' does not exist. Check the source's path in the spec (it is relative to the spec file).", spec.DeclaredAt));
        return new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false, // the file is closed when the reader is disposed
        }.ToString());
    }
}
