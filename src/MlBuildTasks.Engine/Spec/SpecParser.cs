using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// Reads a <c>*.mlmodel.json</c> and checks it field by field, reporting every problem (MLB1xxx) at its
/// line and column. The rules mirror <c>schemas/mlmodel.schema.json</c>; a test keeps the field lists equal.
/// </summary>
public static class SpecParser
{
    public const string SpecSuffix = ".mlmodel.json";

    internal static readonly string[] RootFields =
        ["$schema", "task", "data", "testData", "label", "positiveClass", "columns", "checks", "trainer", "training", "seed", "testFraction", "gates", "slices", "baseline", "onnx", "monitoring"];

    internal static readonly string[] OnnxFields = ["tolerance"];

    /// <summary>The drift limits a <c>monitoring</c> object and each of its <c>columns</c> may set.</summary>
    internal static readonly string[] DriftLimitFields = ["pValue", "distance", "psiModerate", "psiMajor", "maxMissingIncrease", "maxUnseen"];

    internal static readonly string[] MonitoringFields = [.. DriftLimitFields, "datasetDriftShare", "columns", "gates"];

    internal static readonly string[] MonitoringColumnFields = [.. DriftLimitFields, "ignore"];

    internal static readonly string[] TrainingFields =
        ["trainers", "search", "trials", "timeLimit", "metric", "folds", "groupBy", "parallel", "space"];

    internal static readonly string[] RangeFields = ["min", "max", "log", "values"];

    internal static readonly string[] ColumnFields =
        ["type", "required", "maxMissing", "min", "max", "allowed", "regex", "unique", "outliers", "dateFormat", "ignore", "impute", "missingIndicator", "scale", "clip", "encoding"];

    internal static readonly string[] GateFields = ["metric", "slice", "min", "max", "maxDrop", "maxRise", "maxRelativeDrop", "minGain"];

    internal static readonly string[] BaselineFields = ["package", "version", "source", "model", "metrics", "optional"];

    internal static readonly string[] SliceFields = ["column", "bins"];

    internal static readonly string[] SourceFields =
        ["path", "format", "delimiter", "quote", "header", "columnNames", "culture", "query", "connection", "connectionEnv"];

    internal static readonly string[] DatasetCheckFields =
        ["minRows", "maxRows", "maxDuplicateRows", "minClassFraction", "maxLeakage", "leakageKey", "maxSkew", "constantColumns"];

    /// <summary>The fields of a rule written as an object: <c>{ "value": ..., "mostly": ..., "severity": ... }</c>.</summary>
    internal static readonly string[] RuleFields = ["value", "mostly", "severity"];

    internal static readonly string[] OutlierFields = ["method", "threshold", "mostly", "severity"];

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses the spec file; throws <see cref="MlBuildException"/> after reporting when it is unusable.</summary>
    public static ModelSpec Load(string specPath, IDiagnosticSink sink, string? modelName = null)
    {
        specPath = Path.GetFullPath(specPath);
        if (!File.Exists(specPath))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecNotFound,
                $"The model spec '{specPath}' does not exist. Check the MlModel item's Include path."));
        return Parse(specPath, File.ReadAllBytes(specPath), sink, modelName);
    }

    public static ModelSpec Parse(string specPath, byte[] utf8, IDiagnosticSink sink, string? modelName = null)
    {
        var bytes = utf8.AsSpan();
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[3..];

        JsonDocument document;
        JsonLocations locations;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            locations = JsonLocations.Map(specPath, bytes, ReaderOptions);
        }
        catch (JsonException ex)
        {
            // JsonException counts bytes within the line; diagnostics count characters.
            var lineStarts = JsonLocations.LineStarts(bytes);
            var lineIndex = (int)Math.Min(ex.LineNumber ?? 0, lineStarts.Count - 1);
            var (line, column) = JsonLocations.Position(lineStarts, bytes, lineStarts[lineIndex] + (ex.BytePositionInLine ?? 0));
            var reason = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecInvalidJson,
                $"The model spec is not valid JSON: {reason}", new SourceLocation(specPath, line, column)));
        }

        using (document)
        {
            var reader = new SpecReader(specPath, modelName ?? DefaultName(specPath), locations, sink);
            var spec = reader.ReadRoot(document.RootElement);
            if (reader.ErrorCount > 0 || spec is null)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecInvalidValue,
                    $"The model spec has {reader.ErrorCount} error(s); see above.", new SourceLocation(specPath)));
            return spec;
        }
    }

    /// <summary>The model name of a spec file, unless the MlModel item sets ModelName: <c>Churn.mlmodel.json</c> gives <c>Churn</c>.</summary>
    public static string DefaultName(string specPath)
    {
        var file = Path.GetFileName(specPath);
        return file.EndsWith(SpecSuffix, StringComparison.OrdinalIgnoreCase) ? file[..^SpecSuffix.Length] : Path.GetFileNameWithoutExtension(file);
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    /// <summary>" Did you mean 'x'?" for the closest known name within a small edit distance, else "".</summary>
    internal static string Suggest(string found, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: EditDistance(found.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(p => p.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, found.Length / 3) ? $" Did you mean '{best.Name}'?" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
