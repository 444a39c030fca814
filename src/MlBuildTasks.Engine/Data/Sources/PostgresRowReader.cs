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
public sealed class PostgresRowReader : DbQueryRowReader
{
    public PostgresRowReader(SourceSpec spec)
        : this(spec, Prepare(spec))
    {
    }

    private PostgresRowReader(SourceSpec spec, (NpgsqlConnection Connection, string Query, string[] Secrets) prepared)
        : base("postgres", prepared.Connection, prepared.Query, spec.DeclaredAt, message => Scrub(message, prepared.Secrets))
    {
    }

    private static (NpgsqlConnection, string, string[]) Prepare(SourceSpec spec)
    {
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
        return (new NpgsqlConnection(builder.ConnectionString), query, secrets);
    }

    /// <summary>Removes every secret (longest first) from a message, whatever a driver chose to put in it.</summary>
    internal static string Scrub(string message, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.OrderByDescending(s => s.Length))
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        return message;
    }
}
