using System.Globalization;
using System.Text;
using static MlBuildTasks.Engine.Reports.ReportText;

namespace MlBuildTasks.Engine.Reports;

/// <summary>
/// The HTML report's charts, each one inline <c>&lt;svg&gt;</c> in a <c>&lt;figure&gt;</c>: no script, no external
/// reference, so the file shows the same offline, in a CI artifact viewer and in a mail. Labels are HTML-escaped.
/// </summary>
internal static class SvgCharts
{
    private const int Width = 420, Height = 320, Left = 56, Right = 28, Top = 16, Bottom = 44;
    private const int PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    /// <summary>A curve on the unit square (ROC, precision-recall), with the chance diagonal when asked.</summary>
    public static string Curve(string title, string xLabel, string yLabel, IReadOnlyList<ChartPoint> points, bool diagonal)
    {
        var svg = Open(title);
        Axes(svg, xLabel, yLabel, (0, 1), (0, 1));
        if (diagonal) svg.Append($"<line class=\"guide\" x1=\"{X(0, 0, 1)}\" y1=\"{Y(0, 0, 1)}\" x2=\"{X(1, 0, 1)}\" y2=\"{Y(1, 0, 1)}\"/>");
        svg.Append("<polyline class=\"curve\" points=\"")
            .AppendJoin(' ', points.Select(p => $"{X(p.X, 0, 1)},{Y(p.Y, 0, 1)}")).Append("\"/>");
        return Close(svg, title);
    }

    /// <summary>Predicted value against residual (actual - predicted), with the zero line: a good model's points straddle it evenly.</summary>
    public static string Residuals(string title, IReadOnlyList<ChartPoint> points)
    {
        var x = Range(points.Select(p => p.X));
        var y = Range(points.Select(p => p.Y).Append(0));
        var svg = Open(title);
        Axes(svg, "predicted", "residual (actual - predicted)", x, y);
        svg.Append($"<line class=\"guide\" x1=\"{X(x.Min, x.Min, x.Max)}\" y1=\"{Y(0, y.Min, y.Max)}\" x2=\"{X(x.Max, x.Min, x.Max)}\" y2=\"{Y(0, y.Min, y.Max)}\"/>");
        foreach (var p in points) svg.Append($"<circle class=\"dot\" cx=\"{X(p.X, x.Min, x.Max)}\" cy=\"{Y(p.Y, y.Min, y.Max)}\" r=\"2.5\"/>");
        return Close(svg, title);
    }

    /// <summary>A confusion matrix (rows actual, columns predicted), each cell shaded by its share of its row.</summary>
    public static string Heatmap(string title, IReadOnlyList<string> classes, IReadOnlyList<IReadOnlyList<long>> counts)
    {
        const int cell = 56, label = 110;
        var n = classes.Count;
        var width = label + n * cell + 8;
        var height = label + n * cell + 8;
        var svg = new StringBuilder($"<figure><svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Html(title)}\">");
        svg.Append($"<text class=\"axis\" x=\"{label + n * cell / 2}\" y=\"14\" text-anchor=\"middle\">predicted</text>");
        svg.Append($"<text class=\"axis\" x=\"14\" y=\"{label + n * cell / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {label + n * cell / 2})\">actual</text>");
        for (var i = 0; i < n; i++)
        {
            var name = Html(Clip(classes[i]));
            svg.Append($"<text x=\"{label + i * cell + cell / 2}\" y=\"{label - 8}\" text-anchor=\"start\" transform=\"rotate(-45 {label + i * cell + cell / 2} {label - 8})\">{name}</text>");
            svg.Append($"<text x=\"{label - 6}\" y=\"{label + i * cell + cell / 2 + 4}\" text-anchor=\"end\">{name}</text>");
            var rowTotal = counts[i].Sum();
            for (var j = 0; j < n; j++)
            {
                var share = rowTotal == 0 ? 0 : (double)counts[i][j] / rowTotal;
                // Correct predictions in blue, mistakes in red: the diagonal should be the dark one.
                var hue = i == j ? 210 : 0;
                var light = 96 - share * 56;
                svg.Append($"<rect x=\"{label + j * cell}\" y=\"{label + i * cell}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"hsl({hue},70%,{F(light)}%)\"><title>{name} as {Html(classes[j])}: {counts[i][j]}</title></rect>");
                svg.Append($"<text x=\"{label + j * cell + cell / 2 - 1}\" y=\"{label + i * cell + cell / 2 + 4}\" text-anchor=\"middle\" class=\"{(light < 60 ? "on-dark" : "")}\">{counts[i][j]}</text>");
            }
        }

        return Close(svg, title);
    }

