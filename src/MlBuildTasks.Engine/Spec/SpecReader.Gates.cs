using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// <c>gates</c> (value and change gates on test metrics, performance figures and slices) and <c>baseline</c> (what
/// change gates compare with).
/// </summary>
internal sealed partial class SpecReader
{
    /// <param name="parent">The object holding <c>gates</c>: the spec's root, or its <c>monitoring</c> (<paramref name="prefix"/> "/monitoring").</param>
    private List<GateSpec> ReadGates(JsonElement parent, ModelTask? task, IReadOnlyList<SliceSpec> slices, string prefix = "")
    {
        var gates = new List<GateSpec>();
        if (!parent.TryGetProperty("gates", out var element)) return gates;
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(DiagnosticCodes.SpecInvalidValue, prefix + "/gates", $"'gates' must be an array such as [{{ \"metric\": \"auc\", \"min\": 0.8 }}], found {Describe(element)}.");
            return gates;
        }

        var index = 0;
        foreach (var gate in element.EnumerateArray())
        {
            var pointer = prefix + "/gates/" + index++;
            if (gate.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.SpecInvalidValue, pointer, $"A gate must be an object such as {{ \"metric\": \"auc\", \"min\": 0.8 }}, found {Describe(gate)}.");
                continue;
            }

            CheckFields(gate, pointer, GateFields, "a gate");
            var metric = RequiredString(gate, "metric", "the metric to check", pointer);
            var min = OptionalNumber(gate, "min", pointer);
            var max = OptionalNumber(gate, "max", pointer);
            if (min > max)
                Error(DiagnosticCodes.SpecInvalidValue, pointer + "/max", $"The gate on '{metric}' has max {max} below its min {min}, so it can never pass.");

            MetricDefinition? definition = null;
            if (metric is not null && task is not null && (definition = MetricCatalog.FindGateable(task.Value, metric)) is null)
            {
                var names = MetricCatalog.Gateable(task.Value).Select(m => m.Name).ToList();
                Error(DiagnosticCodes.SpecUnknownMetric, pointer + "/metric",
                    $"Unknown metric '{metric}' for task '{task.Value.ToName()}'. Expected one of: {string.Join(", ", names)}.{Suggest(metric, names)}");
            }

            var slice = ReadGateSlice(gate, pointer, metric, slices);
            var (maxDrop, dropField, maxRelativeDrop, minGain) = ReadChangeBounds(gate, pointer, metric, definition);
            if (min is null && max is null && maxDrop is null && maxRelativeDrop is null && minGain is null)
                Error(DiagnosticCodes.SpecMissingField, pointer,
                    $"The gate on '{metric}' has no bound; add at least one of 'min', 'max' (value bounds) or 'maxDrop', 'maxRise', 'maxRelativeDrop', 'minGain' (change against the baseline).");

