using System.Diagnostics;

namespace MlBuildTasks.Testing.Behaviour;

/// <summary>Single-row prediction times, in milliseconds.</summary>
public sealed record LatencyMeasurement(int Predictions, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    public override string ToString() =>
        $"p50 {Describe.Number(P50Milliseconds)} ms, p99 {Describe.Number(P99Milliseconds)} ms, max {Describe.Number(MaxMilliseconds)} ms over {Predictions} predictions";
}

/// <summary>Latency budgets: how long one prediction may take, as an app predicting one row at a time sees it.</summary>
public static class LatencyBudget
{
    /// <summary>
    /// Predicts <paramref name="row"/> <paramref name="predictions"/> times, one at a time on this thread after
    /// <paramref name="warmup"/> unmeasured ones (JIT, caches), and fails when the 99th percentile is above
    /// <paramref name="p99Budget"/>. Times only the prediction, not converting the row. Leave headroom: CI machines are
    /// shared and slower than a laptop.
    /// </summary>
    public static LatencyMeasurement AssertLatency(this TrainedModel model, object row, TimeSpan p99Budget, int predictions = 1000, int warmup = 100)
    {
        var measurement = MeasureLatency(model, row, predictions, warmup);
        if (measurement.P99Milliseconds <= p99Budget.TotalMilliseconds) return measurement;
        Assert.Fail($"{model.Name}: p99 latency {Describe.Number(measurement.P99Milliseconds)} ms is above the budget " +
            $"{Describe.Number(p99Budget.TotalMilliseconds)} ms ({measurement}).\nInputs: {Describe.Row(row)}\nPrediction: {model.Predict(row)}");
        return measurement;
    }

    /// <summary>The timings <see cref="AssertLatency"/> checks, without a budget.</summary>
    public static LatencyMeasurement MeasureLatency(this TrainedModel model, object row, int predictions = 1000, int warmup = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(predictions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        var values = model.Prepare(row);
        var times = new double[predictions];
        model.WithPredictor(predictor =>
        {
            for (var i = 0; i < warmup; i++) predictor.Predict(values);
            for (var i = 0; i < predictions; i++)
            {
                var start = Stopwatch.GetTimestamp();
                predictor.Predict(values);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            return 0;
        });

        Array.Sort(times);
        return new LatencyMeasurement(predictions, Percentile(times, 0.50), Percentile(times, 0.99), times[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