    /// <summary>Horizontal bars from a zero line (values may be negative, like a feature whose shuffling helped); n/a bars are left empty.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double? Value)> bars)
    {
        const int row = 22, label = 170, chart = 300;
        var height = Top + bars.Count * row + 8;
        var values = bars.Where(b => b.Value is { } v && double.IsFinite(v)).Select(b => b.Value!.Value).ToList();
        var (min, max) = (Math.Min(0, values.DefaultIfEmpty(0).Min()), Math.Max(0, values.DefaultIfEmpty(0).Max()));
        if (max - min < 1e-12) max = min + 1;
        double Px(double v) => label + (v - min) / (max - min) * chart;
        var svg = new StringBuilder($"<figure><svg viewBox=\"0 0 {label + chart + 70} {height}\" width=\"{label + chart + 70}\" height=\"{height}\" role=\"img\" aria-label=\"{Html(title)}\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = Top + i * row;
            svg.Append($"<text x=\"{label - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{Html(Clip(bars[i].Label))}<title>{Html(bars[i].Label)}</title></text>");
            if (bars[i].Value is { } v && double.IsFinite(v))
            {
                var (from, to) = (Px(Math.Min(0, v)), Px(Math.Max(0, v)));
                svg.Append($"<rect class=\"bar\" x=\"{F(from)}\" y=\"{y + 3}\" width=\"{F(Math.Max(1, to - from))}\" height=\"{row - 6}\"/>");
                svg.Append($"<text x=\"{F(to + 4)}\" y=\"{y + 14}\">{Number(v)}</text>");
            }
            else svg.Append($"<text x=\"{F(Px(0) + 4)}\" y=\"{y + 14}\">n/a</text>");
        }

        svg.Append($"<line class=\"axis-line\" x1=\"{F(Px(0))}\" y1=\"{Top}\" x2=\"{F(Px(0))}\" y2=\"{height - 4}\"/>");
        return Close(svg, title);
    }

    /// <summary>
    /// Two distributions on the same bins, as pairs of horizontal bars (reference blue, current amber), each a share of
    /// its side: the drift report's "training vs production" chart of a column.
    /// </summary>
    public static string PairedBars(string title, IReadOnlyList<(string Label, double Reference, double Current)> bins)
    {
        const int row = 26, label = 150, chart = 300;
        var height = Top + bins.Count * row + 26;
        var max = Math.Max(1e-12, bins.Select(b => Math.Max(b.Reference, b.Current)).DefaultIfEmpty(0).Max());
        double Px(double v) => v / max * chart;
        var svg = new StringBuilder($"<figure><svg viewBox=\"0 0 {label + chart + 150} {height}\" width=\"{label + chart + 150}\" height=\"{height}\" role=\"img\" aria-label=\"{Html(title)}\">");
        for (var i = 0; i < bins.Count; i++)
        {
            var y = Top + i * row;
            svg.Append($"<text x=\"{label - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Html(Clip(bins[i].Label))}<title>{Html(bins[i].Label)}</title></text>");
            svg.Append($"<rect class=\"bar\" x=\"{label}\" y=\"{y + 2}\" width=\"{F(Math.Max(0.5, Px(bins[i].Reference)))}\" height=\"10\"><title>training {Percent(bins[i].Reference)}</title></rect>");
            svg.Append($"<rect class=\"bar-current\" x=\"{label}\" y=\"{y + 13}\" width=\"{F(Math.Max(0.5, Px(bins[i].Current)))}\" height=\"10\"><title>production {Percent(bins[i].Current)}</title></rect>");
            svg.Append($"<text x=\"{F(label + Px(Math.Max(bins[i].Reference, bins[i].Current)) + 4)}\" y=\"{y + 16}\">{Percent(bins[i].Reference)} / {Percent(bins[i].Current)}</text>");
        }

        var legend = Top + bins.Count * row + 14;
        svg.Append($"<rect class=\"bar\" x=\"{label}\" y=\"{legend - 9}\" width=\"10\" height=\"10\"/><text x=\"{label + 14}\" y=\"{legend}\">training</text>");
        svg.Append($"<rect class=\"bar-current\" x=\"{label + 80}\" y=\"{legend - 9}\" width=\"10\" height=\"10\"/><text x=\"{label + 94}\" y=\"{legend}\">production</text>");
        return Close(svg, title);
    }

    private static StringBuilder Open(string title) =>
        new($"<figure><svg viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Html(title)}\">");

    private static string Close(StringBuilder svg, string title) => svg.Append($"</svg><figcaption>{Html(title)}</figcaption></figure>").ToString();

    /// <summary>The plot frame, five ticks per axis and the axis titles.</summary>
    private static void Axes(StringBuilder svg, string xLabel, string yLabel, (double Min, double Max) x, (double Min, double Max) y)
    {
        svg.Append($"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var xv = x.Min + (x.Max - x.Min) * i / 4;
            var yv = y.Min + (y.Max - y.Min) * i / 4;
            svg.Append($"<text x=\"{X(xv, x.Min, x.Max)}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{Tick(xv)}</text>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{F(YPx(yv, y.Min, y.Max) + 4)}\" text-anchor=\"end\">{Tick(yv)}</text>");
        }

        svg.Append($"<text class=\"axis\" x=\"{Left + PlotWidth / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Html(xLabel)}</text>");
        svg.Append($"<text class=\"axis\" x=\"12\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {Top + PlotHeight / 2})\">{Html(yLabel)}</text>");
    }

    /// <summary>The range of the values, widened a little (and made non-empty) so no point sits on the frame.</summary>
    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        double min = list.Min(), max = list.Max();
        var pad = max - min < 1e-12 ? 1 : (max - min) * 0.05;
        return (min - pad, max + pad);
    }

    private static string X(double value, double min, double max) => F(Left + (value - min) / (max - min) * PlotWidth);

    private static string Y(double value, double min, double max) => F(YPx(value, min, max));

    private static double YPx(double value, double min, double max) => Top + PlotHeight - (value - min) / (max - min) * PlotHeight;

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A short tick label: prices in the millions would not fit the margin written out.</summary>
    private static string Tick(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Clip(string text) => text.Length <= 24 ? text : text[..21] + "...";
}
