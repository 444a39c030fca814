namespace MlBuildTasks.Engine.Pipeline;

/// <summary>
/// What to train: one spec, where its artifacts go, and how. <see cref="PackageVersion"/> is the version being built: a
/// package baseline without a pinned version is the highest stable version below it. <see cref="FeedbackLogs"/>
/// (MlIncludeFeedback): the app's prediction logs, whose predictions with feedback join the training data.
/// </summary>
public sealed record TrainRequest(
    string SpecPath,
    string OutputDirectory,
    bool Force = false,
    string? ModelName = null,
    int MaxListedPerCheck = Validation.ValidationOptions.DefaultMaxListedPerCheck,
    bool DataWarningsAsErrors = false,
    bool CheckDeterminism = false,
    string? CacheDirectory = null,
    bool AcceptRegression = false,
    string? PackageVersion = null,
    string? FeedbackLogs = null,
    string? FeedbackFile = null);

/// <summary>Where a run left its artifacts and whether it trained or found them up to date.</summary>
public sealed record TrainResult(bool Succeeded, bool Trained, string ModelPath, string MetricsPath, Artifacts.MetricsDocument? Metrics);

/// <summary>The artifact file names of a model in its working folder.</summary>
public sealed record ArtifactPaths(string Directory, string ModelName)
{
    public string Model => Path.Combine(Directory, ModelName + ".zip");
    public string Metrics => Path.Combine(Directory, ModelName + ".metrics.json");
    public string Onnx => Path.Combine(Directory, ModelName + ".onnx");
    public string Manifest => Path.Combine(Directory, ModelName + ".manifest.json");
    public string Validation => Path.Combine(Directory, ModelName + ".validation.json");
    public string Profile => Path.Combine(Directory, ModelName + ".profile.json");
    public string Trials => Path.Combine(Directory, ModelName + ".trials.json");
    public string ReportMarkdown => Path.Combine(Directory, ModelName + ".report.md");
    public string ReportHtml => Path.Combine(Directory, ModelName + ".report.html");

    /// <summary>Baseline packages downloaded from a feed, kept whole so the next run need not download them again.</summary>
    public string BaselineCache => Path.Combine(Directory, "baseline");

    /// <summary>The files the model was made from, one path a line: MSBuild reads it to know what to watch.</summary>
    public string InputList => Path.Combine(Directory, ModelName + ".inputs.txt");
}
