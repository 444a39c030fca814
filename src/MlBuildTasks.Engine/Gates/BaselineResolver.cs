using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using NuGet.Packaging;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Gates;

/// <summary>
/// The baseline a run found: a model to evaluate on the current test data (<see cref="Model"/>), a metrics file's values
/// (<see cref="Metrics"/>), or none yet (<see cref="Absent"/> says why). <see cref="Input"/> is what it adds to the run's
/// fingerprint (not to the training cache key): a different baseline re-judges the model without training it again.
/// </summary>
public sealed record ResolvedBaseline(BaselineOrigin? Origin, InputFingerprint? Input, byte[]? Model = null, BaselineMetrics? Metrics = null, string? Absent = null)
{
    public static readonly ResolvedBaseline NotDeclared = new(null, null, Absent: "the spec declares no 'baseline'");
}

/// <summary>
/// Finds the spec's baseline before anything is trained, so a missing or broken one fails in seconds: the released package
/// from a feed (pinned, or the highest stable version below the one being built), a model file, or a metrics file. A
/// package whose feed cannot be read, or whose package is unusable, falls back to the spec's metrics file when it has one.
/// </summary>
public static class BaselineResolver
{
    /// <summary>The role of the baseline among a run's inputs.</summary>
    public const string Role = "baseline";

    /// <summary>A package baseline is not a file MSBuild can watch: its input's path starts with this (the version being built is watched instead).</summary>
    public const string PackagePrefix = "package:";

    /// <param name="buildingVersion">The version being built (MSBuild's PackageVersion), or null when not known.</param>
    /// <param name="cacheDirectory">Where downloaded baseline packages are kept (the model's working folder).</param>
    public static ResolvedBaseline Resolve(ModelSpec spec, string? buildingVersion, string cacheDirectory, IDiagnosticSink sink)
    {
        if (spec.Baseline is not { } baseline) return ResolvedBaseline.NotDeclared;
        if (baseline.ModelPath is { } model) return FromModelFile(spec, baseline, model);
        if (baseline.Package is { } id) return FromPackage(spec, baseline, id, buildingVersion, cacheDirectory, sink);
        return FromMetricsFile(spec, baseline, fallback: false);
    }

    private static ResolvedBaseline FromMetricsFile(ModelSpec spec, BaselineSpec baseline, bool fallback)
    {
        var path = baseline.MetricsPath!;
        var metrics = BaselineMetrics.Load(spec);
        var exists = File.Exists(path);
        var input = new InputFingerprint(Role, path, exists ? ContentFingerprint.OfFile(path) : "missing");
        if (metrics is null) return new ResolvedBaseline(null, input, Absent: $"the optional baseline '{path}' does not exist yet");
        var origin = new BaselineOrigin(BaselineOrigin.MetricsKind, Relative(spec, path), Fallback: fallback);
        return new ResolvedBaseline(origin, input, Metrics: metrics with { Origin = origin });
    }

    private static ResolvedBaseline FromModelFile(ModelSpec spec, BaselineSpec baseline, string path)
    {
        if (!File.Exists(path))
        {
            if (baseline.Optional) return new ResolvedBaseline(null, new InputFingerprint(Role, path, "missing"), Absent: $"the optional baseline model '{path}' does not exist yet");
            throw Unusable(baseline, $"The baseline model file '{path}' does not exist. Fix the path, or mark the baseline \"optional\": true until there is one.");
        }

        var bytes = File.ReadAllBytes(path);
        if (LoadError(spec, bytes) is { } error)
            throw Unusable(baseline, $"The baseline model file '{path}' cannot be loaded as an ML.NET model of this task: {error}. Point 'model' at the <Model>.zip of an earlier build.");
        var sha = Reproducible.Sha256(bytes);
        return new ResolvedBaseline(new BaselineOrigin(BaselineOrigin.ModelKind, Relative(spec, path), ModelSha256: sha),
            new InputFingerprint(Role, path, ContentFingerprint.OfFile(path)), Model: bytes);
    }

