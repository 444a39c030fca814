using System.Diagnostics;
using System.Reflection;

namespace MlBuildTasks.IntegrationTests.Infrastructure;

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class RepositoryRootAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}

/// <summary>
/// What every integration test shares: MlBuildTasks packed once from source with a unique prerelease
/// version into a local folder feed, and one NuGet package cache for the suite (ML.NET is restored once).
/// </summary>
public static class TestEnvironment
{
    public static string RepositoryRoot { get; } =
        typeof(TestEnvironment).Assembly.GetCustomAttribute<RepositoryRootAttribute>()!.Path;

    public static string WorkRoot { get; } = Path.Combine(RepositoryRoot, "artifacts", "integration");
    public static string Feed { get; } = Path.Combine(WorkRoot, "feed");
    public static string PackageCache { get; } = Path.Combine(WorkRoot, "packages");

    /// <summary>Unique per run, so a cached package from an earlier run is never used.</summary>
    public static string PackageVersion { get; } = $"0.1.0-it.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    private static readonly Lazy<Task> Packed = new(PackAsync);

    /// <summary>Packs MlBuildTasks, MlBuildTasks.Testing and MlBuildTasks.Runtime into <see cref="Feed"/> (once per test run).</summary>
    public static Task EnsurePackedAsync() => Packed.Value;

    private static async Task PackAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var old in Directory.GetFiles(Feed, "MlBuildTasks.*.nupkg")) File.Delete(old);
        // The runtime first (the engine builds on it), then the two that share nothing but it, side by side.
        var runtime = await Dotnet.RunAsync(RepositoryRoot, $"pack src/MlBuildTasks.Runtime/MlBuildTasks.Runtime.csproj -c Release -o \"{Feed}\" -p:Version={PackageVersion} -nr:false");
        var results = await Task.WhenAll(
            Dotnet.RunAsync(RepositoryRoot, $"pack src/MlBuildTasks/MlBuildTasks.csproj -c Release -o \"{Feed}\" -p:Version={PackageVersion} -nr:false"),
            Dotnet.RunAsync(RepositoryRoot, $"pack src/MlBuildTasks.Testing/MlBuildTasks.Testing.csproj -c Release -o \"{Feed}\" -p:Version={PackageVersion} -nr:false"));
        foreach (var result in results.Prepend(runtime))
            if (result.ExitCode != 0) throw new InvalidOperationException("Packing failed:\n" + result);
    }
}

/// <summary>Runs the dotnet CLI as a user would, isolated from the test host's MSBuild environment.</summary>
public static class Dotnet
{
    public static async Task<DotnetResult> RunAsync(string workingDirectory, string arguments, string? binlog = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", arguments + (binlog is null ? "" : $" -bl:\"{binlog}\""))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // dotnet test runs inside MSBuild; its variables would leak into the child build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["NUGET_PACKAGES"] = TestEnvironment.PackageCache;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet {arguments}` did not finish in 5 minutes:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return new DotnetResult("dotnet " + arguments, process.ExitCode, output.ToString(), binlog);
    }

    private static async Task PumpAsync(StreamReader reader, System.Text.StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (into) into.AppendLine(line);
    }
}
