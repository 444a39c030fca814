using MlBuildTasks.Runtime;

namespace ChurnPrediction.Service;

/// <summary>The <c>Prediction</c> section of the configuration (appsettings.json, or <c>Prediction__MaxBatchSize=...</c> in the environment).</summary>
public sealed class PredictionSettings
{
    /// <summary>The most inputs one <c>POST /predict/batch</c> takes; a larger batch is refused with 400.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>An input outside the model's signature: <c>Throw</c> refuses it (400), <c>Flag</c> predicts it and lists the problems in <c>inputIssues</c>.</summary>
    public InvalidInputBehavior InvalidInput { get; set; } = InvalidInputBehavior.Throw;
}
