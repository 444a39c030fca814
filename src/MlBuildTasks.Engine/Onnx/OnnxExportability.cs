using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Onnx;

/// <summary>
/// Which parts of a model ML.NET's ONNX converter (Microsoft.ML.OnnxConverter 0.23) cannot export, known from the spec
/// and the resolved columns before anything is trained, so the build fails in a second instead of after a search.
/// Each was tried with the converter: Expression transforms (a <c>clip</c>, <c>"impute": "median"</c> or a number,
/// and the date features), the DateTime conversion of date features, text featurization, the log-mean-variance and
/// binning normalizers, GAM and randomized PCA have no ONNX conversion. Anything else the converter rejects is still
/// caught when the trained model is converted.
/// </summary>
public static class OnnxExportability
{
    /// <summary>What cannot be exported and what to do instead; null when every part has an ONNX conversion.</summary>
    public static string? FirstObstacle(ModelSpec spec, ResolvedSchema schema)
    {
        if (spec.Task == ModelTask.AnomalyDetection)
            return "the anomaly-detection trainer (randomized PCA) has no ONNX conversion. Remove 'onnx' from the spec.";
        var trainers = spec.Training?.Trainers ?? [spec.Trainer!];
        if (trainers.Contains("gam"))
            return $"trainer 'gam' has no ONNX conversion. {(spec.Training is null ? "Choose another trainer" : "Remove 'gam' from 'training.trainers'")}, or remove 'onnx'.";

        foreach (var column in schema.Features)
        {
            var preprocessing = column.Spec?.Preprocessing ?? Preprocessing.Default;
            var obstacle = column.Type switch
            {
                ColumnType.Date => "its date features (year, month, day, day of week, hour parsed from the text) have no ONNX conversion; mark it \"ignore\": true or give the parts as number columns",
                ColumnType.Text => "text featurization (n-grams) has no ONNX conversion; mark it \"ignore\": true, or declare it \"type\": \"category\" if it has few distinct values",
                ColumnType.Number when preprocessing.Clip is not null => "'clip' has no ONNX conversion; remove it",
                ColumnType.Number or ColumnType.Boolean when preprocessing.Impute is ImputeMethod.Median or ImputeMethod.Constant =>
                    $"{(preprocessing.Impute == ImputeMethod.Median ? "\"impute\": \"median\"" : "a constant 'impute'")} has no ONNX conversion; use \"mean\" or \"most-frequent\"",
                ColumnType.Number or ColumnType.Boolean when preprocessing.Scale is ScaleMethod.LogMeanVariance or ScaleMethod.Bin =>
                    $"\"scale\": \"{(preprocessing.Scale == ScaleMethod.Bin ? "bin" : "log-mean-variance")}\" has no ONNX conversion; use \"min-max\" or \"mean-variance\"",
                _ => null,
            };
            if (obstacle is not null) return $"column '{column.Name}': {obstacle}, or remove 'onnx'.";
        }

        return null;
    }
}
