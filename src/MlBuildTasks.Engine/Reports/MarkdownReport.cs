using System.Text;
using MlBuildTasks.Engine.Spec;
using static MlBuildTasks.Engine.Reports.ReportText;

namespace MlBuildTasks.Engine.Reports;

/// <summary>
/// <c>&lt;Model&gt;.report.md</c>: the run for a pull-request comment or a CI job summary. It starts with
/// <see cref="ReportText.Marker"/>, so a CI step can find and update its earlier comment instead of adding one per push.
/// Every value from the data or the spec goes through <see cref="ReportText.Cell"/>.
/// </summary>
public static class MarkdownReport
{
    /// <summary>How many input columns the top-features table lists.</summary>
    public const int TopFeatures = 10;

    public static string Render(ReportContent content)
    {
        var m = content.Metrics;
        var text = new StringBuilder();
        text.AppendLine(Marker(m.Model));
        text.AppendLine($"## {Cell(m.Model)}: {(m.GatesPassed ? "gates passed" : "gates FAILED")}");
        text.AppendLine();
        text.AppendLine($"{m.Task.ToName()}, trainer `{Cell(m.Trainer)}`, seed {m.Seed}, {Count(m.TrainRows)} training rows, {Count(m.TestRows)} test rows.");

        Table(text, "Metrics", ["metric", "value"], m.Metrics.Select(p => new[] { Cell(p.Key), Number(p.Value) }));

        Table(text, "Gates", ["metric", "value", "bound", "baseline", "change", "result"], m.Gates.Select(g => new[]
        {
            Cell(g.Metric), Number(g.Value), Cell(Bounds(g)), g.Baseline is null ? "-" : Number(g.Baseline), g.Change is null ? "-" : Signed(g.Change),
            g.Passed ? "✅ passed" : g.AcceptedRegression == true ? "⚠️ regression accepted" : "❌ **FAILED**",
        }));

        if (m.Onnx is { } onnx) text.AppendLine().AppendLine("### ONNX export").AppendLine().AppendLine(Cell(OnnxParity(onnx)));

        if (content.Baseline is { } baseline)
            Table(text, $"Compared with the baseline ({Cell(BaselineName(baseline))})", ["metric", "baseline", "candidate", "change"],
                Diff(m.Metrics, baseline).Select(d => new[] { Cell(d.Metric), Number(d.Baseline), Number(d.Candidate), Signed(d.Change) }));

        if (m.Slices is { Count: > 0 } slices)
        {
            var names = m.Metrics.Keys.ToList();
            Table(text, "Slices", ["slice", "rows", .. names.Select(Cell)],
                slices.Select(s => new[] { Cell(s.Name), Count(s.Rows) }.Concat(names.Select(n => Number(s.Metrics.GetValueOrDefault(n)))).ToArray()));
        }

        if (m.FeatureImportance is { Count: > 0 } importance)
            Table(text, $"Top features (drop in {Cell(m.FeatureImportanceMetric)} when shuffled)", ["column", "drop", "std dev"],
                importance.Take(TopFeatures).Select(c => new[] { Cell(c.Column), Number(c.Drop), Number(c.StdDev) }));

        if (content.Validation is { Checks.Count: > 0 } validation)
        {
            // A long table of "ok" would bury the rest of a pull-request comment: folded unless a check failed or warned.
            var problems = validation.Checks.Count(c => !c.Passed);
            text.AppendLine().AppendLine($"### Data checks: {validation.Checks.Count - problems} of {validation.Checks.Count} passed").AppendLine();
            text.AppendLine(problems == 0 ? "<details><summary>All checks</summary>" : "<details open><summary>All checks</summary>");
            Table(text, null, ["check", "column", "result", "failing"], validation.Checks.Select(c => new[]
            {
                Cell(c.Check), Cell(c.Column ?? "(data set)"), c.Passed ? "ok" : c.Severity == CheckSeverity.Warning ? "warning" : "**FAILED**", Percent(c.FailedFraction),
            }));
            text.AppendLine().AppendLine("</details>");
        }

        return text.ToString();
    }

    /// <summary>A table under its title (if any); nothing at all when there are no rows.</summary>
    private static void Table(StringBuilder text, string? title, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0) return;
        text.AppendLine();
        if (title is not null) text.AppendLine($"### {title}").AppendLine();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in list) text.AppendLine("| " + string.Join(" | ", row) + " |");
    }
}
