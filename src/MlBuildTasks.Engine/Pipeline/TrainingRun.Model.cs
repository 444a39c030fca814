using System.Globalization;
using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Reports;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Training.Search;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>Choosing the trainer (the spec's, or a search's winner) and fitting and testing it.</summary>
public static partial class TrainingRun
{
    /// <summary>
    /// The trainer and settings to fit: the one the spec names with ML.NET's defaults, or the winner of a search over
    /// the training part (its leaderboard written to trials.json).
    /// </summary>
    private static (TrialConfig Choice, SearchOutcome? Search) Choose(ModelSpec spec, TrainingData train, DataSplit split, ArtifactPaths paths, IDiagnosticSink sink)
    {
        if (spec.Training is not { } training) return (new TrialConfig(0, spec.Trainer!, new Dictionary<string, double>()), null);

        sink.Message($"{spec.Name}: searching {string.Join(", ", training.Trainers)} ({training.Search.ToString().ToLowerInvariant()}, up to {training.Trials} trials, {training.Folds}-fold cross-validation{(training.GroupBy is null ? "" : $" grouped by '{training.GroupBy}'")}, optimising {training.Metric}).", important: true);
        var outcome = ModelSearch.Run(spec, train, split.Train, sink);
        var metric = MetricCatalog.Find(spec.Task, training.Metric)!;
        ArtifactJson.Write(paths.Trials, new TrialsDocument(TrialsDocument.CurrentSchemaVersion, spec.Name, metric.Name, metric.HigherIsBetter,
            training.Search.ToString().ToLowerInvariant(), training.Folds, training.GroupBy, outcome.Best.Id, Math.Round(outcome.Duration.TotalSeconds, 3),
            ModelSearch.Leaderboard(outcome.Trials, metric).Select(t => new TrialRecord(t.Config.Id, t.Config.Trainer, JsonNumbers.ToJson(t.Config.Parameters), t.Round,
                Math.Round(t.DataFraction, 4), JsonNumbers.ToJson(t.Mean), JsonNumbers.ToJson(t.StdDev), t.FoldScores.Select(JsonNumbers.ToJson).ToList(),
                Math.Round(t.Duration.TotalSeconds, 3), t.Error)).ToList()));
        sink.Message(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name}: search chose {outcome.Best.Describe()}: cross-validated {metric.Name} {outcome.BestResult.Mean:0.0000} ± {outcome.BestResult.StdDev:0.0000}, {outcome.Trials.Count} trials in {outcome.Duration.TotalSeconds:0.0} s (trials.json)."), important: true);
        return (outcome.Best, outcome);
    }

    /// <summary>Fits the chosen trainer on the whole training part and scores the test part (and its <paramref name="slices"/>).</summary>
    private static (TrainedModel Model, TestEvaluation Evaluation) FitAndTest(MLContext ml, ModelSpec spec, ResolvedSchema schema,
        TrainingData train, TrainingData test, DataSplit split, TrialConfig choice, IReadOnlyList<SliceGroups> slices, bool errorAnalysis)
    {
        TrainedModel model;
        try
        {
            model = ModelTrainer.Train(ml, train.ToDataView(split.Train), schema, spec.Task, TrainerCatalog.Get(spec.Task, choice.Trainer), new TrainerSettings(spec.Seed, choice.Parameters, Threads: null));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.TrainingFailed,
                $"Training with '{choice.Trainer}' failed: {ex.Message}", spec.Locations.At(spec.Training is null ? "/trainer" : "/training")));
        }

        return (model, Test(ml, spec, model, test, split, slices, errorAnalysis));
    }

    /// <summary>
    /// Scores the test part with <paramref name="model"/>: metrics, class breakdown and slices, and with
    /// <paramref name="errorAnalysis"/> the feature importance, worst predictions and report curves (the trained and the restored model
    /// both get them here, so metrics.json does not depend on where the model came from).
    /// </summary>
    private static TestEvaluation Test(MLContext ml, ModelSpec spec, TrainedModel model, TrainingData test, DataSplit split, IReadOnlyList<SliceGroups> slices, bool errorAnalysis)
    {
        var view = test.ToDataView(split.Test, slices.Select(s => s.ViewColumnData));
        var evaluation = ModelEvaluator.EvaluateTest(ml, model, view, spec.Task, spec.PositiveClass, slices);
        if (!errorAnalysis) return evaluation;

        var features = test.Schema.Features.ToList();
        var sample = split.Test.Count > FeatureImportance.MaxRows ? test.ToDataView(split.Test.Take(FeatureImportance.MaxRows).ToList()) : view;
        // Importance is the longest of the three and scores its own copy of the rows: it runs on another core meanwhile
        // (a trained model scores concurrently; only a PredictionEngine does not).
        var importance = Task.Run(() => FeatureImportance.Compute(model, sample, spec.Task, features, spec.Seed));
        var scored = ModelEvaluator.Score(model, view);
        var worst = WorstPredictions.Find(scored, spec.Task, spec.PositiveClass, features,
            split.Test.Select(row => CellLocator.LineOf(test.Tags[row])).ToList());
        var curves = ReportCurves.Compute(scored, spec.Task);
        return evaluation with { FeatureImportance = importance.GetAwaiter().GetResult(), WorstPredictions = worst, Curves = curves };
    }

    /// <summary>
    /// The baseline model's metrics, slices and performance figures on this run's test part, with the candidate's code. A
    /// model that cannot score the current data (an input column it needs is gone or changed type) is MLB4006 at the baseline.
    /// </summary>
    private static BaselineMetrics EvaluateBaseline(ModelSpec spec, byte[] model, BaselineOrigin origin, TrainingData test, DataSplit split, IReadOnlyList<SliceGroups> slices)
    {
        TestEvaluation evaluation;
        PerformanceReport performance;
        try
        {
            var ml = new MLContext(spec.Seed);
            evaluation = Test(ml, spec, ModelTrainer.Load(ml, model, spec.Task), test, split, slices, errorAnalysis: false);
            performance = ModelPerformance.Measure(model, test.ToDataView(split.Test));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.BaselineModelUnusable,
                $"The baseline {origin.Describe()} cannot score the current test data: {ex.Message.TrimEnd('.')}. A baseline must take the same input columns; when they changed on purpose, compare with a committed metrics file ('metrics') for this release.",
                spec.Baseline!.Location));
        }

        var values = evaluation.Metrics.ToDictionary(m => m.Key, m => double.IsNaN(m.Value) ? (double?)null : m.Value);
        foreach (var (name, value) in performance.Metrics) values[name] = value;
        var sliced = evaluation.Slices.ToDictionary(s => s.Name, s => s.Metrics, StringComparer.Ordinal);
        return new BaselineMetrics(origin.Name, values, sliced, origin);
    }

    /// <summary>The spec's slices over the test rows (their columns were checked against the data's when the schema was resolved).</summary>
    private static List<SliceGroups> SliceGroupsOf(ModelSpec spec, ResolvedSchema schema, TrainingData test, DataSplit split) =>
        (spec.Slices ?? []).Select(slice =>
        {
            var column = schema.Columns.First(c => c.Name == slice.Column);
            return SliceGroups.For(slice, column.Type, test.RowNumbersOf(column, split.Test), test.TextsOf(column, split.Test)?.ToList());
        }).ToList();
}
