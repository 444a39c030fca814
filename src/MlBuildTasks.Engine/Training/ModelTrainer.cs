using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// A fitted model. <see cref="Scorer"/> is featurization plus trainer (what evaluation needs);
/// <see cref="Saved"/> adds the mapping of predicted class keys back to class names for apps.
/// </summary>
public sealed class TrainedModel(ITransformer scorer, ITransformer saved, DataViewSchema inputSchema, Func<IDataView, IDataView> prepareLabels, TimeSpan duration)
{
    public ITransformer Scorer { get; } = scorer;
    public ITransformer Saved { get; } = saved;

    /// <summary>The columns an app passes to predict: every feature, no label.</summary>
    public DataViewSchema InputSchema { get; } = inputSchema;

    /// <summary>Applies the training label encoding (class name to key) to evaluation data.</summary>
    public Func<IDataView, IDataView> PrepareLabels { get; } = prepareLabels;

    public TimeSpan Duration { get; } = duration;
}

public static class ModelTrainer
{
    /// <summary>Fits featurization and <paramref name="trainer"/> (built with <paramref name="settings"/>) on <paramref name="train"/>.</summary>
    public static TrainedModel Train(MLContext ml, IDataView train, ResolvedSchema schema, ModelTask task, TrainerDefinition trainer, TrainerSettings settings)
    {
        var stopwatch = Stopwatch.StartNew();
        // PCA cannot keep more components than there are features, and how many features the featurization makes
        // (one-hot slots, n-grams) is known only once it is fitted.
        if (task == ModelTask.AnomalyDetection)
            settings = settings with { FeatureCount = FeatureCount(FeaturePipeline.Build(ml, schema, trainer, train).Fit(train), train) };
        var pipeline = FeaturePipeline.Build(ml, schema, trainer, train).Append(trainer.Build(ml, settings));

        Func<IDataView, IDataView> prepareLabels = data => data;
        if (task == ModelTask.MulticlassClassification)
        {
            // Fitted apart from the saved model so that an app's input needs no label column.
            var labelToKey = ml.Transforms.Conversion.MapValueToKey(ColumnNames.Label).Fit(train);
            prepareLabels = labelToKey.Transform;
        }

        var prepared = prepareLabels(train);
        ITransformer scorer = pipeline.Fit(prepared);
        var saved = scorer;
        if (task == ModelTask.MulticlassClassification)
        {
            var keyToValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scorer.Transform(prepared));
            saved = new TransformerChain<ITransformer>(scorer, keyToValue);
        }

        return new TrainedModel(scorer, saved, InputSchemaOf(train), prepareLabels, stopwatch.Elapsed);
    }

    /// <summary>
    /// A saved model (<see cref="ModelFile.Bytes"/>, such as a cache entry's) ready to score test data again. A multiclass
    /// model's last step maps predicted keys to class names; scoring stops before it, and the label is mapped to keys in
    /// the order of the model's classes, as training did.
    /// </summary>
    public static TrainedModel Load(MLContext ml, byte[] bytes, ModelTask task)
    {
        var saved = ml.Model.Load(new MemoryStream(bytes), out var inputSchema);
        if (task != ModelTask.MulticlassClassification) return new TrainedModel(saved, saved, inputSchema, data => data, TimeSpan.Zero);

        var steps = ((TransformerChain<ITransformer>)saved).ToArray();
        var scorer = new TransformerChain<ITransformer>(steps[..^1]);
        VBuffer<ReadOnlyMemory<char>> classes = default;
        scorer.GetOutputSchema(inputSchema)["PredictedLabel"].GetKeyValues(ref classes);
        var keys = ml.Data.LoadFromEnumerable(classes.DenseValues().Select(c => new ClassName { Value = c.ToString() }));
        IDataView PrepareLabels(IDataView data) =>
            ml.Transforms.Conversion.MapValueToKey(ColumnNames.Label, keyData: keys).Fit(data).Transform(data);
        return new TrainedModel(scorer, saved, inputSchema, PrepareLabels, TimeSpan.Zero);
    }

    private sealed class ClassName
    {
        public string Value { get; set; } = "";
    }

    private static int FeatureCount(ITransformer featurizer, IDataView data) =>
        featurizer.GetOutputSchema(data.Schema)[ColumnNames.Features].Type is VectorDataViewType { Size: > 0 } vector ? vector.Size : int.MaxValue;

    private static DataViewSchema InputSchemaOf(IDataView data)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in data.Schema.Where(c => c.Name != ColumnNames.Label)) builder.AddColumn(column.Name, column.Type);
        return builder.ToSchema();
    }
}
