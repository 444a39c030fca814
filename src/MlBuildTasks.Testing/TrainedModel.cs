using System.Collections.Concurrent;
using Microsoft.ML;
using MlBuildTasks.Testing.Models;
using MlBuildTasks.Testing.Predictions;

namespace MlBuildTasks.Testing;

/// <summary>
/// A model trained by MlBuildTasks, loaded in a test: <c>TrainedModel.Load("ChurnModel")</c> finds <c>ChurnModel.zip</c>
/// and <c>ChurnModel.metrics.json</c> beside the test assembly (a ProjectReference to the model project puts them there).
/// <see cref="Predict"/> takes a row keyed by the spec's column names. Safe to use from parallel tests: each prediction
/// borrows a predictor of its own (ML.NET's row-at-a-time prediction is not thread-safe), and loads are shared.
/// </summary>
public sealed class TrainedModel
{
    private static readonly ConcurrentDictionary<string, Lazy<TrainedModel>> Loaded = new();
    private readonly ConcurrentBag<RowPredictor> _predictors = [];
    private readonly RowValues _values;

    private TrainedModel(ModelFiles files, ModelMetrics metrics, ITransformer transformer, DataViewSchema inputSchema)
    {
        Files = files;
        Metrics = metrics;
        Transformer = transformer;
        InputSchema = inputSchema;
        _values = new RowValues(metrics.Inputs, inputSchema);
    }

    public string Name => Files.Model;
    public ModelFiles Files { get; }

    /// <summary>The model's metrics.json: task, label, inputs, test metrics and gate results.</summary>
    public ModelMetrics Metrics { get; }

    /// <summary>The ML.NET model, for anything this class does not do.</summary>
    public ITransformer Transformer { get; }

    public DataViewSchema InputSchema { get; }

    /// <summary>The model <paramref name="name"/> from the test assembly's folder (loaded once per test run).</summary>
    public static TrainedModel Load(string name) => Load(name, AppContext.BaseDirectory);

    /// <summary>The model <paramref name="name"/> from <paramref name="directory"/> (loaded once per test run).</summary>
    public static TrainedModel Load(string name, string directory)
    {
        var files = ModelFiles.Locate(name, Path.GetFullPath(directory));
        // Keyed by path and write time: a test run that rebuilds the model between loads gets the new one.
        var key = $"{files.ModelFile}|{File.GetLastWriteTimeUtc(files.ModelFile).Ticks}";
        return Loaded.GetOrAdd(key, _ => new Lazy<TrainedModel>(() => Read(files))).Value;
    }

    private static TrainedModel Read(ModelFiles files)
    {
        var metrics = ModelMetrics.Read(files.MetricsFile);
        var ml = new MLContext(seed: 0);
        using var stream = File.OpenRead(files.ModelFile);
        var transformer = ml.Model.Load(stream, out var inputSchema);
        return new TrainedModel(files, metrics, transformer, inputSchema);
    }

    /// <summary>
    /// Predicts one row: an anonymous object (<c>new { Tenure = 2, Contract = "Month-to-month", ... }</c>) or a dictionary,
    /// keyed by the spec's column names, with every input given (null for a missing value).
    /// </summary>
    public Prediction Predict(object row)
    {
        var values = _values.Convert(row);
        return WithPredictor(predictor => predictor.Predict(values));
    }

    /// <summary>Converts a row once, for measuring predictions without the conversion.</summary>
    internal object[] Prepare(object row) => _values.Convert(row);

    internal RowValues Inputs => _values;

    /// <summary>Runs <paramref name="use"/> with a predictor no other thread is using, and returns it to the pool.</summary>
    internal T WithPredictor<T>(Func<RowPredictor, T> use)
    {
        if (!_predictors.TryTake(out var predictor)) predictor = new RowPredictor(Transformer, InputSchema);
        try
        {
            return use(predictor);
        }
        finally
        {
            _predictors.Add(predictor);
        }
    }

    public override string ToString() => $"{Name} ({Metrics.Task}, {Files.ModelFile})";
}