            if (metric is not null) gates.Add(new GateSpec(metric, min, max, at.At(pointer), maxDrop, maxRelativeDrop, minGain, dropField, slice));
        }

        return gates;
    }

    /// <summary>
    /// A gate's <c>slice</c>: a group name as metrics.json <c>slices</c> writes it, of a column the spec's <c>slices</c>
    /// declares. A slice with <c>bins</c> has its group names known here and the name must be one of them; a category's
    /// or quartiles' groups follow from the data, so the name is checked against them after testing (MLB4002).
    /// </summary>
    private string? ReadGateSlice(JsonElement gate, string pointer, string? metric, IReadOnlyList<SliceSpec> slices)
    {
        if (!gate.TryGetProperty("slice", out _)) return null;
        var name = OptionalString(gate, "slice", pointer);
        if (name is null) return null;
        pointer += "/slice";
        if (metric is not null && MetricCatalog.IsPerformance(metric))
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'{metric}' is measured for the whole model, not per slice. Remove 'slice' or gate on one of the task's metrics.");
            return null;
        }

        // The longest column that fits: "Contract Type=x" is of "Contract Type", not "Contract".
        var declared = slices.OrderByDescending(s => s.Column.Length).FirstOrDefault(s => SliceGroups.IsGroupOf(s.Column, name));
        if (declared is null)
        {
            var columns = slices.Select(s => s.Column).ToList();
            Error(DiagnosticCodes.SpecInvalidValue, pointer, columns.Count == 0
                ? $"The gate names slice '{name}', but the spec declares no 'slices'. Declare the column in 'slices' (such as {SliceExample}) and name a group as metrics.json writes it, such as 'Contract=Month-to-month'."
                : $"Slice '{name}' is not one of the spec's slices: a slice gate names a group of a column in 'slices' ({string.Join(", ", columns)}), such as '{columns[0]}=value' or '{columns[0]} missing'.{Suggest(SliceGroups.ColumnPart(name), columns)}");
            return null;
        }

        if (declared.Bins is { } bins)
        {
            var names = SliceGroups.BinNames(declared.Column, bins);
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Slice '{name}' is not a group of the slice on '{declared.Column}'. Expected one of: {string.Join(", ", names)}.{Suggest(name, names)}");
                return null;
            }
        }

        return name;
    }

    /// <summary>
    /// The change bounds, all in quality: <c>maxDrop</c> and its raw-words twin <c>maxRise</c> (lower-is-better metrics
    /// only, where a rise is the drop), <c>maxRelativeDrop</c> and <c>minGain</c>. A rise of a higher-is-better metric is
    /// an improvement, so <c>maxRise</c> there is refused rather than guessed at.
    /// </summary>
    private (double? MaxDrop, string DropField, double? MaxRelativeDrop, double? MinGain) ReadChangeBounds(JsonElement gate, string pointer, string? metric, MetricDefinition? definition)
    {
        var maxDrop = NonNegative(gate, "maxDrop", pointer);
        var maxRise = NonNegative(gate, "maxRise", pointer);
        var maxRelativeDrop = NonNegative(gate, "maxRelativeDrop", pointer);
        var minGain = OptionalNumber(gate, "minGain", pointer);

        if (maxRise is not null && definition is { HigherIsBetter: true })
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/maxRise",
                $"'{metric}' is higher-is-better, so a rise is an improvement, not a regression. To bound how far it may fall below the baseline, use 'maxDrop'.");
        if (maxRise is not null && maxDrop is not null)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/maxRise",
                $"The gate on '{metric}' has both 'maxDrop' and 'maxRise'; for a lower-is-better metric they are the same bound (how far it may rise above the baseline). Keep one.");
        return (maxDrop ?? maxRise, maxDrop is null && maxRise is not null ? "maxRise" : "maxDrop", maxRelativeDrop, minGain);
    }

    private double? NonNegative(JsonElement element, string field, string pointer)
    {
        var value = OptionalNumber(element, field, pointer);
        if (value is not < 0) return value;
        Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be zero or more (how far the metric may get worse than the baseline), found {value}.");
        return null;
    }

    /// <summary>
    /// <c>baseline</c>: the released package (<c>package</c>, optional <c>version</c> pin and <c>source</c> feed), a model file
    /// (<c>model</c>) or a metrics file of an earlier build (<c>metrics</c>), all relative to the spec. A package may have a
    /// metrics file beside it as the offline fallback; a model file stands alone, since it is already here.
    /// </summary>
    private BaselineSpec? ReadBaseline(JsonElement root)
    {
        if (!root.TryGetProperty("baseline", out var element)) return null;
        const string pointer = "/baseline";
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, pointer, $"'baseline' must be an object such as {{ \"package\": \"MyCompany.ChurnModel\" }} or {{ \"metrics\": \"baseline/Model.metrics.json\" }}, found {Describe(element)}.");
            return null;
        }

        CheckFields(element, pointer, BaselineFields, "'baseline'");
        var package = OptionalString(element, "package", pointer);
        var version = OptionalString(element, "version", pointer);
        var source = OptionalString(element, "source", pointer);
        var model = OptionalString(element, "model", pointer);
        var metrics = OptionalString(element, "metrics", pointer);
        var optional = OptionalBool(element, "optional", pointer) ?? false;
        var ok = true;

        if (!element.TryGetProperty("package", out _) && !element.TryGetProperty("model", out _) && !element.TryGetProperty("metrics", out _))
        {
            Error(DiagnosticCodes.SpecMissingField, pointer,
                "'baseline' names nothing to compare with: add 'package' (the released model package on a NuGet feed), 'model' (a model file) or 'metrics' (a metrics file of an earlier build).");
            return null;
        }

        if (package is not null && !NuGet.Packaging.PackageIdValidator.IsValidPackageId(package))
            ok = Fail(pointer + "/package", $"'{package}' is not a valid NuGet package id. Name the package this model was released as (its PackageId).");
        if (version is not null && !NuGet.Versioning.NuGetVersion.TryParse(version, out _))
            ok = Fail(pointer + "/version", $"'{version}' is not a valid package version. Pin a released version such as \"1.2.0\", or leave 'version' out for the highest stable version below the one being built.");
        foreach (var field in new[] { "version", "source" })
            if (element.TryGetProperty(field, out _) && !element.TryGetProperty("package", out _))
                ok = Fail(pointer + "/" + field, $"'baseline.{field}' belongs to a package baseline: add 'package' (the released package's id), or remove '{field}'.");
        if (element.TryGetProperty("model", out _) && (element.TryGetProperty("package", out _) || element.TryGetProperty("metrics", out _)))
            ok = Fail(pointer + "/model", "A 'model' baseline stands alone: it is evaluated here, so it needs no fallback, and it is not a package. Keep one of 'model' and 'package' (with 'metrics' as its offline fallback).");

        if (!ok || (package is null && model is null && metrics is null)) return null;
        return new BaselineSpec(metrics is null ? null : Resolve(metrics), optional, at.At(pointer), package, version,
            source is null ? null : IsUrl(source) ? source : Resolve(source), model is null ? null : Resolve(model));
    }

    private bool Fail(string pointer, string message)
    {
        Error(DiagnosticCodes.SpecInvalidValue, pointer, message);
        return false;
    }

    /// <summary>A feed URL (http, https) rather than a folder path relative to the spec.</summary>
    private static bool IsUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
