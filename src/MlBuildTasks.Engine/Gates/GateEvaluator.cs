using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Gates;

/// <summary>
/// The outcome of one gate, as metrics.json records it. <see cref="Baseline"/>, <see cref="Change"/> (candidate - baseline,
/// raw) and the change bounds are set for a gate with change bounds and a baseline to compare with.
/// <see cref="AcceptedRegression"/> is true when only change bounds were missed and MlAcceptRegression let it through.
/// <see cref="Slice"/> is set for a gate on one slice group's metric. <see cref="Line"/> is the gate's line in the spec and
/// <see cref="Code"/> the diagnostic a missed gate raised (MLB4001, MLB4002 or MLB4003), so a test runner reading metrics.json
/// (MlBuildTasks.Testing) reports a gate as the build does.
/// </summary>
public sealed record GateResult(string Metric, double? Value, double? Min, double? Max, bool Passed,
    double? Baseline = null, double? Change = null, double? MaxDrop = null, double? MaxRelativeDrop = null, double? MinGain = null,
    bool? AcceptedRegression = null, string? Slice = null, int? Line = null, string? Code = null)
{
    /// <summary>Whether the gate lets the model through: passed, or its regression was accepted.</summary>
    public bool Holds => Passed || AcceptedRegression == true;
}

/// <summary>A missed change bound released anyway with MlAcceptRegression, as the manifest and the package's lineage record it.</summary>
public sealed record AcceptedRegression(string Metric, double Value, double Baseline, double Change, string Bound, double Limit, string Reason);

/// <summary>Every gate's result, and the regressions accepted to get there.</summary>
public sealed record GateVerdict(IReadOnlyList<GateResult> Results, IReadOnlyList<AcceptedRegression> Accepted)
{
    public bool Passed => Results.All(r => r.Holds);
}

