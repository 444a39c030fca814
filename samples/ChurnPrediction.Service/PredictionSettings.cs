using MlBuildTasks.Runtime;

namespace ChurnPrediction.Service;

/// <summary>The <c>Prediction</c> section of the configuration (appsettings.json, or <c>Prediction__MaxBatchSize=...</c> in the environment).</summary>
public sealed class PredictionSettings
{
    /// <summary>The most inputs one <c>POST /predict/batch</c> takes; a larger batch is refused with 400.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>An input outside the model's signature: <c>Throw</c> refuses it (400), <c>Flag</c> predicts it and lists the problems in <c>inputIssues</c>.</summary>
    public InvalidInputBehavior InvalidInput { get; set; } = InvalidInputBehavior.Throw;

    /// <summary>
    /// Where the model logs its predictions (JSON Lines, for <c>MlCheckDrift</c>), and <c>POST /feedback</c> its true labels;
    /// empty: nothing is logged and there is no feedback endpoint.
    /// </summary>
    public string? LogDirectory { get; set; }

    /// <summary>The share of predictions logged (0 to 1).</summary>
    public double LogSampleRate { get; set; } = 1;
}
