using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Gates;

/// <summary>
/// The metrics change gates compare with: the <c>metrics</c> object of an earlier build's <c>&lt;Model&gt;.metrics.json</c>,
/// committed beside the spec, with its <c>performance</c> figures among them, and its <c>slices</c>' metrics by slice name.
/// A null value is a metric that was undefined for that model.
/// </summary>
public sealed record BaselineMetrics(string Path, IReadOnlyDictionary<string, double?> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>? Slices = null, BaselineOrigin? Origin = null)
{
    /// <summary>How messages name the baseline: its origin (package and version, model file) or the metrics file's path.</summary>
    public string Describe => Origin?.Kind is BaselineOrigin.PackageKind or BaselineOrigin.ModelKind ? Origin.Describe() : $"'{Path}'";

    /// <summary>The baseline's value for what <paramref name="gate"/> checks, or null when it has none.</summary>
    public double? ValueOf(GateSpec gate)
    {
        var metrics = gate.Slice is null ? Metrics : Slices?.GetValueOrDefault(gate.Slice);
        return metrics?.GetValueOrDefault(gate.Metric);
    }

    /// <summary>
    /// The spec's baseline metrics file, or null when there is none yet (no <c>metrics</c> file, or an optional one that does not exist).
    /// A required file that is missing (MLB4004) or unreadable (MLB4005) stops the run, before any training.
    /// </summary>
    public static BaselineMetrics? Load(ModelSpec spec)
    {
        if (spec.Baseline is not { MetricsPath: not null } baseline) return null;
        if (!File.Exists(baseline.MetricsPath))
        {
            if (baseline.Optional) return null;
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.BaselineNotFound,
                $"The baseline metrics file '{baseline.MetricsPath}' does not exist. Commit the <Model>.metrics.json of the release to compare with, or mark the baseline \"optional\": true until there is one.",
                baseline.Location));
        }

        try
        {
            return Parse(baseline.MetricsPath, File.ReadAllBytes(baseline.MetricsPath), spec.Task);
        }
        catch (JsonException ex)
        {
            var reason = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');
            throw Invalid(baseline, $"is not valid JSON at line {(ex.LineNumber ?? 0) + 1} ({reason})");
        }
        catch (FormatException ex)
        {
            throw Invalid(baseline, ex.Message);
        }
    }

    private static BaselineMetrics Parse(string path, byte[] utf8, ModelTask task)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
            throw new FormatException("has no \"metrics\" object; it must be a <Model>.metrics.json written by an earlier build");
        // Metrics of another task share names (auc, log-loss) but not meaning.
        if (root.TryGetProperty("task", out var taskElement) && taskElement.ValueKind == JsonValueKind.String && taskElement.GetString() is { } taskName && taskName != task.ToName())
            throw new FormatException($"is from a '{taskName}' model, but this spec's task is '{task.ToName()}'");

        var values = Numbers(metrics, "metrics");
        // Older metrics files have no performance or slices: gates on them then find no baseline value (MLB4002).
        if (root.TryGetProperty("performance", out var performance) && performance.ValueKind == JsonValueKind.Object
            && performance.TryGetProperty("metrics", out var figures) && figures.ValueKind == JsonValueKind.Object)
            foreach (var (name, value) in Numbers(figures, "performance.metrics")) values[name] = value;

        var slices = new Dictionary<string, IReadOnlyDictionary<string, double?>>(StringComparer.Ordinal);
        if (root.TryGetProperty("slices", out var sliceArray) && sliceArray.ValueKind == JsonValueKind.Array)
            foreach (var slice in sliceArray.EnumerateArray())
                if (slice.ValueKind == JsonValueKind.Object && slice.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && slice.TryGetProperty("metrics", out var sliceMetrics) && sliceMetrics.ValueKind == JsonValueKind.Object)
                    slices[name.GetString()!] = Numbers(sliceMetrics, $"the metrics of slice '{name.GetString()}'");
        return new BaselineMetrics(path, values, slices);
    }

    private static Dictionary<string, double?> Numbers(JsonElement element, string where)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var metric in element.EnumerateObject())
            values[metric.Name] = metric.Value.ValueKind switch
            {
                JsonValueKind.Number => metric.Value.GetDouble(),
                JsonValueKind.Null => null,
                _ => throw new FormatException($"has a non-number value for '{metric.Name}' in {(where == "metrics" ? "\"metrics\"" : where)}"),
            };
        return values;
    }

    private static MlBuildException Invalid(BaselineSpec baseline, string reason) =>
        new(Diagnostic.Error(DiagnosticCodes.BaselineInvalid,
            $"The baseline metrics file '{baseline.MetricsPath}' {reason}. Replace it with the <Model>.metrics.json of the release to compare with.",
            baseline.Location));
}
