using System.IO.Compression;
using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Monitoring;

/// <summary>
/// What production data is compared with: the released model's training profile, test metrics and (when present) spec,
/// read from a model package (<c>.nupkg</c> or <c>.zip</c>, under <c>model/</c>) or from a folder holding the files
/// (a build's artifact folder, an app's output folder where the package copied them).
/// </summary>
public sealed record ModelReference(string Model, string Source, ProfileDocument Profile, MetricsDocument? Metrics, byte[]? SpecJson, string? Version)
{
    /// <summary>The word that asks for the latest stable release on the release feed instead of a path.</summary>
    public const string LatestRelease = "release";

    /// <param name="path">A .nupkg, a .zip or a folder.</param>
    /// <param name="model">The model's name; optional when the package or folder holds one model.</param>
    public static ModelReference Open(string path, string? model)
    {
        if (path == LatestRelease)
            throw Unreadable(path, "'release' means the latest release of a package, and no package id was given (--package-id; MlCheckDrift passes the project's)");
        var files = File.Exists(path) ? PackageFiles(File.OpenRead(path), path) : Directory.Exists(path) ? FolderFiles(path)
            : throw Unreadable(path, "there is no such file or folder");
        return Read(files, path, model);
    }

    /// <summary>
    /// The highest stable version of package <paramref name="id"/> on the release feed (MlReleaseFeed, else the package
    /// output folder, as the version rules read it): what production runs, for a scheduled drift check.
    /// </summary>
    public static ModelReference LatestReleaseOf(string id, string? releaseFeed, string outputDirectory, string projectDirectory, string? model)
    {
        MlBuildException Unreadable(string why) => ModelReference.Unreadable($"the latest release of {id}", why);
        var feed = Packaging.ReleaseFeed.Open(releaseFeed, outputDirectory, projectDirectory, id, ex => Unreadable($"the feed could not be read: {ex.Message}"));
        var version = Gates.BaselineVersions.Choose(feed.Versions, building: null)
            ?? throw Unreadable($"{feed.Description} has no stable version of {id}");
        var source = $"{id} {version.ToNormalizedString()} on {feed.Description}";
        return Read(PackageFiles(new MemoryStream(feed.TryDownload(id, version)!, writable: false), source), source, model);
    }

    private static ModelReference Read(Dictionary<string, Func<byte[]>> files, string path, string? model)
    {
        var profiles = files.Keys.Where(k => k.EndsWith(".profile.json", StringComparison.Ordinal)).Select(k => k[..^".profile.json".Length]).Order(StringComparer.Ordinal).ToList();
        model ??= profiles.Count == 1 ? profiles[0]
            : throw Unreadable(path, profiles.Count == 0 ? "it holds no <Model>.profile.json (a model packed by MlBuildTasks carries one)" : $"it holds the profiles of several models ({string.Join(", ", profiles)}); name one");
        if (!files.TryGetValue(model + ".profile.json", out var profileFile))
            throw Unreadable(path, $"it holds no {model}.profile.json{(profiles.Count > 0 ? $" (it has: {string.Join(", ", profiles)})" : "")}");

        var profile = Read<ProfileDocument>(profileFile(), path, model + ".profile.json")!;
        var metrics = files.TryGetValue(model + ".metrics.json", out var metricsFile) ? Read<MetricsDocument>(metricsFile(), path, model + ".metrics.json") : null;
        var spec = files.TryGetValue(model + ".mlmodel.json", out var specFile) ? specFile() : null;
        string? version = null;
        if (files.TryGetValue(model + ".lineage.json", out var lineageFile))
        {
            using var lineage = JsonDocument.Parse(lineageFile());
            version = lineage.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        return new ModelReference(model, path, profile, metrics, spec, version);
    }

    /// <summary>A package's <c>model/</c> JSON files by name (<paramref name="package"/> is read and closed).</summary>
    private static Dictionary<string, Func<byte[]>> PackageFiles(Stream package, string path)
    {
        try
        {
            using var zip = new ZipArchive(package, ZipArchiveMode.Read);
            // The JSON documents are small: read now, while the archive is open.
            return zip.Entries.Where(e => e.FullName.StartsWith("model/", StringComparison.Ordinal) && e.FullName.EndsWith(".json", StringComparison.Ordinal))
                .Select(e => (Name: e.FullName["model/".Length..], Bytes: Bytes(e)))
                .ToDictionary(e => e.Name, e => (Func<byte[]>)(() => e.Bytes), StringComparer.Ordinal);
        }
        catch (InvalidDataException ex)
        {
            throw Unreadable(path, $"it is not a readable package ({ex.Message.TrimEnd('.')})");
        }
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Dictionary<string, Func<byte[]>> FolderFiles(string path) =>
        Directory.GetFiles(path, "*.json").ToDictionary(f => Path.GetFileName(f), f => (Func<byte[]>)(() => File.ReadAllBytes(f)), StringComparer.Ordinal);

    private static T? Read<T>(byte[] bytes, string path, string name) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ArtifactJson.Options) ?? throw Unreadable(path, $"{name} is empty");
        }
        catch (JsonException ex)
        {
            throw Unreadable(path, $"{name} is not valid: {ex.Message}");
        }
    }

    internal static MlBuildException Unreadable(string path, string why) =>
        new(Diagnostic.Error(DiagnosticCodes.MonitorReferenceUnreadable,
            $"The drift check's reference '{path}' cannot be used: {why}. Name a model package (.nupkg or .zip) or a folder holding <Model>.profile.json and <Model>.metrics.json."));
}
