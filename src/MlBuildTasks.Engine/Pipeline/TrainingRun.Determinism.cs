using System.Globalization;
using Microsoft.ML;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Training.Search;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>MlCheckDeterminism: the second run and the comparison.</summary>
public static partial class TrainingRun
{
    /// <summary>
    /// MlCheckDeterminism: runs the search (if any), the fit and the test again from the same data and compares
    /// everything a build depends on; the first difference is MLB3003, naming what differed and both values.
    /// The performance figures (timings) are measured after this check and never compared: they vary run to run.
    /// </summary>
    private static void CheckDeterminism(ModelSpec spec, ResolvedSchema schema, TrainingData train, TrainingData test, DataSplit split, TrialConfig choice,
        SearchOutcome? search, MLContext ml, TrainedModel model, IReadOnlyDictionary<string, double> metrics, IDiagnosticSink sink)
    {
        sink.Message($"{spec.Name}: MlCheckDeterminism: training a second time to compare.", important: true);
        var again = search is null ? null : ModelSearch.Run(spec, train, split.Train, new DiagnosticList());
        var choiceAgain = again?.Best ?? choice;
        var mlAgain = new MLContext(spec.Seed);
        // Slices and error analysis follow from the model and the data; the headline metrics and the model's bytes are what must repeat.
        var (modelAgain, evaluationAgain) = FitAndTest(mlAgain, spec, schema, train, test, split, choiceAgain, [], errorAnalysis: false);
        var metricsAgain = evaluationAgain.Metrics;

        var difference = FirstDifference(search, again, choice, choiceAgain, metrics, metricsAgain,
            () => (Reproducible.Sha256(ModelFile.Bytes(ml, model.Saved, model.InputSchema)), Reproducible.Sha256(ModelFile.Bytes(mlAgain, modelAgain.Saved, modelAgain.InputSchema))));
        if (difference is not null)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.TrainingNotDeterministic,
                $"Training is not deterministic: trained twice from the same data, spec and seed, {difference}. Multi-threaded trainers and unseeded steps cause this; report it with the spec.",
                spec.Locations.At(spec.Training is null ? "/trainer" : "/training")));
        sink.Message($"{spec.Name}: MlCheckDeterminism: both runs gave the same {(search is null ? "" : "trials, choice, ")}metrics and model bytes.", important: true);
    }

    /// <summary>What differs between two runs, in the order a reader would look: trials, choice, test metrics, model bytes; null when nothing.</summary>
    internal static string? FirstDifference(SearchOutcome? search, SearchOutcome? again, TrialConfig choice, TrialConfig choiceAgain,
        IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, double> metricsAgain, Func<(string, string)> modelHashes)
    {
        if (search is not null && again is not null)
        {
            if (search.Trials.Count != again.Trials.Count) return $"the search ran {search.Trials.Count} trials, then {again.Trials.Count} (a time limit makes a search depend on the machine's speed)";
            var (first, second) = search.Trials.Zip(again.Trials).FirstOrDefault(p => !SameNumber(p.First.Mean, p.Second.Mean) || p.First.Config.Describe() != p.Second.Config.Describe());
            if (first is not null) return string.Create(CultureInfo.InvariantCulture, $"trial {first.Config.Id} ({first.Config.Describe()}) scored {first.Mean:R}, then {second.Mean:R}");
        }

        if (choice.Describe() != choiceAgain.Describe()) return $"the search chose {choice.Describe()}, then {choiceAgain.Describe()}";
        foreach (var (name, value) in metrics)
            if (!SameNumber(value, metricsAgain[name])) return string.Create(CultureInfo.InvariantCulture, $"test metric {name} was {value:R}, then {metricsAgain[name]:R}");
        var (hash, hashAgain) = modelHashes();
        return hash == hashAgain ? null : $"the model file's SHA-256 was {hash[..16]}..., then {hashAgain[..16]}...";
    }

    private static bool SameNumber(double a, double b) => a.Equals(b); // NaN equals NaN
}
