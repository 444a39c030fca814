using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training.Search;

/// <summary>A trial's outcome: its cross-validated score (NaN when it failed) and what it cost.</summary>
public sealed record TrialResult(TrialConfig Config, int Round, double DataFraction, double Mean, double StdDev, IReadOnlyList<double> FoldScores, TimeSpan Duration, string? Error, string? ErrorCode = null);

/// <summary>The search's outcome: the chosen configuration and every trial, in the order they were planned.</summary>
public sealed record SearchOutcome(TrialConfig Best, TrialResult BestResult, IReadOnlyList<TrialResult> Trials, TimeSpan Duration);

/// <summary>
/// Model selection and tuning: each planned configuration (<see cref="SearchPlan"/>) is scored by k-fold
/// cross-validation on the training part, trials running in parallel (one thread each, so results do not
/// depend on how many run at once). Successive halving scores all configurations on a small share of the rows,
/// keeps the best third, triples the share, and so on until the survivors are scored on all rows: the budget
/// goes to promising configurations. The search stops planning new trials once the time limit is spent.
/// Same data, spec and seed: same trials, same scores, same choice.
/// </summary>
public static class ModelSearch
{
    private const int HalvingFactor = 3;

    /// <summary>Successive halving never scores a round on fewer rows than this (all rows when there are fewer).</summary>
    private const int MinRowsPerRound = 600;

    public static SearchOutcome Run(ModelSpec spec, TrainingData data, IReadOnlyList<int> trainRows, IDiagnosticSink sink)
    {
        var training = spec.Training!;
        var metric = MetricCatalog.Find(spec.Task, training.Metric)!;
        var configs = SearchPlan.Configs(training, spec.Task, spec.Seed);
        var groups = training.GroupBy is { } groupBy ? data.GroupsOf(groupBy) : null;
        var progress = new Progress(spec.Name, metric, training.TimeLimitSeconds, sink);

        // Rows in a fixed seeded order: a round on a share of the rows takes a prefix, so shares are nested.
        var ordered = trainRows.ToList();
        DataSplitter.Shuffle(ordered, new Random(spec.Seed));
        // Rounds of halving, but never two on the same rows: the first round has at least MinRowsPerRound rows.
        var rounds = training.Search == SearchStrategy.Halving
            ? Math.Min(HalvingRounds(configs.Count), 1 + (int)Math.Floor(Math.Log(Math.Max(1.0, (double)ordered.Count / MinRowsPerRound)) / Math.Log(HalvingFactor)))
            : 1;
        progress.Planned = PlannedTrials(configs.Count, rounds);
        progress.PlannedWork = PlannedWork(configs.Count, rounds, ordered.Count);

        var results = new List<TrialResult>();
        var alive = configs.ToList();
        for (var round = 0; round < rounds && alive.Count > 0; round++)
        {
            var rowCount = RowsInRound(round, rounds, ordered.Count);
            var rows = ordered.Take(rowCount).Order().ToList();
            var fraction = (double)rowCount / ordered.Count;
            var folds = CrossValidation.Split(rows, data.Classes, groups, training.Folds, spec.Seed);
            if (folds.Count < 2)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.TrainingTooFewRows,
                    $"Cross-validation needs at least 2 folds with rows on both sides; the training part has {rows.Count} rows{(groups is null ? "" : " in too few groups")}. Add rows or lower 'training.folds'.",
                    training.Location));

