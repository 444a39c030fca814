using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training.Search;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// A trainer the spec can name, with the hyperparameters a search may tune (<see cref="Space"/>).
/// <see cref="RuntimePackage"/> is the NuGet package an app needs to load a model trained with it; it
/// becomes a dependency of the model package.
/// </summary>
public sealed record TrainerDefinition(
    string Name,
    ModelTask Task,
    bool NeedsNormalization,
    string RuntimePackage,
    IReadOnlyList<Hyperparameter> Space,
    Func<MLContext, TrainerSettings, IEstimator<ITransformer>> Build)
{
    /// <summary>The trainer with ML.NET's defaults.</summary>
    public IEstimator<ITransformer> Create(MLContext ml, int seed) => Build(ml, new TrainerSettings(seed, EmptyParameters, Threads: null));

    private static readonly Dictionary<string, double> EmptyParameters = [];
}

/// <summary>What a trainer is built with: the seed, tuned values by hyperparameter name, and a thread count (null: ML.NET's choice).</summary>
public sealed record TrainerSettings(int Seed, IReadOnlyDictionary<string, double> Parameters, int? Threads)
{
    /// <summary>How many features the trainer gets, where it must know (PCA's rank cannot exceed it).</summary>
    public int FeatureCount { get; init; } = int.MaxValue;

    /// <summary>The tuned value, or <paramref name="fallback"/> when absent or NaN (ML.NET chooses).</summary>
    public double Get(string name, double fallback) => Parameters.TryGetValue(name, out var value) && !double.IsNaN(value) ? value : fallback;

    public int GetInt(string name, int fallback) => (int)Get(name, fallback);

    /// <summary>The tuned value, or null (for options where null means "ML.NET chooses").</summary>
    public double? GetNullable(string name) => Parameters.TryGetValue(name, out var value) && !double.IsNaN(value) ? value : null;

    /// <summary><see cref="GetNullable"/> as a float, for the options that take one.</summary>
    public float? GetOptional(string name) => (float?)GetNullable(name);
}

/// <summary>
/// The ML.NET trainers per task, their default candidate sets and their search spaces. Multi-threaded SDCA
/// is not deterministic, so it runs on one thread; the tree learners take the spec's seed.
/// </summary>
public static class TrainerCatalog
{
    private const string Label = ColumnNames.Label;
    private const string Features = ColumnNames.Features;
    private const string CorePackage = "Microsoft.ML";
    private const string TreePackage = "Microsoft.ML.FastTree";
    private const string LightGbmPackage = "Microsoft.ML.LightGbm";

    // ML.NET's defaults are the first value each trial of a trainer starts from.
    private static readonly Hyperparameter Leaves = new("numberOfLeaves", 4, 128, 20, Integer: true, Log: true);
    private static readonly Hyperparameter Trees = new("numberOfTrees", 20, 500, 100, Integer: true, Log: true);
    private static readonly Hyperparameter MinLeaf = new("minimumExampleCountPerLeaf", 2, 50, 10, Integer: true, Log: true);
    private static readonly Hyperparameter TreeRate = new("learningRate", 0.01, 0.5, 0.2, Log: true);
    private static readonly Hyperparameter[] BoostedTrees = [Leaves, Trees, MinLeaf, TreeRate];
    private static readonly Hyperparameter[] Forest = [Leaves, Trees, MinLeaf];
    private static readonly Hyperparameter[] Lbfgs = [new("l1Regularization", 1e-4, 10, 1, Log: true), new("l2Regularization", 1e-4, 10, 1, Log: true)];
    private static readonly Hyperparameter[] Sdca = [new("l1Regularization", 1e-6, 1, double.NaN, Log: true), new("l2Regularization", 1e-6, 10, double.NaN, Log: true)];
    private static readonly Hyperparameter[] Gam =
        [new("numberOfIterations", 200, 10_000, 9_500, Integer: true, Log: true), new("learningRate", 0.001, 0.1, 0.002, Log: true), new("maximumBinCountPerFeature", 16, 255, 255, Integer: true)];

    // LightGBM: NaN leaves the choice to ML.NET, which derives leaves, learning rate and leaf size from the data's size.
    private static readonly Hyperparameter[] LightGbm =
    [
        new("numberOfLeaves", 4, 128, double.NaN, Integer: true, Log: true), new("numberOfIterations", 20, 500, 100, Integer: true, Log: true),
        new("learningRate", 0.01, 0.5, double.NaN, Log: true), new("minimumExampleCountPerLeaf", 2, 50, double.NaN, Integer: true, Log: true),
        new("l2Regularization", 1e-4, 10, 0.01, Log: true),
    ];

