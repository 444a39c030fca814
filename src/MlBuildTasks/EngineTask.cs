using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace MlBuildTasks
{
    /// <summary>
    /// Base of the MlBuildTasks tasks: runs the engine out of process as <c>dotnet exec mlbuild.dll ...</c>
    /// (ML.NET's native code and dependencies never load into MSBuild) and turns each JSON line it prints
    /// into an MSBuild error, warning or message with code, file, line and column. Cancelling the build
    /// kills the engine; its outputs are written atomically, so nothing half-written is left.
    /// </summary>
    public abstract class EngineTask : ToolTask
    {
        /// <summary>Path of mlbuild.dll.</summary>
        [Required]
        public string ToolAssembly { get; set; } = "";

        protected override string ToolName => Environment.OSVersion.Platform == PlatformID.Win32NT ? "dotnet.exe" : "dotnet";

        /// <summary>The engine's exit code 3 means it crashed; anything else non-zero means it reported errors.</summary>
        public const int CrashExitCode = 3;

        protected override string GenerateFullPathToTool()
        {
            // The .NET SDK tells tasks which dotnet runs the build; use the same one.
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host!;
            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (directory.Length == 0) continue;
                var candidate = Path.Combine(directory.Trim('"'), ToolName);
                if (File.Exists(candidate)) return candidate;
            }

            return ToolName;
        }

        protected override bool ValidateParameters()
        {
            if (File.Exists(ToolAssembly)) return true;
            Log.LogError(null, "MLB0003", null, null, 0, 0, 0, 0,
                "The MlBuildTasks engine '{0}' does not exist. Restore the MlBuildTasks package again, or check the MlToolPath property.", ToolAssembly);
            return false;
        }

        protected override string GenerateCommandLineCommands()
        {
            var builder = new CommandLineBuilder();
            builder.AppendSwitch("exec");
            builder.AppendFileNameIfNotNull(ToolAssembly);
            AppendEngineArguments(builder);
            builder.AppendSwitch("--message-format");
            builder.AppendSwitch("json");
            return builder.ToString();
        }

        /// <summary>The engine command and its options.</summary>
        protected abstract void AppendEngineArguments(CommandLineBuilder builder);

        protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
        {
            var message = EngineMessage.TryParse(singleLine);
            if (message is null)
            {
                if (singleLine.Length > 0) Log.LogMessage(MessageImportance.Low, singleLine);
                return;
            }

            EngineMessageLogger.Log(Log, message);
        }

        protected override bool HandleTaskExecutionErrors()
        {
            if (!Log.HasLoggedErrors)
            {
                Log.LogError(null, "MLB0001", null, null, 0, 0, 0, 0,
                    "The MlBuildTasks engine exited with code {0} without reporting an error. Run the build with -v:d to see its output.", ExitCode);
            }

            return false;
        }

        /// <summary>Appends <c>--name "value"</c> (quoted where needed) when the value is set.</summary>
        protected static void AppendOption(CommandLineBuilder builder, string name, string? value)
        {
            // A trailing separator would escape the closing quote on Windows.
            if (!string.IsNullOrEmpty(value)) builder.AppendSwitchIfNotNull(name + " ", value!.Length > 1 ? value.TrimEnd('\\', '/') : value);
        }
    }
}
