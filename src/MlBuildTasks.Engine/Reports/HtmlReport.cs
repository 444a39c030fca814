using System.Text;
using MlBuildTasks.Engine.Spec;
using static MlBuildTasks.Engine.Reports.ReportText;

namespace MlBuildTasks.Engine.Reports;

/// <summary>
/// <c>&lt;Model&gt;.report.html</c>: one self-contained page (inline CSS, charts as inline SVG, no script, nothing
/// fetched) with the markdown report's tables and the charts for the task. A Content-Security-Policy that allows
/// nothing but inline styles backs the escaping up: even a value that slipped through could not run or fetch anything.
/// </summary>
public static class HtmlReport
{
    internal const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left}
        td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
        .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:700}.warn{color:#9a6700;font-weight:600}
        .charts{display:flex;flex-wrap:wrap;gap:16px}summary{cursor:pointer;margin:4px 0}figure{margin:0}figcaption{font-weight:600;text-align:center}
        svg text{font-size:11px;fill:#1f2328}svg text.axis{font-size:12px;font-weight:600}svg text.on-dark{fill:#fff}
        .frame{fill:none;stroke:#8c959f}.guide{stroke:#8c959f;stroke-dasharray:4 3}.axis-line{stroke:#57606a}
        .curve{fill:none;stroke:#0969da;stroke-width:2}.dot{fill:#0969da;fill-opacity:.55}.bar{fill:#0969da}.bar-current{fill:#bf8700}
        """;

    public static string Render(ReportContent content)
    {
        var m = content.Metrics;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append($"<title>{Html(m.Model)} model report</title><style>{Style}</style></head><body>\n");
        html.Append($"<h1>{Html(m.Model)}: <span class=\"{(m.GatesPassed ? "pass\">gates passed" : "fail\">gates FAILED")}</span></h1>\n");
        html.Append($"<p>{m.Task.ToName()}, trainer <code>{Html(m.Trainer)}</code>, seed {m.Seed}, {Count(m.TrainRows)} training rows, {Count(m.TestRows)} test rows.</p>\n");

        Table(html, "Metrics", ["metric", "value"], m.Metrics.Select(p => new[] { Html(p.Key), Num(Number(p.Value)) }));
        Table(html, "Gates", ["metric", "value", "bound", "baseline", "change", "result"], m.Gates.Select(g => new[]
        {
            Html(g.Metric), Num(Number(g.Value)), Html(Bounds(g)), Num(g.Baseline is null ? "-" : Number(g.Baseline)), Num(g.Change is null ? "-" : Signed(g.Change)),
            $"<span class=\"{(g.Passed ? "pass" : g.AcceptedRegression == true ? "warn" : "fail")}\">{Verdict(g)}</span>",
        }));
        if (m.Onnx is { } onnx) html.Append($"<h2>ONNX export</h2>\n<p>{Html(OnnxParity(onnx))}</p>\n");
        if (content.Baseline is { } baseline)
            Table(html, $"Compared with the baseline ({Html(BaselineName(baseline))})", ["metric", "baseline", "candidate", "change"],
                Diff(m.Metrics, baseline).Select(d => new[] { Html(d.Metric), Num(Number(d.Baseline)), Num(Number(d.Candidate)), Num(Signed(d.Change)) }));

        var charts = Charts(content).ToList();
        if (charts.Count > 0) html.Append("<h2>Charts</h2>\n<div class=\"charts\">\n").AppendJoin('\n', charts).Append("\n</div>\n");

        if (m.Slices is { Count: > 0 } slices)
        {
            var names = m.Metrics.Keys.ToList();
            Table(html, "Slices", ["slice", "rows", .. names.Select(Html)],
                slices.Select(s => new[] { Html(s.Name), Num(Count(s.Rows)) }.Concat(names.Select(n => Num(Number(s.Metrics.GetValueOrDefault(n))))).ToArray()));
        }

        if (content.Validation is { Checks.Count: > 0 } validation)
        {
            // Folded unless a check failed or warned; <details> needs no script.
            var problems = validation.Checks.Count(c => !c.Passed);
            html.Append($"<h2>Data checks: {validation.Checks.Count - problems} of {validation.Checks.Count} passed</h2>\n<details{(problems == 0 ? "" : " open")}><summary>All checks</summary>\n");
            Table(html, null, ["check", "column", "result", "failing"], validation.Checks.Select(c => new[]
            {
                Html(c.Check), Html(c.Column ?? "(data set)"),
                c.Passed ? "<span class=\"pass\">ok</span>" : c.Severity == CheckSeverity.Warning ? "<span class=\"warn\">warning</span>" : "<span class=\"fail\">FAILED</span>",
                Num(Percent(c.FailedFraction)),
            }));
            html.Append("</details>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>The task's charts, one SVG each: curves (binary), confusion matrix (classification), residuals (regression), importance and slice bars.</summary>
    internal static IEnumerable<string> Charts(ReportContent content)
    {
        var m = content.Metrics;
        if (content.Curves?.Roc is { Count: > 0 } roc)
            yield return SvgCharts.Curve("ROC curve", "false positive rate", "true positive rate", roc, diagonal: true);
        if (content.Curves?.PrecisionRecall is { Count: > 0 } pr)
            yield return SvgCharts.Curve("Precision-recall curve", "recall", "precision", pr, diagonal: false);
        if (m.ConfusionMatrix is { Classes.Count: > 0 } matrix)
            yield return SvgCharts.Heatmap("Confusion matrix (test part; shade: share of the actual class)", matrix.Classes, matrix.Counts);
        if (content.Curves?.Residuals is { Count: > 0 } residuals)
            yield return SvgCharts.Residuals("Residuals (test part)", residuals);
        if (m.FeatureImportance is { Count: > 0 } importance)
            yield return SvgCharts.Bars($"Feature importance (drop in {m.FeatureImportanceMetric} when shuffled)",
                importance.Take(MarkdownReport.TopFeatures * 2).Select(c => (c.Column, c.Drop)).ToList());
        if (m.Slices is { Count: > 0 } slices)
        {
            var headline = Headline(m.Task);
            yield return SvgCharts.Bars($"{headline} by slice", slices.Select(s => (s.Name, s.Metrics.GetValueOrDefault(headline))).ToList());
        }
    }

    // Marks a cell as a number (right-aligned) without a cell type: a control character no escaped text contains.
    private const char NumberMark = '\u0001';

    internal static string Num(string text) => NumberMark + text;

    /// <summary>A titled table; cells marked by <see cref="Num"/> are right-aligned numbers. Nothing when there are no rows.</summary>
    internal static void Table(StringBuilder html, string? title, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0) return;
        if (title is not null) html.Append($"<h2>{title}</h2>\n");
        html.Append("<table><thead><tr>").AppendJoin("", header.Select(h => $"<th>{h}</th>")).Append("</tr></thead><tbody>\n");
        foreach (var row in list)
            html.Append("<tr>").AppendJoin("", row.Select(c => c.StartsWith(NumberMark) ? $"<td class=\"num\">{c[1..]}</td>" : $"<td>{c}</td>")).Append("</tr>\n");
        html.Append("</tbody></table>\n");
    }
}