            var roundResults = RunRound(spec, data, alive, folds, round, fraction, training, progress);
            results.AddRange(roundResults);
            var scored = roundResults.Where(r => !double.IsNaN(r.Mean)).ToList();
            if (scored.Count == 0) break;
            var keep = round == rounds - 1 ? scored.Count : Math.Max(1, (int)Math.Ceiling(scored.Count / (double)HalvingFactor));
            alive = Ranked(scored, metric).Take(keep).Select(r => r.Config).ToList();
            if (progress.OutOfTime) break;
        }

        var finalists = results.Where(r => !double.IsNaN(r.Mean)).GroupBy(r => r.Config.Id).Select(g => g.MaxBy(r => r.Round)!).ToList();
        if (finalists.Count == 0)
        {
            // When the data is the reason (a class too rare to score a fold), its own code says so.
            var first = results.FirstOrDefault(r => r.Error is not null);
            throw new MlBuildException(Diagnostic.Error(first?.ErrorCode ?? DiagnosticCodes.TrainingFailed,
                $"Every trial of the search failed; the first error: {first?.Error ?? "none"}", training.Location));
        }

        // The winner is the best of the configurations that reached the furthest round.
        var furthest = finalists.Max(r => r.Round);
        var best = Ranked(finalists.Where(r => r.Round == furthest).ToList(), metric).First();
        return new SearchOutcome(best.Config, best, results, progress.Elapsed);
    }

    /// <summary>Rounds of successive halving for <paramref name="configs"/> configurations: until one would remain.</summary>
    internal static int HalvingRounds(int configs)
    {
        var rounds = 1;
        for (var left = configs; left > 1; left = (left + HalvingFactor - 1) / HalvingFactor) rounds++;
        return rounds;
    }

    /// <summary>Trials per round: every configuration in the first round, a third (rounded up) of the survivors in each next one.</summary>
    private static IEnumerable<int> TrialsPerRound(int configs, int rounds)
    {
        for (var (round, alive) = (0, configs); round < rounds; round++, alive = Math.Max(1, (alive + HalvingFactor - 1) / HalvingFactor))
            yield return alive;
    }

    /// <summary>The rows round <paramref name="round"/> fits on: a share of them growing by the halving factor, the last round all, never fewer than MinRowsPerRound.</summary>
    private static int RowsInRound(int round, int rounds, int rows) =>
        Math.Min(rows, Math.Max((int)Math.Ceiling(rows * Math.Pow(HalvingFactor, round - (rounds - 1))), MinRowsPerRound));

    internal static int PlannedTrials(int configs, int rounds) => TrialsPerRound(configs, rounds).Sum();

    /// <summary>The planned trials weighted by the share of rows each fits on (a trial's time grows with its rows), for the estimate of the time left.</summary>
    private static double PlannedWork(int configs, int rounds, int rows) =>
        TrialsPerRound(configs, rounds).Select((alive, round) => alive * (double)RowsInRound(round, rounds, rows) / Math.Max(1, rows)).Sum();

    /// <summary>Best first; ties go to the earlier-planned trial, so the choice never depends on timing.</summary>
    private static IEnumerable<TrialResult> Ranked(IEnumerable<TrialResult> results, MetricDefinition metric) =>
        results.OrderBy(r => Worseness(r, metric)).ThenBy(r => r.Config.Id);

    /// <summary>trials.json's order: the furthest round first (halving's finalists), best first within a round, failed trials last.</summary>
    public static IEnumerable<TrialResult> Leaderboard(IEnumerable<TrialResult> results, MetricDefinition metric) =>
        results.OrderBy(r => double.IsNaN(r.Mean) ? 1 : 0).ThenByDescending(r => r.Round).ThenBy(r => Worseness(r, metric)).ThenBy(r => r.Config.Id);

    /// <summary>A sort key where smaller is better, whichever way the metric points.</summary>
    private static double Worseness(TrialResult result, MetricDefinition metric) => metric.HigherIsBetter ? -result.Mean : result.Mean;

    private static List<TrialResult> RunRound(ModelSpec spec, TrainingData data, IReadOnlyList<TrialConfig> configs, IReadOnlyList<Fold> folds, int round, double fraction,
        TrainingSpec training, Progress progress)
    {
        // Each fold's data views are made once and shared by every trial (they are only read).
        var views = folds.Select(f => ((IDataView)data.ToDataView(f.Fit), (IDataView)data.ToDataView(f.Score))).ToList();
        var results = new TrialResult?[configs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = training.Parallelism > 0 ? training.Parallelism : Environment.ProcessorCount };
        Parallel.For(0, configs.Count, parallel, (int i) =>
        {
            if (progress.OutOfTime) return;
            results[i] = RunTrial(spec, data.Schema, configs[i], views, round, fraction, training.Metric);
            progress.Report(results[i]!);
        });

        return results.OfType<TrialResult>().ToList();
    }

    private static TrialResult RunTrial(ModelSpec spec, ResolvedSchema schema, TrialConfig config, IReadOnlyList<(IDataView Fit, IDataView Score)> folds, int round, double fraction, string metric)
    {
        var stopwatch = Stopwatch.StartNew();
        var trainer = TrainerCatalog.Get(spec.Task, config.Trainer);
        var scores = new List<double>();
        try
        {
            foreach (var (fit, score) in folds)
            {
                // One thread per trial: trials run side by side, and the score never depends on thread scheduling.
                var ml = new MLContext(spec.Seed);
                var model = ModelTrainer.Train(ml, fit, schema, spec.Task, trainer, new TrainerSettings(spec.Seed, config.Parameters, Threads: 1));
                scores.Add(ModelEvaluator.Evaluate(ml, model, score, spec.Task)[metric]);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or MlBuildException)
        {
            var diagnostic = (ex as MlBuildException)?.Diagnostic;
            return new TrialResult(config, round, fraction, double.NaN, double.NaN, scores, stopwatch.Elapsed, diagnostic?.Message ?? ex.Message, diagnostic?.Code);
        }

        var valid = scores.Where(double.IsFinite).ToList();
        if (valid.Count == 0)
            return new TrialResult(config, round, fraction, double.NaN, double.NaN, scores, stopwatch.Elapsed, $"'{metric}' is undefined on every fold");
        var mean = valid.Average();
        var std = Math.Sqrt(valid.Sum(s => (s - mean) * (s - mean)) / valid.Count);
        return new TrialResult(config, round, fraction, mean, std, scores, stopwatch.Elapsed, null);
    }

    /// <summary>Progress as build messages (thread-safe): trial n of N, its score, the best so far, elapsed and remaining time.</summary>
    private sealed class Progress(string model, MetricDefinition metric, double timeLimitSeconds, IDiagnosticSink sink)
    {
        /// <summary>The trials the search plans to run (fewer when the time limit stops it).</summary>
        public int Planned { get; set; }

        /// <summary>The planned trials weighted by their share of rows (see <see cref="PlannedWork"/>).</summary>
        public double PlannedWork { get; set; }

        private double _work;

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new();
        private int _done;
        private TrialResult? _best;

        public TimeSpan Elapsed => _clock.Elapsed;
        /// <summary>The time limit is spent (checked before each trial; the first trial always runs).</summary>
        public bool OutOfTime => Volatile.Read(ref _done) > 0 && _clock.Elapsed.TotalSeconds >= timeLimitSeconds;

        public void Report(TrialResult result)
        {
            lock (_gate)
            {
                _done++;
                _work += result.DataFraction;
                if (!double.IsNaN(result.Mean) && (_best is null || result.Round > _best.Round || (result.Round == _best.Round && Better(result, _best)))) _best = result;
                var elapsed = _clock.Elapsed.TotalSeconds;
                var score = result.Error is null ? $"{metric.Name} {F(result.Mean)} ± {F(result.StdDev)}" : $"failed: {result.Error}";
                var share = result.DataFraction < 1 ? $" on {result.DataFraction:P0} of rows" : "";
                var best = _best is null ? "" : $"; best {F(_best.Mean)} ({_best.Config.Trainer})";
                sink.Message(string.Create(CultureInfo.InvariantCulture,
                    $"{model}: trial {_done} of {Planned} {result.Config.Describe()}{share}: {score} ({result.Duration.TotalSeconds:0.0} s){best}; {elapsed:0} s elapsed, {Left(elapsed)}."));
            }
        }

        /// <summary>
        /// The time left, estimated from the pace so far (seconds per trial-share of rows, times the work still
        /// planned), or the time limit's end when that comes first.
        /// </summary>
        private string Left(double elapsed)
        {
            var byTimeLimit = Math.Max(0, timeLimitSeconds - elapsed);
            var byPace = _work <= 0 ? double.PositiveInfinity : elapsed / _work * Math.Max(0, PlannedWork - _work);
            return byPace <= byTimeLimit
                ? string.Create(CultureInfo.InvariantCulture, $"about {byPace:0} s left")
                : string.Create(CultureInfo.InvariantCulture, $"about {byTimeLimit:0} s left (time limit {timeLimitSeconds:0} s)");
        }

        private bool Better(TrialResult a, TrialResult b) => metric.HigherIsBetter ? a.Mean > b.Mean : a.Mean < b.Mean;

        private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
    }
}
