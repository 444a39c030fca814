using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Reports;
using static MlBuildTasks.Engine.Reports.ReportText;

namespace MlBuildTasks.Engine.Monitoring;

/// <summary>
/// The drift check's artifacts in the output folder: <c>&lt;Model&gt;.drift.json</c>, <c>&lt;Model&gt;.drift.md</c> (for a
/// job summary or an issue; it starts with a fixed marker, like the build report) and a self-contained
/// <c>&lt;Model&gt;.drift.html</c> with a training-vs-production chart for each drifted column. Written atomically.
/// </summary>
public static class DriftReports
{
    public static string JsonPath(string directory, string model) => Path.Combine(directory, model + ".drift.json");

    public static void Write(string directory, DriftDocument document)
    {
        Directory.CreateDirectory(directory);
        ArtifactJson.Write(JsonPath(directory, document.Model), document);
        AtomicFile.WriteAllBytes(Path.Combine(directory, document.Model + ".drift.md"), Encoding.UTF8.GetBytes(Markdown(document)));
        AtomicFile.WriteAllBytes(Path.Combine(directory, document.Model + ".drift.html"), Encoding.UTF8.GetBytes(Html(document)));
    }

    public static string Markdown(DriftDocument d)
    {
        var md = new StringBuilder();
        md.Append($"<!-- mlbuildtasks-drift:{d.Model} -->\n");
        md.Append($"# {d.Model}: {(d.Retrain ? "retrain" : "no drift to act on")}\n\n");
        md.Append($"{Count(d.Current.Records)} logged predictions ({d.Current.Files} file(s) in `{d.Current.Logs}`) against the training profile of ")
          .Append($"{(d.Reference.Version is null ? "" : $"version {d.Reference.Version}, ")}{Count(d.Reference.Rows)} rows (`{d.Reference.Source}`).\n\n");
        foreach (var reason in d.Reasons) md.Append($"- **{reason}**\n");
        if (d.Reasons.Count > 0) md.Append('\n');
        md.Append($"Dataset drift: {d.Dataset.DriftedColumns} of {d.Dataset.ComparedColumns} columns ({MonitorRun.Percent(d.Dataset.Share)}; retrain from {MonitorRun.Percent(d.Dataset.Threshold)}).\n\n");
        md.Append("| column | test | statistic | p-value | limit | PSI | missing (train → prod) | unseen | drifted |\n|---|---|---:|---:|---:|---:|---|---:|---|\n");
        foreach (var c in d.Columns.Append(d.Prediction).OfType<ColumnVerdict>())
        {
            var x = c.Drift;
            md.Append($"| {Cell(x.Column)} | {MonitorRun.NameOf(x.Test)} | {MonitorRun.Number(x.Statistic)} | {MonitorRun.Number(x.PValue)} | {MonitorRun.Number(x.Threshold)} | ")
              .Append($"{MonitorRun.Number(x.Psi)} ({x.PsiBand.ToString().ToLowerInvariant()}) | {MonitorRun.Percent(x.ReferenceMissingRate)} → {MonitorRun.Percent(x.CurrentMissingRate)} | ")
              .Append($"{(x.UnseenRate is { } u ? MonitorRun.Percent(u) : "-")} | {(c.Drifted ? "**yes**" : "no")} |\n");
        }

        if (d.Live is { } live)
        {
            md.Append($"\n## Live metrics\n\n{live.JoinedRows:N0} logged predictions have feedback ({Count(live.FeedbackLabels)} labels in `{live.Feedback}`){(live.Note is null ? "" : $": {live.Note}")}.\n\n");
            if (live.Metrics.Count > 0)
            {
                md.Append("| metric | live | released |\n|---|---:|---:|\n");
                foreach (var (metric, value) in live.Metrics)
                {
                    var released = live.Gates.FirstOrDefault(g => g.Metric == metric)?.Baseline;
                    md.Append($"| {metric} | {Number(value)} | {(released is null ? "-" : Number(released))} |\n");
                }
            }

            foreach (var gate in live.Gates) md.Append($"\n- gate on {gate.Metric} (line {gate.Line}): {Verdict(gate)}");
            if (live.Gates.Count > 0) md.Append('\n');
        }

        return md.ToString();
    }

