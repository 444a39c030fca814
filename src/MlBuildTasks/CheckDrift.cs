using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlBuildTasks
{
    /// <summary>
    /// Compares production data (the app's prediction logs) with a model's training profile (<c>mlbuild monitor</c>);
    /// fails with MLB6001 or MLB6008 when the model should be retrained. <see cref="Retrain"/> says so to later targets.
    /// </summary>
    public class CheckDrift : EngineTask
    {
        /// <summary>The engine's exit code for "retrain" (MonitorRun.RetrainExitCode).</summary>
        public const int RetrainExitCode = 2;

        [Required] public string Reference { get; set; } = "";

        [Required] public string Logs { get; set; } = "";

        [Required] public string OutputDirectory { get; set; } = "";

        public string? SpecFile { get; set; }

        public string? ModelName { get; set; }

        public string? Feedback { get; set; }

        /// <summary>With Reference "release": the package id, the release feed (MlReleaseFeed), the package output folder and the project folder.</summary>
        public string? PackageId { get; set; }

        public string? ReleaseFeed { get; set; }

        public string? PackageOutput { get; set; }

        public string? ProjectDirectory { get; set; }

        /// <summary>True when the check said to retrain.</summary>
        [Output] public bool Retrain { get; private set; }

        protected override void AppendEngineArguments(CommandLineBuilder builder)
        {
            builder.AppendSwitch("monitor");
            AppendOption(builder, "--reference", Reference);
            AppendOption(builder, "--logs", Logs);
            AppendOption(builder, "--output-dir", OutputDirectory);
            AppendOption(builder, "--spec", SpecFile);
            AppendOption(builder, "--name", ModelName);
            AppendOption(builder, "--feedback", Feedback);
            AppendOption(builder, "--package-id", PackageId);
            AppendOption(builder, "--release-feed", ReleaseFeed);
            AppendOption(builder, "--package-output", PackageOutput);
            AppendOption(builder, "--project-dir", ProjectDirectory);
        }

        protected override bool HandleTaskExecutionErrors()
        {
            Retrain = ExitCode == RetrainExitCode;
            return base.HandleTaskExecutionErrors();
        }
    }
}