    private static readonly Hyperparameter[] Pca = [new("rank", 1, 40, 20, Integer: true), new("oversampling", 5, 40, 20, Integer: true)];

    private static readonly TrainerDefinition[] All =
    [
        new("fast-tree", ModelTask.BinaryClassification, false, TreePackage, BoostedTrees, (ml, s) => ml.BinaryClassification.Trainers.FastTree(FastTreeOptions<FastTreeBinaryTrainer.Options>(s))),
        new("fast-forest", ModelTask.BinaryClassification, false, TreePackage, Forest, (ml, s) => ml.BinaryClassification.Trainers.FastForest(ForestOptions<FastForestBinaryTrainer.Options>(s))),
        new("sdca-logistic", ModelTask.BinaryClassification, true, CorePackage, Sdca, (ml, s) =>
            ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, L1Regularization = s.GetOptional("l1Regularization"), L2Regularization = s.GetOptional("l2Regularization") })),
        new("lbfgs-logistic", ModelTask.BinaryClassification, true, CorePackage, Lbfgs, (ml, s) =>
            ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = (float)s.Get("l1Regularization", 1), L2Regularization = (float)s.Get("l2Regularization", 1), NumberOfThreads = s.Threads })),
        new("gam", ModelTask.BinaryClassification, false, TreePackage, Gam, (ml, s) => ml.BinaryClassification.Trainers.Gam(new GamBinaryTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, Seed = s.Seed, NumberOfThreads = s.Threads, NumberOfIterations = s.GetInt("numberOfIterations", 9_500),
            LearningRate = s.Get("learningRate", 0.002), MaximumBinCountPerFeature = s.GetInt("maximumBinCountPerFeature", 255),
        })),
        new("lightgbm", ModelTask.BinaryClassification, false, LightGbmPackage, LightGbm, (ml, s) => ml.BinaryClassification.Trainers.LightGbm(LightGbmOptions(new LightGbmBinaryTrainer.Options(), s))),

        new("lbfgs-maximum-entropy", ModelTask.MulticlassClassification, true, CorePackage, Lbfgs, (ml, s) =>
            ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = (float)s.Get("l1Regularization", 1), L2Regularization = (float)s.Get("l2Regularization", 1), NumberOfThreads = s.Threads })),
        new("sdca-maximum-entropy", ModelTask.MulticlassClassification, true, CorePackage, Sdca, (ml, s) =>
            ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, L1Regularization = s.GetOptional("l1Regularization"), L2Regularization = s.GetOptional("l2Regularization") })),
        new("fast-tree", ModelTask.MulticlassClassification, false, TreePackage, BoostedTrees, (ml, s) =>
            ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(FastTreeOptions<FastTreeBinaryTrainer.Options>(s)), Label)),
        new("lightgbm", ModelTask.MulticlassClassification, false, LightGbmPackage, LightGbm, (ml, s) => ml.MulticlassClassification.Trainers.LightGbm(LightGbmOptions(new LightGbmMulticlassTrainer.Options(), s))),

        new("fast-tree", ModelTask.Regression, false, TreePackage, BoostedTrees, (ml, s) => ml.Regression.Trainers.FastTree(FastTreeOptions<FastTreeRegressionTrainer.Options>(s))),
        new("fast-forest", ModelTask.Regression, false, TreePackage, Forest, (ml, s) => ml.Regression.Trainers.FastForest(ForestOptions<FastForestRegressionTrainer.Options>(s))),
        new("sdca", ModelTask.Regression, true, CorePackage, Sdca, (ml, s) =>
            ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1, L1Regularization = s.GetOptional("l1Regularization"), L2Regularization = s.GetOptional("l2Regularization") })),
        new("lbfgs-poisson", ModelTask.Regression, true, CorePackage, Lbfgs, (ml, s) =>
            ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
            { LabelColumnName = Label, FeatureColumnName = Features, L1Regularization = (float)s.Get("l1Regularization", 1), L2Regularization = (float)s.Get("l2Regularization", 1), NumberOfThreads = s.Threads })),
        // Rank is clamped to the features there are: PCA cannot project onto more dimensions than it has.
        new("randomized-pca", ModelTask.AnomalyDetection, true, CorePackage, Pca, (ml, s) => ml.AnomalyDetection.Trainers.RandomizedPca(new Microsoft.ML.Trainers.RandomizedPcaTrainer.Options
        {
            FeatureColumnName = Features, Seed = s.Seed, Rank = Math.Min(s.GetInt("rank", 20), s.FeatureCount), Oversampling = s.GetInt("oversampling", 20),
        })),

        new("gam", ModelTask.Regression, false, TreePackage, Gam, (ml, s) => ml.Regression.Trainers.Gam(new GamRegressionTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, Seed = s.Seed, NumberOfThreads = s.Threads, NumberOfIterations = s.GetInt("numberOfIterations", 9_500),
            LearningRate = s.Get("learningRate", 0.002), MaximumBinCountPerFeature = s.GetInt("maximumBinCountPerFeature", 255),
        })),
        new("lightgbm", ModelTask.Regression, false, LightGbmPackage, LightGbm, (ml, s) => ml.Regression.Trainers.LightGbm(LightGbmOptions(new LightGbmRegressionTrainer.Options(), s))),
    ];

    private static readonly Dictionary<ModelTask, string> Defaults = new()
    {
        [ModelTask.BinaryClassification] = "fast-tree",
        [ModelTask.MulticlassClassification] = "lbfgs-maximum-entropy",
        [ModelTask.Regression] = "fast-tree",
        [ModelTask.AnomalyDetection] = "randomized-pca",
    };

    private static T FastTreeOptions<T>(TrainerSettings s) where T : BoostedTreeOptions, new() => new()
    {
        LabelColumnName = Label, FeatureColumnName = Features, Seed = s.Seed, NumberOfThreads = s.Threads,
        NumberOfLeaves = s.GetInt("numberOfLeaves", 20), NumberOfTrees = s.GetInt("numberOfTrees", 100),
        MinimumExampleCountPerLeaf = s.GetInt("minimumExampleCountPerLeaf", 10), LearningRate = s.Get("learningRate", 0.2),
    };

    private static T ForestOptions<T>(TrainerSettings s) where T : FastForestOptionsBase, new() => new()
    {
        LabelColumnName = Label, FeatureColumnName = Features, Seed = s.Seed, NumberOfThreads = s.Threads,
        NumberOfLeaves = s.GetInt("numberOfLeaves", 20), NumberOfTrees = s.GetInt("numberOfTrees", 100),
        MinimumExampleCountPerLeaf = s.GetInt("minimumExampleCountPerLeaf", 10),
    };

    /// <summary>
    /// LightGBM's options. The seed alone does not make it reproducible: it picks row- or column-wise histograms by
    /// timing both (so by the machine's load), and sums histograms in thread order unless Deterministic is set.
    /// </summary>
    private static TOptions LightGbmOptions<TOptions, TOutput, TTransformer, TModel>(LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase options, TrainerSettings s)
        where TOptions : LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        options.LabelColumnName = Label;
        options.FeatureColumnName = Features;
        options.Seed = s.Seed;
        options.Deterministic = true;
        options.ForceColumnWise = true;
        options.NumberOfThreads = s.Threads;
        // Absent values keep ML.NET's own defaults (null ones: chosen from the data).
        options.NumberOfIterations = s.GetInt("numberOfIterations", options.NumberOfIterations);
        options.NumberOfLeaves = (int?)s.GetNullable("numberOfLeaves") ?? options.NumberOfLeaves;
        options.LearningRate = s.GetNullable("learningRate") ?? options.LearningRate;
        options.MinimumExampleCountPerLeaf = (int?)s.GetNullable("minimumExampleCountPerLeaf") ?? options.MinimumExampleCountPerLeaf;
        var booster = new GradientBooster.Options();
        booster.L2Regularization = s.Get("l2Regularization", booster.L2Regularization);
        options.Booster = booster;
        return (TOptions)options;
    }

    public static string DefaultFor(ModelTask task) => Defaults[task];

    public static IReadOnlyList<string> NamesFor(ModelTask task) => All.Where(t => t.Task == task).Select(t => t.Name).ToList();

    /// <summary>
    /// The trainers a search tries when the spec lists none: every trainer of the task but two, which a spec lists in
    /// <c>training.trainers</c> to try. GAM's default of 9,500 boosting rounds makes it the slowest by far (it took 60%
    /// of a default search of the churn sample) for scores the others match. LightGBM's native library ships for x64
    /// only (linux, windows, macOS), so a default search with it would fail on ARM machines (Apple silicon, ARM CI
    /// agents), although its trials are fast and it won the housing sample's search (docs/performance.md).
    /// </summary>
    public static IReadOnlyList<string> CandidatesFor(ModelTask task) => NamesFor(task).Where(n => n is not ("gam" or "lightgbm")).ToList();

    public static bool Exists(ModelTask task, string name) => All.Any(t => t.Task == task && t.Name == name);

    public static TrainerDefinition Get(ModelTask task, string name) => All.Single(t => t.Task == task && t.Name == name);
}
