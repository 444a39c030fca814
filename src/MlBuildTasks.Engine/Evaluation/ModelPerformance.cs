using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// metrics.json <c>performance</c>: the figures by their gate names (<see cref="MetricCatalog.Performance"/>; a latency
/// is null for a model that cannot predict one row at a time, all but size and load for an empty test part), and how
/// many samples they come from; <see cref="Seconds"/> is what measuring them cost.
/// </summary>
public sealed record PerformanceReport(IReadOnlyDictionary<string, double?> Metrics, int WarmupPredictions, int TimedPredictions, int ThroughputRows, string Memory,
    double Seconds = 0);

/// <summary>
/// Measures the saved model as an app would use it, in about a second: its size, how long it takes to load, how long
/// one prediction takes (rows mapped one at a time, as a PredictionEngine does), how many rows a batch scores per
/// second, and the managed memory it holds once loaded. Timings depend on the machine and its load, so they are kept
/// apart from the test metrics: no training cache entry, search or determinism check sees them.
/// </summary>
public static class ModelPerformance
{
    public const string ModelSizeBytes = "model-size-bytes";
    public const string LoadTimeMs = "load-time-ms";
    public const string LatencyP50Ms = "latency-p50-ms";
    public const string LatencyP95Ms = "latency-p95-ms";
    public const string LatencyP99Ms = "latency-p99-ms";
    public const string ThroughputRowsPerSecond = "throughput-rows-per-second";
    public const string MemoryBytes = "memory-bytes";

    public const int WarmupPredictions = 100;
    public const int TimedPredictions = 500;
    public const string MemoryMeasure = "GC.GetTotalMemory(true) after loading the model minus before";

    private const int TimedLoads = 3;
    // Caps so that a slow model (long texts, many trees) still costs about a second in all.
    private static readonly TimeSpan PredictionBudget = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan ThroughputBudget = TimeSpan.FromMilliseconds(20);
    private const int MaxThroughputPasses = 20;

    /// <summary>Measures <paramref name="modelBytes"/> (a saved model zip) on <paramref name="test"/>, the test rows with the model's input columns.</summary>
    public static PerformanceReport Measure(byte[] modelBytes, IDataView test)
    {
        var cost = Stopwatch.StartNew();
        var ml = new MLContext(seed: 0);
        // The first load in a process also pays for JIT and component registration, once per app rather than per model.
        ml.Model.Load(new MemoryStream(modelBytes), out _);
        var (model, loadMs, memory) = Load(ml, modelBytes);

        var metrics = new Dictionary<string, double?>
        {
            [ModelSizeBytes] = modelBytes.Length, [LoadTimeMs] = loadMs,
            [LatencyP50Ms] = null, [LatencyP95Ms] = null, [LatencyP99Ms] = null, [ThroughputRowsPerSecond] = null,
            [MemoryBytes] = memory,
        };
        if (IsEmpty(test)) return new PerformanceReport(metrics, 0, 0, 0, MemoryMeasure, Seconds(cost));

        var timed = 0;
        if (model.IsRowToRowMapper)
        {
            var latencies = Latencies(model, test);
            timed = latencies.Length;
            metrics[LatencyP50Ms] = Percentile(latencies, 0.50);
            metrics[LatencyP95Ms] = Percentile(latencies, 0.95);
            metrics[LatencyP99Ms] = Percentile(latencies, 0.99);
        }

        var (rows, seconds) = Throughput(model, test);
        metrics[ThroughputRowsPerSecond] = seconds > 0 ? Math.Round(rows / seconds) : null;
        return new PerformanceReport(metrics, timed == 0 ? 0 : WarmupPredictions, timed, rows, MemoryMeasure, Seconds(cost));
    }

    private static bool IsEmpty(IDataView data)
    {
        if (data.GetRowCount() is { } count) return count == 0;
        using var cursor = data.GetRowCursor([]);
        return !cursor.MoveNext();
    }

    /// <summary>The median of a few loads, and the managed memory held by the last one (only it pays for the two full collections).</summary>
    private static (ITransformer Model, double LoadMs, long Memory) Load(MLContext ml, byte[] modelBytes)
    {
        var times = new double[TimedLoads];
        for (var i = 0; i < TimedLoads - 1; i++) times[i] = LoadOnce(ml, modelBytes).Ms;
        var last = LoadMeasuringMemory(ml, modelBytes);
        times[^1] = last.Ms;
        Array.Sort(times);
        return (last.Model, times[TimedLoads / 2], last.Memory);
    }

