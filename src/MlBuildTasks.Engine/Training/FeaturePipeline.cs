using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// The featurization every model gets, per column type: numbers and booleans have missing values replaced
/// by the training mean, categories are one-hot encoded, text is featurized (n-grams). All of it is part
/// of the saved model, so an app passes raw values.
/// </summary>
public static class FeaturePipeline
{
    public static IEstimator<ITransformer> Build(MLContext ml, ResolvedSchema schema, TrainerDefinition trainer)
    {
        var parts = new List<string>();
        var pipeline = new EstimatorChain<ITransformer>();
        foreach (var column in schema.Features)
        {
            var featureName = "__f_" + column.ModelName;
            parts.Add(featureName);
            pipeline = pipeline.Append<ITransformer>(column.Type switch
            {
                ColumnType.Number or ColumnType.Boolean => ml.Transforms.ReplaceMissingValues(featureName, column.ModelName, MissingValueReplacingEstimator.ReplacementMode.Mean),
                ColumnType.Category => ml.Transforms.Categorical.OneHotEncoding(featureName, column.ModelName),
                _ => (IEstimator<ITransformer>)ml.Transforms.Text.FeaturizeText(featureName, column.ModelName),
            });
        }

        pipeline = pipeline.Append<ITransformer>(ml.Transforms.Concatenate(ColumnNames.Features, parts.ToArray()));
        if (trainer.NeedsNormalization) pipeline = pipeline.Append<ITransformer>(ml.Transforms.NormalizeMinMax(ColumnNames.Features));
        return pipeline;
    }
}
