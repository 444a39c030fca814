using System.Diagnostics;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Cli;

/// <summary>
/// mlbuild ships with tiered PGO off (its runtimeconfig): most builds read a few MB and finish in about a
/// second, where PGO's instrumented code costs ~20%. On large data PGO pays back (validating 1 GB is ~25%
/// faster with it), and the setting cannot change once the runtime runs, so before reading more than
/// <see cref="ThresholdBytes"/> of files the engine starts itself again with PGO on and hands over its
/// standard streams and exit code. Figures: docs/performance.md.
/// </summary>
internal static class LargeDataRelaunch
{
    public const long ThresholdBytes = 64L * 1024 * 1024;

    private const string Marker = "MLBUILD_RELAUNCHED";

    /// <summary>Overrides <see cref="ThresholdBytes"/> (tests use it to exercise the relaunch on small data).</summary>
    private const string ThresholdVariable = "MLBUILD_PGO_RELAUNCH_BYTES";

    /// <summary>True in the relaunched engine.</summary>
    public static bool IsRelaunched => Environment.GetEnvironmentVariable(Marker) is not null;

    /// <summary>The exit code of the relaunched engine, or null to go on in this process.</summary>
    public static int? TryRelaunch(FileInfo specFile, string? modelName)
    {
        if (Environment.GetEnvironmentVariable(Marker) is not null || Environment.GetEnvironmentVariable("DOTNET_TieredPGO") is not null)
            return null;
        var threshold = long.TryParse(Environment.GetEnvironmentVariable(ThresholdVariable), out var custom) ? custom : ThresholdBytes;
        if (DataBytes(specFile, modelName) < threshold || Environment.ProcessPath is not { } host) return null;

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Under `dotnet exec mlbuild.dll` the host is dotnet; under the apphost it is mlbuild itself.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(LargeDataRelaunch).Assembly.Location);
        }

        foreach (var argument in Environment.GetCommandLineArgs().Skip(1)) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_TieredPGO"] = "1";
        start.Environment[Marker] = "1";
        using var child = Process.Start(start)!; // inherits stdout/stderr: its messages reach MSBuild as they are
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>The size of the spec's data files; 0 when the spec or a source cannot be read (the run reports that).</summary>
    private static long DataBytes(FileInfo specFile, string? modelName)
    {
        try
        {
            var spec = SpecParser.Load(specFile.FullName, new DiagnosticList(), modelName);
            return spec.Data.Concat(spec.TestData ?? [])
                .SelectMany(DataSourceFactory.Expand)
                .Where(s => s.Path is not null && File.Exists(s.Path))
                .Sum(s => new FileInfo(s.Path!).Length);
        }
        catch (MlBuildException)
        {
            return 0;
        }
    }
}
