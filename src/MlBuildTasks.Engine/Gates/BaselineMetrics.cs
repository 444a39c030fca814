using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Gates;

/// <summary>
/// The metrics change gates compare with: the <c>metrics</c> object of an earlier build's <c>&lt;Model&gt;.metrics.json</c>,
/// committed beside the spec. A null value is a metric that was undefined for that model.
/// </summary>
public sealed record BaselineMetrics(string Path, IReadOnlyDictionary<string, double?> Metrics)
{
    /// <summary>
    /// The spec's baseline, or null when there is none yet (no <c>baseline</c>, or an optional file that does not exist).
    /// A required file that is missing (MLB4004) or unreadable (MLB4005) stops the run, before any training.
    /// </summary>
    public static BaselineMetrics? Load(ModelSpec spec)
    {
        if (spec.Baseline is not { } baseline) return null;
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

        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var metric in metrics.EnumerateObject())
            values[metric.Name] = metric.Value.ValueKind switch
            {
                JsonValueKind.Number => metric.Value.GetDouble(),
                JsonValueKind.Null => null,
                _ => throw new FormatException($"has a non-number value for '{metric.Name}' in \"metrics\""),
            };
        return new BaselineMetrics(path, values);
    }

    private static MlBuildException Invalid(BaselineSpec baseline, string reason) =>
        new(Diagnostic.Error(DiagnosticCodes.BaselineInvalid,
            $"The baseline metrics file '{baseline.MetricsPath}' {reason}. Replace it with the <Model>.metrics.json of the release to compare with.",
            baseline.Location));
}