    public static string Html(DriftDocument d)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append($"<title>{ReportText.Html(d.Model)} drift report</title><style>{HtmlReport.Style}</style></head><body>\n");
        html.Append($"<h1>{ReportText.Html(d.Model)}: <span class=\"{(d.Retrain ? "fail\">retrain" : "pass\">no drift to act on")}</span></h1>\n");
        html.Append($"<p>{Count(d.Current.Records)} logged predictions against the training profile ({Count(d.Reference.Rows)} rows{(d.Reference.Version is null ? "" : $", version {ReportText.Html(d.Reference.Version)}")}). ")
            .Append($"{d.Dataset.DriftedColumns} of {d.Dataset.ComparedColumns} columns drifted; retrain from {MonitorRun.Percent(d.Dataset.Threshold)}.</p>\n");
        if (d.Reasons.Count > 0) html.Append("<ul>").AppendJoin("", d.Reasons.Select(r => $"<li class=\"fail\">{ReportText.Html(r)}</li>")).Append("</ul>\n");

        HtmlReport.Table(html, "Columns", ["column", "test", "statistic", "p-value", "limit", "PSI", "missing", "unseen", "drifted"],
            d.Columns.Append(d.Prediction).OfType<ColumnVerdict>().Select(c => new[]
            {
                ReportText.Html(c.Drift.Column), MonitorRun.NameOf(c.Drift.Test), HtmlReport.Num(MonitorRun.Number(c.Drift.Statistic)), HtmlReport.Num(MonitorRun.Number(c.Drift.PValue)),
                HtmlReport.Num(MonitorRun.Number(c.Drift.Threshold)), $"{MonitorRun.Number(c.Drift.Psi)} ({c.Drift.PsiBand.ToString().ToLowerInvariant()})",
                $"{MonitorRun.Percent(c.Drift.ReferenceMissingRate)} → {MonitorRun.Percent(c.Drift.CurrentMissingRate)}",
                c.Drift.UnseenRate is { } u ? MonitorRun.Percent(u) : "-",
                c.Drifted ? "<span class=\"fail\">yes</span>" : "<span class=\"pass\">no</span>",
            }));

        // Every drifted column first, then the rest folded away: the charts are what a person looks at to decide.
        var charted = d.Columns.Append(d.Prediction).OfType<ColumnVerdict>().Where(c => c.Drift.Bins.Count > 0).ToList();
        var drifted = charted.Where(c => c.Drifted).ToList();
        if (drifted.Count > 0) html.Append("<h2>Drifted columns: training vs production</h2>\n<div class=\"charts\">\n").AppendJoin('\n', drifted.Select(Chart)).Append("\n</div>\n");
        var steady = charted.Where(c => !c.Drifted).ToList();
        if (steady.Count > 0)
            html.Append("<details><summary>Other columns</summary>\n<div class=\"charts\">\n").AppendJoin('\n', steady.Select(Chart)).Append("\n</div>\n</details>\n");

        if (d.Live is { } live)
        {
            html.Append($"<h2>Live metrics</h2>\n<p>{live.JoinedRows:N0} logged predictions have feedback{(live.Note is null ? "" : $": {ReportText.Html(live.Note)}")}.</p>\n");
            HtmlReport.Table(html, null, ["metric", "live"], live.Metrics.Select(m => new[] { ReportText.Html(m.Key), HtmlReport.Num(Number(m.Value)) }));
            HtmlReport.Table(html, null, ["gate", "value", "bound", "released", "result"], live.Gates.Select(g => new[]
            {
                ReportText.Html(g.Metric), HtmlReport.Num(Number(g.Value)), ReportText.Html(Bounds(g)), HtmlReport.Num(g.Baseline is null ? "-" : Number(g.Baseline)),
                $"<span class=\"{(g.Passed ? "pass" : "fail")}\">{Verdict(g)}</span>",
            }));
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string Chart(ColumnVerdict column) =>
        SvgCharts.PairedBars($"{column.Drift.Column}: {MonitorRun.Describe(column)}", column.Drift.Bins.Select(b => (b.Label, b.ReferenceShare, b.CurrentShare)).ToList());

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