/// <summary>
/// Checks each gate of the spec, all at the gate's line in the spec. A missed value bound (min, max) is MLB4001; a
/// missed change bound (maxDrop/maxRise, maxRelativeDrop, minGain, against the baseline) is MLB4003, a warning instead
/// of an error when the regression is accepted; a metric that cannot be compared is MLB4002. <paramref name="metrics"/>
/// holds the test metrics and the performance figures; a gate with a slice reads its slice group's metric instead.
/// </summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(ModelSpec spec, IReadOnlyDictionary<string, double> metrics, IDiagnosticSink sink, IReadOnlyList<SliceResult>? slices = null) =>
        Evaluate(spec, metrics, baseline: null, acceptRegression: false, sink, slices).Results;

    /// <param name="noBaseline">Why there is no baseline when <paramref name="baseline"/> is null and the spec declares one (such as a first release).</param>
    public static GateVerdict Evaluate(ModelSpec spec, IReadOnlyDictionary<string, double> metrics, BaselineMetrics? baseline, bool acceptRegression, IDiagnosticSink sink,
        IReadOnlyList<SliceResult>? slices = null, string? noBaseline = null)
    {
        var results = new List<GateResult>();
        var accepted = new List<AcceptedRegression>();
        foreach (var gate in spec.Gates)
        {
            var (value, unavailable) = ValueOf(gate, metrics, slices ?? []);
            if (unavailable is not null)
            {
                sink.Report(Diagnostic.Error(DiagnosticCodes.GateMetricUnavailable, $"Gate on {gate.Subject} cannot be checked: {unavailable}", gate.Location));
                results.Add(new GateResult(gate.Metric, null, gate.Min, gate.Max, false, Slice: gate.Slice, Line: gate.Location.Line, Code: DiagnosticCodes.GateMetricUnavailable));
                continue;
            }

            var failures = new List<string>();
            if (gate.Min is { } min && value < min) failures.Add($"below the minimum {F(min)}");
            if (gate.Max is { } max && value > max) failures.Add($"above the maximum {F(max)}");
            foreach (var failure in failures)
                sink.Report(Diagnostic.Error(DiagnosticCodes.GateFailed,
                    $"Gate failed: {gate.Subject} = {F(value)} is {failure}. Improve the model or data, or change the gate in the spec.",
                    gate.Location));
            var result = new GateResult(gate.Metric, value, gate.Min, gate.Max, failures.Count == 0, Slice: gate.Slice, Line: gate.Location.Line,
                Code: failures.Count == 0 ? null : DiagnosticCodes.GateFailed);
            if (gate.HasChangeBounds && baseline is not null)
                result = CheckChange(spec, gate, value, baseline, acceptRegression, result, accepted, sink);
            if (result.Passed) sink.Report(Diagnostic.Info(DiagnosticCodes.GatePassed, Passed(gate, value, result, baseline), gate.Location));
            results.Add(result);
        }

        ReportNoBaseline(spec, baseline, noBaseline, sink);
        return new GateVerdict(results, accepted);
    }

    private static GateResult CheckChange(ModelSpec spec, GateSpec gate, double value, BaselineMetrics baseline, bool acceptRegression,
        GateResult result, List<AcceptedRegression> accepted, IDiagnosticSink sink)
    {
        var bounds = result with { MaxDrop = gate.MaxDrop, MaxRelativeDrop = gate.MaxRelativeDrop, MinGain = gate.MinGain };
        if (baseline.ValueOf(gate) is not { } before)
        {
            sink.Report(Diagnostic.Error(DiagnosticCodes.GateMetricUnavailable,
                $"Change gate on {gate.Subject} cannot be checked: the baseline {baseline.Describe} has no value for it. Gate on a metric the baseline has, or update the baseline.",
                gate.Location));
            return bounds with { Passed = false, Code = DiagnosticCodes.GateMetricUnavailable };
        }

        var higherIsBetter = MetricCatalog.FindGateable(spec.Task, gate.Metric)!.HigherIsBetter;
        var missed = ChangeBounds.Check(gate, value, before, higherIsBetter);
        bounds = bounds with { Baseline = before, Change = value - before };
        if (missed.Count == 0) return bounds;

        // Accepting a regression releases a worse model on purpose; a value bound missed as well still fails.
        var accept = acceptRegression && result.Passed;
        foreach (var bound in missed)
        {
            var text = $"{gate.Subject} = {F(value)} against the baseline {F(before)}{Of(baseline)} {bound.Reason}";
            sink.Report(accept
                ? Diagnostic.Warning(DiagnosticCodes.GateRegressed,
                    $"Regression accepted (MlAcceptRegression): {text}. Recorded in the model's manifest and the package's lineage.", gate.Location)
                : Diagnostic.Error(DiagnosticCodes.GateRegressed,
                    $"Change gate failed: {text}. Improve the model or data, update the baseline file, or release anyway with -p:MlAcceptRegression=true.", gate.Location));
            if (accept) accepted.Add(new AcceptedRegression(gate.Metric, value, before, value - before, bound.Bound, bound.Limit, text));
        }

        // A missed value bound (MLB4001) was reported first and stays the gate's code.
        return bounds with { Passed = false, AcceptedRegression = accept ? true : null, Code = bounds.Code ?? DiagnosticCodes.GateRegressed };
    }

    /// <summary>The gated value, or why there is none (the rest of an MLB4002 message).</summary>
    private static (double Value, string? Unavailable) ValueOf(GateSpec gate, IReadOnlyDictionary<string, double> metrics, IReadOnlyList<SliceResult> slices)
    {
        if (gate.Slice is null)
        {
            var value = metrics.TryGetValue(gate.Metric, out var v) ? v : double.NaN;
            if (!double.IsNaN(value)) return (value, null);
            return (value, MetricCatalog.IsPerformance(gate.Metric)
                ? "it was not measured for this model (latency needs a model that predicts one row at a time; latency and throughput need test rows). Gate on another figure."
                : "the metric is undefined for this model and test data (for example log-loss of a trainer without calibrated probabilities). Gate on another metric or change the trainer.");
        }

        // The spec reader checked the slice's column; which groups a category or quartile slice has is known only now.
        var slice = slices.FirstOrDefault(s => s.Name == gate.Slice);
        if (slice is null)
        {
            var names = slices.Select(s => s.Name).ToList();
            return (double.NaN, $"the test part has no slice group '{gate.Slice}'. The slices are: {string.Join(", ", names)}.{SpecParser.Suggest(gate.Slice, names)}");
        }

        return slice.Metrics.GetValueOrDefault(gate.Metric) is { } sliced
            ? (sliced, null)
            : (double.NaN, $"{gate.Metric} is undefined on the slice's {slice.Rows} test rows (for example AUC of a slice with rows of one class only). Gate on another metric, or on a slice with rows of both classes.");
    }

    /// <summary>Change gates with nothing to compare with pass; one line says so, so a passing build is not mistaken for a compared one.</summary>
    private static void ReportNoBaseline(ModelSpec spec, BaselineMetrics? baseline, string? noBaseline, IDiagnosticSink sink)
    {
        var changeGates = spec.Gates.Count(g => g.HasChangeBounds);
        if (baseline is not null || changeGates == 0) return;
        var why = spec.Baseline is null ? "the spec declares no 'baseline'"
            : noBaseline ?? $"the optional baseline '{spec.Baseline.MetricsPath ?? spec.Baseline.ModelPath}' does not exist yet";
        sink.Message($"{spec.Name}: no baseline to compare with ({why}); {changeGates} change gate(s) pass without comparing.", important: true);
    }

    /// <summary>"Gate passed: auc = 0.8114 (≥ 0.78, change within 0.005; baseline 0.8110 of package ChurnPrediction 1.0.0, change +0.0004)."</summary>
    private static string Passed(GateSpec gate, double value, GateResult result, BaselineMetrics? baseline)
    {
        var compared = result.Baseline is { } before && baseline is not null
            ? $"; baseline {F(before)}{Of(baseline)}, change {Reports.ReportText.Signed(result.Change)}"
            : gate.HasChangeBounds ? "; no baseline to compare with" : "";
        var bounds = result with { MaxDrop = gate.MaxDrop, MaxRelativeDrop = gate.MaxRelativeDrop, MinGain = gate.MinGain };
        return $"Gate passed: {gate.Subject} = {F(value)} ({Reports.ReportText.Bounds(bounds)}{compared}).";
    }

    /// <summary>" of package ChurnPrediction 1.0.0": which baseline, for a model evaluated in this run (a metrics file's name is in its gate's spec).</summary>
    private static string Of(BaselineMetrics baseline) => baseline.Origin switch
    {
        { Kind: BaselineOrigin.PackageKind } origin => $" of package {origin.Name} {origin.Version}",
        { Kind: BaselineOrigin.ModelKind } origin => $" of model file '{origin.Name}'",
        _ => "",
    };

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
