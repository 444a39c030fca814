using System.Globalization;
using System.Text.Json;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// <c>data</c> and <c>testData</c>: a path (format from its extension), a source object, or an array of
/// them (read one after another as one data set).
/// </summary>
internal sealed partial class SpecReader
{
    internal static readonly Dictionary<string, SourceFormat> FormatNames = new(StringComparer.Ordinal)
    {
        ["csv"] = SourceFormat.Csv,
        ["tsv"] = SourceFormat.Tsv,
        ["jsonl"] = SourceFormat.JsonLines,
        ["json"] = SourceFormat.JsonArray,
        ["parquet"] = SourceFormat.Parquet,
        ["sqlite"] = SourceFormat.Sqlite,
        ["postgres"] = SourceFormat.Postgres,
    };

    /// <summary>The format a file's extension implies; CSV when the extension says nothing.</summary>
    internal static SourceFormat FormatOfPath(string path) =>
        DataSourceFactory.TryFormatFromExtension(path, out var format) ? format : SourceFormat.Csv;

    private IReadOnlyList<SourceSpec>? ReadSources(JsonElement root, string field, bool required)
    {
        var pointer = "/" + field;
        if (!root.TryGetProperty(field, out var element))
        {
            if (required)
                Error(DiagnosticCodes.SpecMissingField, "", $"Missing required field '{field}': the training data, as a file path relative to the spec (CSV, TSV, JSON Lines, JSON, Parquet), a source object, or an array of them.");
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array) return ReadSource(element, pointer) is { } single ? [single] : null;
        if (element.GetArrayLength() == 0)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{field}' is an empty array; name at least one source.");
            return null;
        }

        var sources = new List<SourceSpec>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
            if (ReadSource(item, $"{pointer}/{index++}") is { } source) sources.Add(source);
        return sources.Count == element.GetArrayLength() ? sources : null;
    }

    private SourceSpec? ReadSource(JsonElement element, string pointer)
    {
        if (element.ValueKind == JsonValueKind.String && element.GetString()!.Length > 0)
        {
            var path = element.GetString()!;
            return new SourceSpec(FormatOfPath(path), Resolve(path), at.At(pointer));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"A data source must be a file path or an object such as {{ \"path\": \"data.tsv\" }}, found {Describe(element)}.");
            return null;
        }

        CheckFields(element, pointer, SourceFields, "a data source");
        var errorsBefore = ErrorCount;
        var pathText = OptionalString(element, "path", pointer);
        var formatName = OptionalString(element, "format", pointer);
        SourceFormat format;
        if (formatName is null) format = pathText is null ? SourceFormat.Csv : FormatOfPath(pathText);
        else if (!FormatNames.TryGetValue(formatName, out format))
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/format",
                $"Unknown source format '{formatName}'. Expected one of: {string.Join(", ", FormatNames.Keys)}.{Suggest(formatName, FormatNames.Keys)}");
            return null;
        }

        var query = OptionalString(element, "query", pointer);
        var connection = OptionalString(element, "connection", pointer);
        var connectionEnv = OptionalString(element, "connectionEnv", pointer);
        var culture = OptionalString(element, "culture", pointer);
        if (culture is not null && !IsCulture(culture))
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/culture", $"Unknown culture '{culture}'. Use a name such as \"de-DE\" or \"fr-FR\" (numbers are read with the invariant culture when 'culture' is left out).");

        var isDatabase = format is SourceFormat.Sqlite or SourceFormat.Postgres;
        if (format != SourceFormat.Postgres && pathText is null)
            Error(DiagnosticCodes.SpecMissingField, pointer, $"Missing required field 'path' in a {formatName ?? "csv"} source: the file, relative to the spec.");
        if (isDatabase && query is null)
            Error(DiagnosticCodes.SpecMissingField, pointer, "Missing required field 'query' in a database source: the SQL query whose result is the data.");
        if (!isDatabase && query is not null)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/query", "'query' applies to database sources only (format \"sqlite\" or \"postgres\").");
        if (format == SourceFormat.Postgres && (connection is null) == (connectionEnv is null))
            Error(DiagnosticCodes.SpecMissingField, pointer, "A postgres source needs exactly one of 'connectionEnv' (the environment variable holding the connection string; recommended) and 'connection'.");
        if (connection is not null && connection.Contains("password", StringComparison.OrdinalIgnoreCase))
            Warning(DiagnosticCodes.SpecSecretInSpec, pointer + "/connection",
                "The connection string in the spec holds a password, and the spec is committed and packed with the model. Put the connection string in an environment variable and name it with 'connectionEnv'.");

        var columnNames = ReadColumnNames(element, pointer);
        if (ErrorCount > errorsBefore) return null;
        return new SourceSpec(
            format, pathText is null ? null : Resolve(pathText), at.At(pointer),
            OptionalChar(element, "delimiter", pointer), OptionalChar(element, "quote", pointer),
            OptionalBool(element, "header", pointer) ?? true, columnNames, culture, query, connection, connectionEnv);
    }

    private List<string>? ReadColumnNames(JsonElement element, string pointer)
    {
        if (!element.TryGetProperty("columnNames", out var names)) return null;
        if (names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0 && names.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String && n.GetString()!.Length > 0))
            return names.EnumerateArray().Select(n => n.GetString()!).ToList();
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/columnNames", $"'columnNames' must be a non-empty array of column names (for a file without a header row), found {Describe(names)}.");
        return null;
    }

    private string Resolve(string path) => Path.GetFullPath(Path.Combine(_directory, path));

    private static bool IsCulture(string name)
    {
        try
        {
            return !CultureInfo.GetCultureInfo(name, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
