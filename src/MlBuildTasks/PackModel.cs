using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlBuildTasks
{
    /// <summary>Packs a trained, gated model as a NuGet package or a zip (<c>mlbuild pack</c>).</summary>
    public class PackModel : EngineTask
    {
        [Required] public string SpecFile { get; set; } = "";

        [Required] public string ArtifactDirectory { get; set; } = "";

        [Required] public string PackageId { get; set; } = "";

        [Required] public string PackageVersion { get; set; } = "";

        [Required] public string OutputDirectory { get; set; } = "";

        public string? ModelName { get; set; }

        /// <summary>nupkg (default) or zip.</summary>
        public string? Format { get; set; }

        public string? Authors { get; set; }

        public string? Description { get; set; }

        public string? ProjectDirectory { get; set; }

        public string? RepositoryUrl { get; set; }

        public string? License { get; set; }

        public string? Tags { get; set; }

        /// <summary>The folder or feed URL releases are pushed to (MlReleaseFeed); empty: the output folder.</summary>
        public string? ReleaseFeed { get; set; }

        /// <summary>Release a breaking input change without a new major version (MlAcceptBreakingChange), on record.</summary>
        public bool AcceptBreakingChange { get; set; }

        protected override void AppendEngineArguments(CommandLineBuilder builder)
        {
            builder.AppendSwitch("pack");
            AppendOption(builder, "--spec", SpecFile);
            AppendOption(builder, "--name", ModelName);
            AppendOption(builder, "--artifacts-dir", ArtifactDirectory);
            AppendOption(builder, "--id", PackageId);
            AppendOption(builder, "--version", PackageVersion);
            AppendOption(builder, "--output", OutputDirectory);
            AppendOption(builder, "--format", Format);
            AppendOption(builder, "--authors", Authors);
            AppendOption(builder, "--description", Description);
            AppendOption(builder, "--project-dir", ProjectDirectory);
            AppendOption(builder, "--repository-url", RepositoryUrl);
            AppendOption(builder, "--license", License);
            AppendOption(builder, "--tags", Tags);
            AppendOption(builder, "--release-feed", ReleaseFeed);
            if (AcceptBreakingChange) builder.AppendSwitch("--accept-breaking-change");
        }
    }
}
