using System.Globalization;
using System.Net;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;

namespace MlBuildTasks.Engine.Reports;

/// <summary>What both reports write the same way: numbers, gate bounds, the baseline comparison, and escaping.</summary>
internal static class ReportText
{
    /// <summary>The first line of the markdown report: a CI step finds the pull-request comment to update by it.</summary>
    public static string Marker(string model) => $"<!-- mlbuildtasks-report:{MarkerSafe(model)} -->";

    // "--" would end the comment early; a model name has no business doing that.
    private static string MarkerSafe(string model) => model.Replace("--", "-", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal);

    public static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    public static string Signed(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "n/a";

    public static string Percent(double value) => value.ToString("P2", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The gate's bounds as a reader would write them: "≥ 0.8, max drop 0.01".</summary>
    public static string Bounds(GateResult gate)
    {
        var parts = new List<string>();
        if (gate.Min is { } min) parts.Add("≥ " + Short(min));
        if (gate.Max is { } max) parts.Add("≤ " + Short(max));
        if (gate.MaxDrop is { } drop) parts.Add("change within " + Short(drop));
        if (gate.MaxRelativeDrop is { } relative) parts.Add("relative change within " + relative.ToString("0.##%", CultureInfo.InvariantCulture));
        if (gate.MinGain is { } gain) parts.Add("gain ≥ " + Short(gain));
        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    public static string Verdict(GateResult gate) => gate.Passed ? "passed" : gate.AcceptedRegression == true ? "regression accepted" : "FAILED";

    /// <summary>The diff table's heading names the baseline: a package and version or a model file (with its model's SHA-256), or a metrics file.</summary>
    public static string BaselineName(BaselineMetrics baseline) => baseline.Origin switch
    {
        { Kind: BaselineOrigin.PackageKind or BaselineOrigin.ModelKind } origin => origin.Describe(),
        { Fallback: true } => Path.GetFileName(baseline.Path) + ", the offline fallback",
        _ => Path.GetFileName(baseline.Path),
    };

    /// <summary>The metrics both the run and the baseline have, in the run's order: (metric, baseline, candidate, change).</summary>
    public static IEnumerable<(string Metric, double? Baseline, double? Candidate, double? Change)> Diff(
        IReadOnlyDictionary<string, double?> metrics, BaselineMetrics baseline) =>
        metrics.Where(m => baseline.Metrics.ContainsKey(m.Key)).Select(m =>
        {
            var before = baseline.Metrics[m.Key];
            return (m.Key, before, m.Value, m.Value is { } now && before is { } then ? now - then : (double?)null);
        });

    /// <summary>"`Churn.onnx`: parity with the ML.NET model on 1,000 test rows, largest difference 1.6E-06 (tolerance 0.0001): passed".</summary>
    public static string OnnxParity(Artifacts.OnnxReport onnx) =>
        $"`{onnx.File}`: parity with the ML.NET model on {Count(onnx.Rows)} test rows, largest difference " +
        onnx.MaxDifference.ToString("G2", CultureInfo.InvariantCulture) + " (tolerance " + onnx.Tolerance.ToString("G", CultureInfo.InvariantCulture) + "): " +
        (onnx.Passed ? "passed" : "FAILED" + (onnx.FirstDifference is { } first ? $", first at {first}" : ""));

    /// <summary>The task's headline metric (the first in the catalog): the one slice and importance charts show.</summary>
    public static string Headline(Spec.ModelTask task) => MetricCatalog.For(task)[0].Name;

    public static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A markdown table cell: HTML-escaped (GitHub renders raw HTML in markdown, so a data value could inject markup),
    /// pipes escaped and lines joined, so a value cannot break the table.
    /// </summary>
    public static string Cell(string? text) =>
        Html(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Short(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
