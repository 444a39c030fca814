using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlBuildTasks.IntegrationTests.Infrastructure;

/// <summary>
/// A temp copy of a sample, set up as a user's machine would be: its own nuget.config (the local feed with
/// the freshly packed MlBuildTasks, then nuget.org), empty Directory.Build.* files so nothing of this
/// repository leaks in, and the sample's PackageReference pointing at the packed version.
/// The folder is deleted when the test passes and kept (with binlogs) when it fails.
/// </summary>
public sealed class SampleProject
{
    private int _binlogs;

    private SampleProject(string root, string projectDirectory)
    {
        Root = root;
        ProjectDirectory = projectDirectory;
    }

    public string Root { get; }
    public string ProjectDirectory { get; }
    public string ModelsFeed => Path.Combine(Root, "artifacts", "models");

    public static async Task<SampleProject> CreateAsync(string testName, string sample = "ChurnPrediction")
    {
        await TestEnvironment.EnsurePackedAsync();
        var root = Path.Combine(TestEnvironment.WorkRoot, "runs", $"{testName}-{Guid.NewGuid().ToString("N")[..8]}");
        var target = Path.Combine(root, "samples", sample);
        CopyDirectory(Path.Combine(TestEnvironment.RepositoryRoot, "samples", sample), target);
        WriteIsolation(root);

        var project = Path.Combine(target, sample + ".csproj");
        var text = File.ReadAllText(project);
        File.WriteAllText(project, UsePackedVersions(text));
        return new SampleProject(root, target);
    }

    /// <summary>Copies another sample (such as the app) next to this one, sharing its isolation files.</summary>
    public string AddSample(string sample)
    {
        var target = Path.Combine(Root, "samples", sample);
        CopyDirectory(Path.Combine(TestEnvironment.RepositoryRoot, "samples", sample), target);
        var project = Path.Combine(target, sample + ".csproj");
        File.WriteAllText(project, UsePackedVersions(File.ReadAllText(project)));
        return target;
    }

    /// <summary>MlBuildTasks and MlBuildTasks.Testing references pointed at the packages this run packed.</summary>
    private static string UsePackedVersions(string project) =>
        Regex.Replace(project, "(<PackageReference Include=\"MlBuildTasks(\\.Testing)?\" Version=\")[^\"]*", "${1}" + TestEnvironment.PackageVersion);

    /// <summary>
    /// The training cache the copy's builds use (MlCacheDirectory): its own by default, so no test sees models another
    /// test or an earlier run trained; tests of the cache point two copies at one.
    /// </summary>
    public string CacheDirectory { get; set; } = "";

    public Task<DotnetResult> RunAsync(string arguments, string? directory = null, IDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string> { ["MlCacheDirectory"] = CacheDirectory.Length > 0 ? CacheDirectory : Path.Combine(Root, "training-cache") };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) variables[key] = value;
        return Dotnet.RunAsync(directory ?? ProjectDirectory, arguments + " -nr:false", Path.Combine(Root, $"{++_binlogs:00}-{arguments.Split(' ')[0]}.binlog"), variables);
    }

    public string PathOf(string relative) => Path.Combine(ProjectDirectory, relative);

    public string ArtifactDirectory(string configuration = "Debug", string model = "ChurnModel") => PathOf($"obj/{configuration}/net10.0/ml/{model}");

    public string OutputDirectory(string configuration = "Debug") => PathOf($"bin/{configuration}/net10.0");

    public JsonDocument ReadJson(string relative) => JsonDocument.Parse(File.ReadAllBytes(PathOf(relative)));

    /// <summary>Replaces one line of a sample file (1-based).</summary>
    public void ReplaceLine(string relative, int line, Func<string, string> change)
    {
        var lines = File.ReadAllLines(PathOf(relative)).ToList();
        lines[line - 1] = change(lines[line - 1]);
        File.WriteAllText(PathOf(relative), string.Join("\n", lines) + "\n");
    }

    public void Delete()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }

    private static void WriteIsolation(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="mlbuildtasks-under-test" value="{TestEnvironment.Feed}" />
                <add key="models" value="{Path.Combine(root, "artifacts", "models")}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        Directory.CreateDirectory(Path.Combine(root, "artifacts", "models"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(root, file), "<Project />\n");
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "global.json"), Path.Combine(root, "global.json"));
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj" || relative.EndsWith("nuget.config", StringComparison.Ordinal)) continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
