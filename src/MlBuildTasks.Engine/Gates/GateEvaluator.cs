using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Gates;

/// <summary>The outcome of one gate, as metrics.json records it.</summary>
public sealed record GateResult(string Metric, double? Value, double? Min, double? Max, bool Passed);

/// <summary>
/// Checks each metric gate of the spec. A missed gate is an MLB4001 error at the gate's line in the spec,
/// naming the metric, its value and the bound it missed.
/// </summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(ModelSpec spec, IReadOnlyDictionary<string, double> metrics, IDiagnosticSink sink)
    {
        var results = new List<GateResult>();
        foreach (var gate in spec.Gates)
        {
            var value = metrics.TryGetValue(gate.Metric, out var v) ? v : double.NaN;
            if (double.IsNaN(value))
            {
                sink.Report(Diagnostic.Error(DiagnosticCodes.GateMetricUnavailable,
                    $"Gate on '{gate.Metric}' cannot be checked: the metric is undefined for this model and test data (for example log-loss of a trainer without calibrated probabilities). Gate on another metric or change the trainer.",
                    gate.Location));
                results.Add(new GateResult(gate.Metric, null, gate.Min, gate.Max, false));
                continue;
            }

            var failures = new List<string>();
            if (gate.Min is { } min && value < min) failures.Add($"below the minimum {F(min)}");
            if (gate.Max is { } max && value > max) failures.Add($"above the maximum {F(max)}");
            foreach (var failure in failures)
                sink.Report(Diagnostic.Error(DiagnosticCodes.GateFailed,
                    $"Gate failed: {gate.Metric} = {F(value)} is {failure}. Improve the model or data, or change the gate in the spec.",
                    gate.Location));
            results.Add(new GateResult(gate.Metric, value, gate.Min, gate.Max, failures.Count == 0));
        }

        return results;
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
