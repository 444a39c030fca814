using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

// QualityBaseline <task> <train.csv> <test.csv> <label> [ignored column ...]
// What a person tuning ML.NET by hand would try on a small tabular data set: the usual featurization (numbers
// with missing values filled by the mean and standardized, categories one-hot), then the task's linear and
// tree learners with a few settings each. Every pipeline is fitted on the training file and scored on the test
// file, and cross-validated (5 folds) on the training file; one line per pipeline, then two choices:
// "best" is the pipeline with the best test score (an oracle: picking on the test part is generous to the
// baseline), "cv-chosen" the one a person tuning by hand would ship, the best by cross-validation on the
// training part alone, with its test score. The engine chooses the second way.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: QualityBaseline binary-classification|multiclass-classification|regression <train.csv> <test.csv> <label> [ignored column ...]");
    return 2;
}

var (task, trainPath, testPath, label) = (args[0], args[1], args[2], args[3]);
var ignored = args.Skip(4).ToHashSet(StringComparer.Ordinal);
var ml = new MLContext(seed: 42);

var header = File.ReadLines(trainPath).First().Split(',');
var rows = File.ReadLines(trainPath).Skip(1).Select(l => l.Split(',')).ToList();
bool IsNumber(int i) => rows.All(r => r[i].Length == 0 || double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _));

var labelIndex = Array.IndexOf(header, label);
var columns = new List<TextLoader.Column>();
var features = new List<(string Name, bool Numeric)>();
for (var i = 0; i < header.Length; i++)
{
    if (i == labelIndex || ignored.Contains(header[i])) continue;
    var numeric = IsNumber(i);
    var name = "c" + i;
    columns.Add(new TextLoader.Column(name, numeric ? DataKind.Single : DataKind.String, i));
    features.Add((name, numeric));
}

columns.Add(new TextLoader.Column("Label", task switch
{
    "regression" => DataKind.Single,
    "binary-classification" => DataKind.Boolean,
    _ => DataKind.String,
}, labelIndex));
var loader = ml.Data.CreateTextLoader(new TextLoader.Options
{
    HasHeader = true, Separators = [','], AllowQuoting = true, MissingRealsAsNaNs = true, Columns = columns.ToArray(),
});
var train = ml.Data.Cache(loader.Load(trainPath));
var test = loader.Load(testPath);

IEstimator<ITransformer> Featurize(bool standardize)
{
    IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
    foreach (var (name, numeric) in features)
        chain = numeric
            ? chain.Append(ml.Transforms.ReplaceMissingValues("f_" + name, name))
            : chain.Append(ml.Transforms.Categorical.OneHotEncoding("f_" + name, name));
    chain = chain.Append(ml.Transforms.Concatenate("Features", features.Select(f => "f_" + f.Name).ToArray()));
    if (standardize) chain = chain.Append(ml.Transforms.NormalizeMeanVariance("Features"));
    if (task == "multiclass-classification") chain = chain.Append(ml.Transforms.Conversion.MapValueToKey("Label"));
    return chain;
}

var candidates = new List<(string Name, bool Standardize, IEstimator<ITransformer> Trainer)>();
var treeSettings = from leaves in new[] { 4, 8, 20 } from trees in new[] { 100, 300 } from rate in new[] { 0.05, 0.2 } select (leaves, trees, rate);
switch (task)
{
    case "binary-classification":
        foreach (var l2 in new[] { 0.01f, 0.1f, 1f })
            candidates.Add(($"lbfgs-logistic l2={l2}", true, ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = l2 })));
        candidates.Add(("sdca-logistic", true, ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 })));
        foreach (var (leaves, trees, rate) in treeSettings)
            candidates.Add(($"fast-tree leaves={leaves} trees={trees} rate={rate}", false, ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfLeaves = leaves, NumberOfTrees = trees, LearningRate = rate, Seed = 42 })));
        candidates.Add(("fast-forest", false, ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options { Seed = 42 })));
        candidates.Add(("gam", false, ml.BinaryClassification.Trainers.Gam()));
        break;
    case "multiclass-classification":
        foreach (var l2 in new[] { 0.01f, 0.1f, 1f })
            candidates.Add(($"lbfgs-max-ent l2={l2}", true, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { L2Regularization = l2 })));
        candidates.Add(("sdca-max-ent", true, ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 })));
        candidates.Add(("one-versus-all lbfgs-logistic", true, ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())));
        foreach (var (leaves, trees, rate) in treeSettings)
            candidates.Add(($"fast-tree (one-versus-all) leaves={leaves} trees={trees} rate={rate}", false, ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfLeaves = leaves, NumberOfTrees = trees, LearningRate = rate, Seed = 42 }))));
        break;
    case "regression":
        candidates.Add(("sdca", true, ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 })));
        foreach (var l2 in new[] { 0.01f, 0.1f, 1f })
            candidates.Add(($"lbfgs-poisson l2={l2}", true, ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options { L2Regularization = l2 })));
        candidates.Add(("online-gradient-descent", true, ml.Regression.Trainers.OnlineGradientDescent()));
        foreach (var (leaves, trees, rate) in treeSettings)
            candidates.Add(($"fast-tree leaves={leaves} trees={trees} rate={rate}", false, ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfLeaves = leaves, NumberOfTrees = trees, LearningRate = rate, Seed = 42 })));
        candidates.Add(("fast-forest", false, ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options { Seed = 42 })));
        candidates.Add(("fast-tree-tweedie", false, ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options { Seed = 42 })));
        candidates.Add(("gam", false, ml.Regression.Trainers.Gam()));
        break;
    default:
        Console.Error.WriteLine($"unknown task {task}");
        return 2;
}

var metricName = task switch { "binary-classification" => "auc", "multiclass-classification" => "macro-accuracy", _ => "r-squared" };
double Score(IDataView scored) => task switch
{
    "binary-classification" => ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve,
    "multiclass-classification" => ml.MulticlassClassification.Evaluate(scored).MacroAccuracy,
    _ => ml.Regression.Evaluate(scored).RSquared,
};

double CrossValidated(IEstimator<ITransformer> pipeline) => task switch
{
    "binary-classification" => ml.BinaryClassification.CrossValidate(train, pipeline, 5, seed: 42).Average(f => f.Metrics.AreaUnderRocCurve),
    "multiclass-classification" => ml.MulticlassClassification.CrossValidate(train, pipeline, 5, seed: 42).Average(f => f.Metrics.MacroAccuracy),
    _ => ml.Regression.CrossValidate(train, pipeline, 5, seed: 42).Average(f => f.Metrics.RSquared),
};

(string Name, double Test) best = ("", double.NegativeInfinity);
(string Name, double Test, double Cv) chosen = ("", double.NaN, double.NegativeInfinity);
foreach (var (name, standardize, trainer) in candidates)
{
    double value, cv;
    try
    {
        var pipeline = Featurize(standardize).Append(trainer);
        value = Score(pipeline.Fit(train).Transform(test));
        cv = CrossValidated(pipeline);
    }
    catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
    {
        Console.WriteLine($"{name}: failed ({ex.Message.Split('\n')[0]})");
        continue;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: test {metricName} {value:0.0000}, cv {cv:0.0000}"));
    if (value > best.Test) best = (name, value);
    if (cv > chosen.Cv) chosen = (name, value, cv);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best {metricName} {best.Test:0.0000} {best.Name}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cv-chosen {metricName} {chosen.Test:0.0000} {chosen.Name}"));
return 0;
