using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>The kinds of data source a spec can declare.</summary>
public enum SourceFormat { Csv, Tsv, JsonLines, JsonArray, Parquet, Sqlite, Postgres }

/// <summary>
/// One data source as the spec declares it (after path resolution). File formats use <see cref="Path"/>
/// (absolute; may hold a glob such as <c>data/*.csv</c>); databases use <see cref="Query"/> and a
/// connection (SQLite: <see cref="Path"/> is the database file; PostgreSQL: <see cref="Connection"/> or
/// the environment variable <see cref="ConnectionEnvironmentVariable"/>). A connection string is never
/// written to any artifact or log.
/// </summary>
public sealed record SourceSpec(
    SourceFormat Format,
    string? Path,
    SourceLocation DeclaredAt,
    char? Delimiter = null,
    char? Quote = null,
    bool HasHeader = true,
    IReadOnlyList<string>? ColumnNames = null,
    string? Culture = null,
    string? Query = null,
    string? Connection = null,
    string? ConnectionEnvironmentVariable = null)
{
    /// <summary>The culture numbers in this source are written in (invariant unless the spec opts in).</summary>
    public CultureInfo NumberCulture => Culture is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(Culture);
}
