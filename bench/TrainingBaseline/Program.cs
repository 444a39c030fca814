using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;
using ReplaceMissingMode = Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode;

// The churn model as plain ML.NET would train it, for comparison with `mlbuild train` on
// samples/ChurnPrediction/ChurnModel.mlmodel.json. Usage: TrainingBaseline <churn.csv> <output-dir> [--phases]
// --phases also prints a line as each stage ends, which bench/run.sh timestamps for its breakdown (the
// timed runs go without it).
// TrainingBaseline search <churn.csv> <trials.json>: the search benchmark's baseline (bench/search.sh): every
// fast-tree configuration of a search's trials.json cross-validated directly with ML.NET (CrossValidate, same
// folds count, one thread), one after another; prints the seconds the fits and evaluations took.
var searchMode = args.Length == 3 && args[0] == "search";
if (!searchMode && (args.Length is < 2 or > 3 || (args.Length == 3 && args[2] != "--phases")))
{
    Console.Error.WriteLine("usage: TrainingBaseline <churn.csv> <output-dir> [--phases]");
    return 2;
}

var dataPath = searchMode ? args[1] : args[0];
var outputDirectory = args[1];
var phases = args.Length == 3 && !searchMode;
void Mark(string stage)
{
    if (phases) Console.WriteLine("stage done: " + stage);
}

const string Label = "Churned";
const string Features = "Features";
const int Seed = 42;

var ml = new MLContext(Seed);

// CustomerId is ignored, as the spec says. SeniorCitizen ("Yes"/"No") is read as a boolean and becomes
// 0/1 below; the engine feeds booleans to the model as numbers the same way. Empty numbers (66 rows
// have no TotalCharges) are NaN, as in the engine, so that ReplaceMissingValues sees them; without
// MissingRealsAsNaNs the loader would read them as 0.
var loader = ml.Data.CreateTextLoader(new TextLoader.Options
{
    HasHeader = true,
    Separators = [','],
    AllowQuoting = true,
    MissingRealsAsNaNs = true,
    Columns =
    [
        new TextLoader.Column("Tenure", DataKind.Single, 1),
        new TextLoader.Column("MonthlyCharges", DataKind.Single, 2),
        new TextLoader.Column("TotalCharges", DataKind.Single, 3),
        new TextLoader.Column("Contract", DataKind.String, 4),
        new TextLoader.Column("PaymentMethod", DataKind.String, 5),
        new TextLoader.Column("InternetService", DataKind.String, 6),
        new TextLoader.Column("SupportCalls", DataKind.Single, 7),
        new TextLoader.Column("SeniorCitizen", DataKind.Boolean, 8),
        new TextLoader.Column(Label, DataKind.Boolean, 9),
    ],
});
var data = loader.Load(dataPath);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: Seed);
Mark("text loader + split (lazy: the CSV is parsed in the next stages)");

// Featurization as src/MlBuildTasks.Engine/Training/FeaturePipeline.cs builds it for this spec:
// numbers and booleans get missing values replaced by the mean, categories are one-hot encoded.
const ReplaceMissingMode Mean = MissingValueReplacingEstimator.ReplacementMode.Mean;
var featurization = ml.Transforms.Conversion.ConvertType("SeniorCitizenNumber", "SeniorCitizen", DataKind.Single)
    .Append(ml.Transforms.ReplaceMissingValues("__f_Tenure", "Tenure", Mean))
    .Append(ml.Transforms.ReplaceMissingValues("__f_MonthlyCharges", "MonthlyCharges", Mean))
    .Append(ml.Transforms.ReplaceMissingValues("__f_TotalCharges", "TotalCharges", Mean))
    .Append(ml.Transforms.Categorical.OneHotEncoding("__f_Contract", "Contract"))
    .Append(ml.Transforms.Categorical.OneHotEncoding("__f_PaymentMethod", "PaymentMethod"))
    .Append(ml.Transforms.Categorical.OneHotEncoding("__f_InternetService", "InternetService"))
    .Append(ml.Transforms.ReplaceMissingValues("__f_SupportCalls", "SupportCalls", Mean))
    .Append(ml.Transforms.ReplaceMissingValues("__f_SeniorCitizen", "SeniorCitizenNumber", Mean))
    .Append(ml.Transforms.Concatenate(Features,
        "__f_Tenure", "__f_MonthlyCharges", "__f_TotalCharges", "__f_Contract", "__f_PaymentMethod",
        "__f_InternetService", "__f_SupportCalls", "__f_SeniorCitizen"));
var pipeline = featurization.Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
    {
        LabelColumnName = Label,
        FeatureColumnName = Features,
        Seed = Seed,
    }));

if (searchMode) return SearchBaseline(args[2]);

var model = pipeline.Fit(split.TrainSet);
Mark("parse + featurize + train");
var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), Label);
Mark("parse + evaluate");

Directory.CreateDirectory(outputDirectory);
var modelPath = Path.Combine(outputDirectory, "ChurnModel.zip");
ml.Model.Save(model, split.TrainSet.Schema, modelPath);
Mark("save model");

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ChurnModel (baseline, fast-tree): auc {metrics.AreaUnderRocCurve:0.0000}, accuracy {metrics.Accuracy:0.0000}, f1 {metrics.F1Score:0.0000}, log-loss {metrics.LogLoss:0.0000}; saved {modelPath}"));
return 0;

int SearchBaseline(string trialsPath)
{
    using var trials = System.Text.Json.JsonDocument.Parse(File.ReadAllText(trialsPath));
    var folds = trials.RootElement.GetProperty("folds").GetInt32();
    var train = ml.Data.Cache(split.TrainSet);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var count = 0;
    foreach (var trial in trials.RootElement.GetProperty("trials").EnumerateArray())
    {
        if (trial.GetProperty("trainer").GetString() != "fast-tree") continue;
        double P(string name) => trial.GetProperty("parameters").GetProperty(name).GetDouble();
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = Label, FeatureColumnName = Features, Seed = Seed, NumberOfThreads = 1,
            NumberOfLeaves = (int)P("numberOfLeaves"), NumberOfTrees = (int)P("numberOfTrees"),
            MinimumExampleCountPerLeaf = (int)P("minimumExampleCountPerLeaf"), LearningRate = P("learningRate"),
        });
        var results = ml.BinaryClassification.CrossValidate(train, featurization.Append(trainer), numberOfFolds: folds, labelColumnName: Label, seed: Seed);
        _ = results.Average(r => r.Metrics.AreaUnderRocCurve);
        count++;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} trials, {folds} folds each: {clock.Elapsed.TotalSeconds:0.000} s"));
    return 0;
}
