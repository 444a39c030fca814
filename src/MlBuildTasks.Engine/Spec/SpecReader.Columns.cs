using System.Globalization;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Training;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary><c>columns</c>: each column's type and rules, keyed by its name as the data has it.</summary>
internal sealed partial class SpecReader
{
    private List<ColumnSpec> ReadColumns(JsonElement root, IReadOnlyList<string?> cultures)
    {
        var columns = new List<ColumnSpec>();
        if (!root.TryGetProperty("columns", out var element)) return columns;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, "/columns", $"'columns' must be an object keyed by column name, found {Describe(element)}.");
            return columns;
        }

        foreach (var property in element.EnumerateObject())
            if (ReadColumn(property.Name, property.Value, "/columns/" + JsonLocations.Escape(property.Name), cultures) is { } column)
                columns.Add(column);
        return columns;
    }

    private ColumnSpec? ReadColumn(string name, JsonElement column, string pointer, IReadOnlyList<string?> cultures)
    {
        if (column.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Column '{name}' must be an object such as {{ \"type\": \"number\" }}, found {Describe(column)}.");
            return null;
        }

        CheckFields(column, pointer, ColumnFields, $"column '{name}'");
        ColumnType? type = null;
        var typeName = OptionalString(column, "type", pointer);
        if (typeName is not null)
        {
            if (ColumnTypeNames.TryParse(typeName, out var parsed)) type = parsed;
            else Error(DiagnosticCodes.SpecInvalidValue, pointer + "/type",
                $"Unknown type '{typeName}' for column '{name}'. Expected one of: {string.Join(", ", ColumnTypeNames.All)}.{Suggest(typeName, ColumnTypeNames.All)}");
        }

        var min = ReadRule<double>(column, "min", pointer, NumberValue, CheckSeverity.Error);
        var max = ReadRule<double>(column, "max", pointer, NumberValue, CheckSeverity.Error);
        if (min?.Value > max?.Value)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/max", $"Column '{name}' has max {max!.Value} below its min {min!.Value}.");
        if ((min is not null || max is not null) && type is not null and not ColumnType.Number)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + (min is not null ? "/min" : "/max"),
                $"Column '{name}' has a min/max rule but type '{type.Value.ToName()}'; min and max apply to numbers only.");

        var (outliers, threshold) = ReadOutliers(column, pointer, name, type);
        var dateFormat = OptionalString(column, "dateFormat", pointer);
        if (dateFormat is not null && type is not ColumnType.Date)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/dateFormat", $"Column '{name}' has a 'dateFormat' but {(type is null ? "no type" : $"type '{type.Value.ToName()}'")}; set \"type\": \"date\".");

        var ignore = OptionalBool(column, "ignore", pointer) ?? false;
        if (dateFormat is not null && type is ColumnType.Date && !ignore)
            CheckModelReadsDates(name, dateFormat, pointer + "/dateFormat", cultures);

        return new ColumnSpec(
            name, type, ignore, at.At(pointer),
            Required: ReadRule<bool>(column, "required", pointer, BoolValue, CheckSeverity.Error),
            MaxMissing: ReadRule<double>(column, "maxMissing", pointer, FractionValue, CheckSeverity.Error, allowMostly: false),
            Min: min,
            Max: max,
            Allowed: ReadRule<IReadOnlyList<string>>(column, "allowed", pointer, AllowedValues, CheckSeverity.Error),
            Regex: ReadRule<string>(column, "regex", pointer, RegexValue, CheckSeverity.Error),
            Unique: ReadRule<bool>(column, "unique", pointer, BoolValue, CheckSeverity.Error, allowMostly: false),
            Outliers: outliers,
            OutlierThreshold: threshold,
            DateFormat: dateFormat,
            Preprocessing: ReadPreprocessing(column, pointer, name, type));
    }

    /// <summary>
    /// A date feature is parsed inside the saved model by ML.NET, which reads ISO 8601 and the invariant culture's
    /// forms (such as MM/dd/yyyy) only: a <c>dateFormat</c> it would read differently from the validator is an error
    /// rather than a model that silently sees other dates at prediction time.
    /// </summary>
    private void CheckModelReadsDates(string name, string format, string pointer, IReadOnlyList<string?> cultures)
    {
        foreach (var culture in cultures)
        {
            if (culture is not null && !IsCulture(culture)) continue; // reported at the source
            if (DateFeatures.ModelReads(format, culture is null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(culture))) continue;
            Error(DiagnosticCodes.SpecInvalidValue, pointer,
                $"Column '{name}' has the dateFormat '{format}'{(culture is null ? "" : $" (culture {culture})")}, which the model cannot read: a date feature is parsed inside the model by ML.NET, which reads ISO 8601 (such as 2024-03-31 or 2024-03-31T13:45:00) and invariant-culture dates (such as 03/31/2024). Write the dates in ISO 8601 and drop 'dateFormat', or set \"ignore\": true to validate the column without using it as a feature.");
            return;
        }
    }

    private static readonly Dictionary<string, ScaleMethod> Scales = new(StringComparer.Ordinal)
    {
        ["none"] = ScaleMethod.None, ["min-max"] = ScaleMethod.MinMax, ["mean-variance"] = ScaleMethod.MeanVariance,
        ["log-mean-variance"] = ScaleMethod.LogMeanVariance, ["bin"] = ScaleMethod.Bin,
    };

    private static readonly Dictionary<string, ImputeMethod> Imputes = new(StringComparer.Ordinal)
    {
        ["mean"] = ImputeMethod.Mean, ["median"] = ImputeMethod.Median, ["most-frequent"] = ImputeMethod.MostFrequent,
    };

    private static readonly Dictionary<string, CategoryEncoding> Encodings = new(StringComparer.Ordinal)
    {
        ["auto"] = CategoryEncoding.Auto, ["one-hot"] = CategoryEncoding.OneHot, ["hash"] = CategoryEncoding.Hash,
    };

    /// <summary><c>impute</c>, <c>missingIndicator</c> and <c>scale</c> (numbers and booleans), <c>clip</c> (numbers), <c>encoding</c> (categories); null when none is declared.</summary>
    private Preprocessing? ReadPreprocessing(JsonElement column, string pointer, string name, ColumnType? type)
    {
        var numberFields = new[] { "impute", "missingIndicator", "scale" }.Where(f => column.TryGetProperty(f, out _)).ToList();
        if (numberFields.Count == 0 && !column.TryGetProperty("encoding", out _) && !column.TryGetProperty("clip", out _)) return null;
        var numeric = type is null or ColumnType.Number or ColumnType.Boolean;
        var result = Preprocessing.Default;
        if (column.TryGetProperty("impute", out var impute))
        {
            if (impute.ValueKind == JsonValueKind.Number) result = result with { Impute = ImputeMethod.Constant, ImputeValue = impute.GetDouble() };
            else if (impute.ValueKind == JsonValueKind.String && Imputes.TryGetValue(impute.GetString()!, out var method)) result = result with { Impute = method };
            else Error(DiagnosticCodes.SpecInvalidValue, pointer + "/impute",
                $"'impute' of column '{name}' must be \"mean\", \"median\", \"most-frequent\" or a number (the constant), found {Describe(impute)}.{(impute.ValueKind == JsonValueKind.String ? Suggest(impute.GetString()!, Imputes.Keys) : "")}");
        }

        if (OptionalBool(column, "missingIndicator", pointer) is { } indicator) result = result with { MissingIndicator = indicator };
        if (OptionalString(column, "scale", pointer) is { } scale)
        {
            if (Scales.TryGetValue(scale, out var method)) result = result with { Scale = method };
            else Error(DiagnosticCodes.SpecInvalidValue, pointer + "/scale", $"Unknown scale '{scale}' for column '{name}'. Expected one of: {string.Join(", ", Scales.Keys)}.{Suggest(scale, Scales.Keys)}");
        }

        if (column.TryGetProperty("clip", out var clip)) result = result with { Clip = ReadClip(clip, pointer + "/clip", name, type) };
        if (numberFields.Count > 0 && !numeric)
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Column '{name}' has type '{type!.Value.ToName()}'; 'impute', 'missingIndicator' and 'scale' apply to number and boolean columns.");

        if (OptionalString(column, "encoding", pointer) is { } encoding)
        {
            if (Encodings.TryGetValue(encoding, out var method)) result = result with { Encoding = method };
            else Error(DiagnosticCodes.SpecInvalidValue, pointer + "/encoding", $"Unknown encoding '{encoding}' for column '{name}'. Expected one of: {string.Join(", ", Encodings.Keys)}.{Suggest(encoding, Encodings.Keys)}");
            if (type is not null and not ColumnType.Category)
                Error(DiagnosticCodes.SpecInvalidValue, pointer + "/encoding", $"Column '{name}' has type '{type.Value.ToName()}'; 'encoding' applies to category columns.");
        }

        return result;
    }

    /// <summary><c>"clip": "iqr"</c> (Tukey's fences of the fitted rows) or <c>"clip": [lower, upper]</c>, either bound null for an open side.</summary>
    private Clip? ReadClip(JsonElement clip, string pointer, string name, ColumnType? type)
    {
        if (type is not null and not ColumnType.Number)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Column '{name}' has type '{type.Value.ToName()}'; 'clip' applies to number columns.");
            return null;
        }

        if (clip.ValueKind == JsonValueKind.String && clip.GetString() == "iqr") return Clip.IqrFences;
        double? Bound(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
        if (clip.ValueKind == JsonValueKind.Array && clip.GetArrayLength() == 2 &&
            clip.EnumerateArray().All(e => e.ValueKind is JsonValueKind.Number or JsonValueKind.Null) &&
            clip.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Number))
        {
            var (lower, upper) = (Bound(clip[0]), Bound(clip[1]));
            if (lower <= upper || lower is null || upper is null) return new Clip(false, lower, upper);
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'clip' of column '{name}' has its lower bound {lower} above its upper bound {upper}.");
            return null;
        }

        Error(DiagnosticCodes.SpecInvalidValue, pointer,
            $"'clip' of column '{name}' must be \"iqr\" or [lower, upper] (numbers; null leaves a side open), found {Describe(clip)}.{(clip.ValueKind == JsonValueKind.String ? Suggest(clip.GetString()!, ["iqr"]) : "")}");
        return null;
    }

    /// <summary><c>"outliers": "iqr"</c> or <c>{ "method": "zscore", "threshold": 3, "mostly": 0.99, "severity": "error" }</c>; a warning by default.</summary>
    private (Rule<OutlierMethod>?, double) ReadOutliers(JsonElement column, string pointer, string name, ColumnType? type)
    {
        if (!column.TryGetProperty("outliers", out var element)) return (null, 0);
        var rulePointer = pointer + "/outliers";
        if (type is not null and not ColumnType.Number)
            Error(DiagnosticCodes.SpecInvalidValue, rulePointer, $"Column '{name}' has an 'outliers' rule but type '{type.Value.ToName()}'; outliers apply to numbers only.");

        var methodName = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        var mostly = DefaultOutlierMostly;
        var severity = CheckSeverity.Warning;
        double? threshold = null;
        if (element.ValueKind == JsonValueKind.Object)
        {
            CheckFields(element, rulePointer, OutlierFields, "rule 'outliers'");
            methodName = OptionalString(element, "method", rulePointer) ?? "iqr";
            threshold = OptionalNumber(element, "threshold", rulePointer);
            if (element.TryGetProperty("mostly", out _)) mostly = ReadMostly(element, rulePointer);
            severity = ReadSeverity(element, rulePointer, CheckSeverity.Warning);
        }

        OutlierMethod method;
        switch (methodName)
        {
            case "iqr": method = OutlierMethod.Iqr; break;
            case "zscore": method = OutlierMethod.ZScore; break;
            default:
                Error(DiagnosticCodes.SpecInvalidValue, rulePointer, $"'outliers' must be \"iqr\", \"zscore\" or an object {{ \"method\": \"iqr\", \"threshold\": 1.5 }}, found {Describe(element)}.");
                return (null, 0);
        }

        if (threshold is <= 0)
            Error(DiagnosticCodes.SpecInvalidValue, rulePointer + "/threshold", $"The outlier threshold must be above 0, found {threshold}.");
        return (new Rule<OutlierMethod>(method, mostly, severity, at.At(rulePointer)), threshold ?? (method == OutlierMethod.Iqr ? 1.5 : 3.0));
    }

    /// <summary>Up to 1% of a column may be outliers before the check warns, unless the spec says otherwise.</summary>
    internal const double DefaultOutlierMostly = 0.99;
}
