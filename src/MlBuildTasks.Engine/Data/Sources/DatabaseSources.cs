using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>What the database sources need from a spec: a query and (PostgreSQL) a connection string.</summary>
internal static class DatabaseSources
{
    public static string RequireQuery(SourceSpec spec, string database) =>
        string.IsNullOrWhiteSpace(spec.Query)
            ? throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecMissingField,
                $"A {database} source needs a 'query' that selects its rows, such as \"SELECT * FROM houses\".", spec.DeclaredAt))
            : spec.Query;

    /// <summary>The connection string: given in the spec, or read from the environment variable it names (MLB2016 when unset).</summary>
    public static string ConnectionString(SourceSpec spec)
    {
        if (!string.IsNullOrWhiteSpace(spec.Connection)) return spec.Connection;
        if (spec.ConnectionEnvironmentVariable is not { Length: > 0 } variable)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataConnectionMissing,
                "The database source has no connection. Name the environment variable that holds the connection string " +
                "('connectionEnvironmentVariable'), and set it (in CI, from a secret).", spec.DeclaredAt));
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataConnectionMissing,
                $"The environment variable '{variable}', which should hold the database connection string, is not set. " +
                "Set it before the build (in CI, from a secret).", spec.DeclaredAt));
        return value;
    }
}
