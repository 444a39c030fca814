using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;
using Npgsql;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Runs <see cref="SourceSpec.Query"/> on PostgreSQL with Npgsql and streams its rows. The connection string is
/// <see cref="SourceSpec.Connection"/> or the value of the environment variable named by
/// <see cref="SourceSpec.ConnectionEnvironmentVariable"/> (MLB2016 when it is not set). Any database error is
/// MLB2015 with the database's reason; the connection string and its password never appear in a message.
/// <see cref="Name"/> is "postgres"; in locations, <c>Line</c> is the 1-based row number of the result.
/// </summary>
public sealed class PostgresRowReader : IRowReader
{
    private readonly DbQueryRows _rows;

    public PostgresRowReader(SourceSpec spec)
    {
        // Values are formatted invariantly here (JSON and typed columns have no culture); "culture" is for text files.
        NumberCulture = CultureInfo.InvariantCulture;
        var connectionString = DatabaseSources.ConnectionString(spec);
        var query = DatabaseSources.RequireQuery(spec, "PostgreSQL");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            // The parser's message can quote the string; say only what kind of problem it is.
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataSourceFailed,
                $"The PostgreSQL connection string cannot be parsed ({ex.GetType().Name}; it is not shown here). Use the form " +
                "'Host=...;Database=...;Username=...;Password=...' with keys Npgsql knows.", spec.DeclaredAt));
        }

        var secrets = new[] { connectionString, builder.Password }.Where(s => !string.IsNullOrEmpty(s)).Cast<string>().ToArray();
        _rows = new DbQueryRows(Name, new NpgsqlConnection(builder.ConnectionString), query, spec.DeclaredAt, message => Scrub(message, secrets));
    }

    public string Name => "postgres";

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

    /// <summary>Removes every secret (longest first) from a message, whatever a driver chose to put in it.</summary>
    internal static string Scrub(string message, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.OrderByDescending(s => s.Length))
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        return message;
    }
}