    /// <summary>
    /// A load, with the heap after it minus before it, both after a full collection (not timed). The heap is the
    /// process's: the engine tests one model at a time, so nothing else allocates or frees meanwhile.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ITransformer Model, double Ms, long Memory) LoadMeasuringMemory(MLContext ml, byte[] modelBytes)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (model, ms) = LoadOnce(ml, modelBytes);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (model, ms, Math.Max(0, after - before));
    }

    private static (ITransformer Model, double Ms) LoadOnce(MLContext ml, byte[] modelBytes)
    {
        var start = Stopwatch.GetTimestamp();
        var model = ml.Model.Load(new MemoryStream(modelBytes), out _);
        return (model, Milliseconds(Stopwatch.GetTimestamp() - start));
    }

    /// <summary>One-row prediction times in ms, cycling over the test rows: each maps one input row and reads every prediction column.</summary>
    private static double[] Latencies(ITransformer model, IDataView test)
    {
        var mapper = model.GetRowToRowMapper(test.Schema);
        var outputs = PredictionColumns(mapper.OutputSchema, test.Schema);
        var samples = new List<double>(TimedPredictions);
        DataViewRowCursor? cursor = null;
        DataViewRow? row = null;
        Action[] readers = [];
        var budget = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < WarmupPredictions + TimedPredictions; i++)
            {
                if (i == WarmupPredictions) budget.Restart();
                else if (i > WarmupPredictions && budget.Elapsed > PredictionBudget) break;
                if (cursor is null || !cursor.MoveNext())
                {
                    // Back to the first row: opening the cursor is not part of a prediction.
                    row?.Dispose();
                    cursor?.Dispose();
                    cursor = test.GetRowCursor(test.Schema);
                    row = mapper.GetRow(cursor, outputs);
                    readers = outputs.Select(c => Reader(row, c)).ToArray();
                    cursor.MoveNext();
                }

                var start = Stopwatch.GetTimestamp();
                foreach (var read in readers) read();
                if (i >= WarmupPredictions) samples.Add(Milliseconds(Stopwatch.GetTimestamp() - start));
            }
        }
        finally
        {
            row?.Dispose();
            cursor?.Dispose();
        }

        return samples.ToArray();
    }

    /// <summary>Rows scored per second by whole passes of Transform over the test part, every prediction read.</summary>
    private static (int Rows, double Seconds) Throughput(ITransformer model, IDataView test)
    {
        var scored = model.Transform(test);
        var outputs = PredictionColumns(scored.Schema, test.Schema);
        Pass(scored, outputs); // warm-up: the batch path builds its own getters
        var rows = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var pass = 0; pass < MaxThroughputPasses && (pass == 0 || stopwatch.Elapsed < ThroughputBudget); pass++)
            rows += Pass(scored, outputs);
        return (rows, stopwatch.Elapsed.TotalSeconds);
    }

    private static int Pass(IDataView scored, IReadOnlyList<DataViewSchema.Column> outputs)
    {
        using var cursor = scored.GetRowCursor(outputs);
        var readers = outputs.Select(c => Reader(cursor, c)).ToArray();
        var rows = 0;
        for (; cursor.MoveNext(); rows++)
            foreach (var read in readers) read();
        return rows;
    }

    private static readonly string[] PredictionNames = ["PredictedLabel", "Score", "Probability"];

    /// <summary>What an app reads of a prediction: the model's score, predicted label and probability (whichever it has).</summary>
    private static List<DataViewSchema.Column> PredictionColumns(DataViewSchema output, DataViewSchema input)
    {
        var predictions = PredictionNames.Select(output.GetColumnOrNull).OfType<DataViewSchema.Column>().ToList();
        // Without those names, every column the model adds (appended after the input's).
        return predictions.Count > 0 ? predictions : output.Where(c => !c.IsHidden && c.Index >= input.Count).ToList();
    }

    private static double Seconds(Stopwatch stopwatch) => Math.Round(stopwatch.Elapsed.TotalSeconds, 3);

    /// <summary>Stopwatch ticks in milliseconds, at the timer's full resolution (a TimeSpan rounds to 100 ns, a tenth of a fast prediction), to the nanosecond.</summary>
    private static double Milliseconds(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 6);

    /// <summary>p-th percentile by nearest rank.</summary>
    internal static double Percentile(double[] samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static readonly MethodInfo ReaderOfMethod = typeof(ModelPerformance).GetMethod(nameof(ReaderOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Reads a column of the current row, whatever its type (a prediction is only made when read).</summary>
    private static Action Reader(DataViewRow row, DataViewSchema.Column column) =>
        (Action)ReaderOfMethod.MakeGenericMethod(column.Type.RawType).Invoke(null, [row, column])!;

    private static Action ReaderOf<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () => getter(ref value);
    }
}