    private static ResolvedBaseline FromPackage(ModelSpec spec, BaselineSpec baseline, string id, string? buildingVersion, string cacheDirectory, IDiagnosticSink sink)
    {
        NuGetVersion? building = null;
        if (buildingVersion is not null && !NuGetVersion.TryParse(buildingVersion, out building))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackInvalidVersion,
                $"'{buildingVersion}' is not a valid package version, so the baseline below it cannot be chosen. Use SemVer such as 1.2.0 (set Version)."));
        var pinned = baseline.Version is null ? null : NuGetVersion.Parse(baseline.Version);
        try
        {
            // A pinned version downloaded before needs no feed at all: released versions do not change.
            var version = pinned;
            var cached = pinned is null ? null : TryCached(cacheDirectory, id, pinned);
            NuGet.Configuration.PackageSource? source = null;
            if (cached is null)
            {
                var feed = PackageFeed.For(baseline.Source, Path.GetDirectoryName(spec.SpecPath)!);
                var versions = feed.Versions(id);
                version ??= BaselineVersions.Choose(versions.Keys, building);
                if (version is null)
                    return new ResolvedBaseline(null, new InputFingerprint(Role, PackagePrefix + id, "none"),
                        Absent: $"{id} has no stable version {(building is null ? "" : $"below {building.ToNormalizedString()} ")}on {feed.Description}: this is its first release");
                if (!versions.TryGetValue(version, out source))
                    throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.BaselineVersionNotFound,
                        $"The pinned baseline {id} {version.ToNormalizedString()} is not on {feed.Description}. The feed has: {Listed(versions.Keys)}. Pin a released version, or leave 'version' out for the highest stable version below the one being built.",
                        baseline.Location));
                cached = TryCached(cacheDirectory, id, version);
            }

            byte[] model;
            if (cached is not null)
            {
                try
                {
                    model = ModelOf(cached, id, version!, spec);
                }
                catch (FeedException)
                {
                    // Damaged after it was written whole: deleted, so the next run downloads it again.
                    File.Delete(CachePath(cacheDirectory, id, version!));
                    throw;
                }
            }
            else model = ModelOf(Cache(cacheDirectory, id, version!, PackageFeed.Download(source!, id, version!)), id, version!, spec);
            var sha = Reproducible.Sha256(model);
            var origin = new BaselineOrigin(BaselineOrigin.PackageKind, id, version!.ToNormalizedString(), baseline.Source ?? source?.Source, sha);
            // The run's fingerprint takes an input's content, not its path: the version is part of what was compared with.
            var fingerprint = ContentFingerprint.Combine([KeyValuePair.Create("package", $"{id}/{origin.Version}"), KeyValuePair.Create("model", sha)]);
            return new ResolvedBaseline(origin, new InputFingerprint(Role, $"{PackagePrefix}{id}/{origin.Version}", fingerprint), Model: model);
        }
        catch (FeedException ex)
        {
            // The committed metrics file is the offline fallback: a build without the feed still compares with something.
            if (baseline.MetricsPath is not null)
            {
                sink.Message($"{spec.Name}: the baseline package {id} could not be used ({ex.Message}); comparing with the committed metrics file '{Relative(spec, baseline.MetricsPath)}' instead, the offline fallback.", important: true);
                return FromMetricsFile(spec, baseline, fallback: true);
            }

            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.BaselineFeedFailed,
                $"The baseline package {id} could not be used: {ex.Message}. Check the feed ('source', or the NuGet.Config sources) and the package, or add a committed 'metrics' file as the offline fallback.",
                baseline.Location));
        }
    }

    /// <summary>A downloaded package kept from an earlier run, or null.</summary>
    private static byte[]? TryCached(string cacheDirectory, string id, NuGetVersion version)
    {
        var path = CachePath(cacheDirectory, id, version);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Keeps the package whole (written aside, then renamed) so the next run need not download it again.</summary>
    private static byte[] Cache(string cacheDirectory, string id, NuGetVersion version, byte[] nupkg)
    {
        AtomicFile.WriteAllBytes(CachePath(cacheDirectory, id, version), nupkg);
        return nupkg;
    }

    private static string CachePath(string cacheDirectory, string id, NuGetVersion version) =>
        Path.Combine(cacheDirectory, $"{id.ToLowerInvariant()}.{version.ToNormalizedString()}.nupkg");

    /// <summary>The model zip of a model package: <c>model/&lt;Model&gt;.zip</c>, or its only model zip.</summary>
    private static byte[] ModelOf(byte[] nupkg, string id, NuGetVersion version, ModelSpec spec)
    {
        try
        {
            using var reader = new PackageArchiveReader(new MemoryStream(nupkg, writable: false));
            var zips = reader.GetFiles().Where(f => f.StartsWith("model/", StringComparison.Ordinal) && f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)).ToList();
            var entry = zips.FirstOrDefault(f => f == $"model/{spec.Name}.zip") ?? (zips.Count == 1 ? zips[0] : null)
                ?? throw new FeedException($"{id} {version.ToNormalizedString()} is not a model package of '{spec.Name}': it has no model/{spec.Name}.zip{(zips.Count == 0 ? "" : $" (it has {string.Join(", ", zips)})")}");
            using var stream = reader.GetStream(entry);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var model = copy.ToArray();
            if (LoadError(spec, model) is { } error) throw new FeedException($"the model in {id} {version.ToNormalizedString()} cannot be loaded: {error}");
            return model;
        }
        catch (Exception ex) when (ex is InvalidDataException or NuGet.Packaging.Core.PackagingException or IOException)
        {
            throw new FeedException($"{id} {version.ToNormalizedString()} is not a readable package ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>Why the bytes are not a model ML.NET loads for the spec's task, or null when they are.</summary>
    private static string? LoadError(ModelSpec spec, byte[] model)
    {
        try
        {
            ModelTrainer.Load(new MLContext(spec.Seed), model, spec.Task);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex.Message.TrimEnd('.');
        }
    }

    private static string Listed(IEnumerable<NuGetVersion> versions)
    {
        var list = versions.OrderDescending().Select(v => v.ToNormalizedString()).ToList();
        return list.Count == 0 ? "no version of it" : string.Join(", ", list.Take(10)) + (list.Count > 10 ? ", ..." : "");
    }

    private static string Relative(ModelSpec spec, string path) =>
        Path.IsPathRooted(path) ? Path.GetRelativePath(Path.GetDirectoryName(spec.SpecPath)!, path).Replace('\\', '/') : path;

    private static MlBuildException Unusable(BaselineSpec baseline, string message) =>
        new(Diagnostic.Error(DiagnosticCodes.BaselineModelUnusable, message, baseline.Location));
}
