using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlBuildTasks
{
    /// <summary>
    /// Validates a model's data, trains, evaluates and gates it (<c>mlbuild train</c>). The engine skips
    /// training when the content of spec and data is unchanged since its last run.
    /// </summary>
    public class TrainModel : EngineTask
    {
        [Required] public string SpecFile { get; set; } = "";

        [Required] public string OutputDirectory { get; set; } = "";

        public string? ModelName { get; set; }

        public bool Force { get; set; }

        public int MaxErrorsPerCheck { get; set; } = 10;

        /// <summary>Data-check warnings become errors (MlDataWarningsAsErrors).</summary>
        public bool DataWarningsAsErrors { get; set; }

        /// <summary>Train twice and fail when the runs differ (MlCheckDeterminism).</summary>
        public bool CheckDeterminism { get; set; }

        /// <summary>Missed change gates become warnings and are recorded in the manifest (MlAcceptRegression).</summary>
        public bool AcceptRegression { get; set; }

        /// <summary>The version being built ($(PackageVersion)): a package baseline without a pin is the highest stable version below it.</summary>
        public string? PackageVersion { get; set; }

        /// <summary>The training cache folder (MlCacheDirectory); empty for the engine's default.</summary>
        public string? CacheDirectory { get; set; }

        /// <summary>False: neither read nor fill the training cache (MlTrainingCache).</summary>
        public bool UseCache { get; set; } = true;

        /// <summary>MlIncludeFeedback: the app's prediction logs (MlPredictionLogs), whose predictions with feedback join the training data.</summary>
        public string? FeedbackLogs { get; set; }

        /// <summary>The feedback file (MlFeedback); empty: the one in the logs folder.</summary>
        public string? FeedbackFile { get; set; }

        protected override void AppendEngineArguments(CommandLineBuilder builder)
        {
            builder.AppendSwitch("train");
            AppendOption(builder, "--spec", SpecFile);
            AppendOption(builder, "--include-feedback", FeedbackLogs);
            AppendOption(builder, "--feedback", FeedbackFile);
            AppendOption(builder, "--output-dir", OutputDirectory);
            AppendOption(builder, "--name", ModelName);
            AppendOption(builder, "--max-listed", MaxErrorsPerCheck.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Force) builder.AppendSwitch("--force");
            if (DataWarningsAsErrors) builder.AppendSwitch("--data-warnings-as-errors");
            if (CheckDeterminism) builder.AppendSwitch("--check-determinism");
            if (AcceptRegression) builder.AppendSwitch("--accept-regression");
            AppendOption(builder, "--package-version", PackageVersion);
            if (!UseCache) builder.AppendSwitch("--no-cache");
            else if (!string.IsNullOrEmpty(CacheDirectory)) AppendOption(builder, "--cache-dir", CacheDirectory);
        }
    }
}
