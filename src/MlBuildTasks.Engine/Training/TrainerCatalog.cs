using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// A trainer the spec can name. <see cref="RuntimePackage"/> is the NuGet package an app needs to load
/// a model trained with it; it becomes a dependency of the model package.
/// </summary>
public sealed record TrainerDefinition(
    string Name,
    ModelTask Task,
    bool NeedsNormalization,
    string RuntimePackage,
    Func<MLContext, int, IEstimator<ITransformer>> Create);

/// <summary>
/// The ML.NET trainers per task, with one default each. Multi-threaded SDCA is not deterministic, so it
/// runs on one thread; the tree learners take the spec's seed.
/// </summary>
public static class TrainerCatalog
{
    private const string Label = ColumnNames.Label;
    private const string Features = ColumnNames.Features;
    private const string CorePackage = "Microsoft.ML";
    private const string TreePackage = "Microsoft.ML.FastTree";

    private static readonly TrainerDefinition[] All =
    [
        new("fast-tree", ModelTask.BinaryClassification, false, TreePackage, (ml, seed) =>
            ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, Seed = seed })),
        new("fast-forest", ModelTask.BinaryClassification, false, TreePackage, (ml, seed) =>
            ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, Seed = seed })),
        new("sdca-logistic", ModelTask.BinaryClassification, true, CorePackage, (ml, _) =>
            ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1 })),
        new("lbfgs-logistic", ModelTask.BinaryClassification, true, CorePackage, (ml, _) =>
            ml.BinaryClassification.Trainers.LbfgsLogisticRegression(Label, Features)),

        new("lbfgs-maximum-entropy", ModelTask.MulticlassClassification, true, CorePackage, (ml, _) =>
            ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(Label, Features)),
        new("sdca-maximum-entropy", ModelTask.MulticlassClassification, true, CorePackage, (ml, _) =>
            ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1 })),
        new("fast-tree", ModelTask.MulticlassClassification, false, TreePackage, (ml, seed) =>
            ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, Seed = seed }), Label)),

        new("fast-tree", ModelTask.Regression, false, TreePackage, (ml, seed) =>
            ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, Seed = seed })),
        new("fast-forest", ModelTask.Regression, false, TreePackage, (ml, seed) =>
            ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, Seed = seed })),
        new("sdca", ModelTask.Regression, true, CorePackage, (ml, _) =>
            ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = Label, FeatureColumnName = Features, NumberOfThreads = 1 })),
        new("lbfgs-poisson", ModelTask.Regression, true, CorePackage, (ml, _) =>
            ml.Regression.Trainers.LbfgsPoissonRegression(Label, Features)),
    ];

    private static readonly Dictionary<ModelTask, string> Defaults = new()
    {
        [ModelTask.BinaryClassification] = "fast-tree",
        [ModelTask.MulticlassClassification] = "lbfgs-maximum-entropy",
        [ModelTask.Regression] = "fast-tree",
    };

    public static string DefaultFor(ModelTask task) => Defaults[task];

    public static IReadOnlyList<string> NamesFor(ModelTask task) => All.Where(t => t.Task == task).Select(t => t.Name).ToList();

    public static bool Exists(ModelTask task, string name) => All.Any(t => t.Task == task && t.Name == name);

    public static TrainerDefinition Get(ModelTask task, string name) => All.Single(t => t.Task == task && t.Name == name);
}
