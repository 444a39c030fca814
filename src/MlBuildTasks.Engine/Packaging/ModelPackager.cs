using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Licenses;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// Packs a trained, gated model as a NuGet package (with NuGet.Packaging) or a zip. The package holds the
/// model, its signature, metrics, data profile, spec, lineage, the SHA-256 of every model file and a model-card README,
/// plus build targets that copy the model to a consuming app's output (docs/package.md). A model whose gates failed,
/// or whose file does not match its manifest, is refused, and so is a version that breaks the release rules
/// (<see cref="VersionRules"/>). The same inputs give the same bytes.
/// </summary>
public static class ModelPackager
{
    public static string Pack(PackRequest request, IDiagnosticSink sink)
    {
        var spec = SpecParser.Load(request.SpecPath, sink, request.ModelName);
        var paths = new ArtifactPaths(request.ArtifactDirectory, spec.Name);
        var (metrics, manifest) = LoadTrainedModel(paths, spec);

        if (!PackageIdValidator.IsValidPackageId(request.PackageId))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackInvalidId,
                $"'{request.PackageId}' is not a valid NuGet package id. Use letters, digits, '.', '-' and '_' (set PackageId or the MlModel item's PackageId metadata)."));
        if (!NuGetVersion.TryParse(request.Version, out var version))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackInvalidVersion,
                $"'{request.Version}' is not a valid package version. Use SemVer such as 1.2.0 or 1.2.0-beta.1 (set Version)."));

        var specDirectory = Path.GetDirectoryName(spec.SpecPath)!;
        var modelBytes = File.ReadAllBytes(paths.Model);
        var profile = ArtifactJson.TryRead<ProfileDocument>(paths.Profile);
        var signature = SignatureBuilder.Build(spec, metrics, profile, modelBytes);

        // The version rules, before anything is written: the previous release's inputs now, this version's bytes below.
        var feed = ReleaseFeed.Open(request.ReleaseFeed, request.OutputDirectory, request.ProjectDirectory ?? specDirectory, request.PackageId);
        var signatureCheck = VersionRules.CheckSignature(feed, request.PackageId, version, signature, request.AcceptBreakingChange, spec.SpecPath, sink);

        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [$"model/{spec.Name}.zip"] = modelBytes,
            [$"model/{spec.Name}.metrics.json"] = File.ReadAllBytes(paths.Metrics),
            [$"model/{spec.Name}.mlmodel.json"] = File.ReadAllBytes(spec.SpecPath),
            [$"model/{spec.Name}.signature.json"] = JsonSerializer.SerializeToUtf8Bytes(signature, ArtifactJson.Options),
        };
        if (profile is not null) files[$"model/{spec.Name}.profile.json"] = File.ReadAllBytes(paths.Profile);
        if (OnnxFileOf(paths, metrics) is { } onnx) files[$"model/{spec.Name}.onnx"] = onnx;

        var gitCommit = GitInfo.CommitOf(request.ProjectDirectory ?? specDirectory);
        var lineage = new Lineage(
            Lineage.CurrentSchemaVersion, spec.Name, request.PackageId, version.ToNormalizedString(),
            // A baseline package ("package:Id/1.0.0") or a query is no file path.
            manifest.Inputs.Select(i => Path.IsPathRooted(i.Path) ? i with { Path = Path.GetRelativePath(specDirectory, i.Path).Replace('\\', '/') } : i).ToList(),
            manifest.Fingerprint, manifest.Trainer, manifest.Seed, manifest.EngineVersion, manifest.MlNetVersion,
            gitCommit, manifest.ModelSha256!, manifest.TrainedAtUtc,
            manifest.AcceptedRegressions, manifest.Baseline,
            ModelChecksums.Of(files.Where(f => ModelChecksums.IsModelFile(f.Key))), signatureCheck);
        files[$"model/{spec.Name}.lineage.json"] = JsonSerializer.SerializeToUtf8Bytes(lineage, ArtifactJson.Options);
        // Last: it covers every other file in model/.
        files[ModelChecksums.PathOf(spec.Name)] = Encoding.UTF8.GetBytes(ModelChecksums.Render(files));
        files["README.md"] = Encoding.UTF8.GetBytes(ModelCard.Render(metrics, lineage, request.Description, signature));
        files[ModelApiGenerator.PathOf(spec.Name)] = Encoding.UTF8.GetBytes(ModelApiGenerator.Generate(signature, request.PackageId, version.ToNormalizedString()));

        string output;
        byte[] package;
        if (request.Format == PackageFormat.Zip)
        {
            output = Path.Combine(request.OutputDirectory, $"{request.PackageId}.{version.ToNormalizedString()}.zip");
            package = InMemory(stream => WriteZip(stream, files, request, version));
            // Zip archives are not on NuGet feeds: the one already written is the release to keep.
            if (File.Exists(output) && !File.ReadAllBytes(output).AsSpan().SequenceEqual(package))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackVersionExists,
                    $"'{output}' already exists with different contents; a released version never changes. Set a new Version, or delete the file if it was never released."));
        }
        else
        {
            var targets = Encoding.UTF8.GetBytes(ConsumerTargets(spec.Name));
            files[$"build/{request.PackageId}.targets"] = targets;
            files[$"buildTransitive/{request.PackageId}.targets"] = targets;
            output = Path.Combine(request.OutputDirectory, $"{request.PackageId}.{version.ToNormalizedString()}.nupkg");
            var builder = CreateBuilder(request, version, spec, manifest.Trainer, gitCommit, files);
            package = WithFixedEntryTimes(InMemory(builder.Save));
            VersionRules.CheckNotReleased(feed, request.PackageId, version, package, sink);
        }

        // Built in memory and checked first: a refused version leaves the output folder as it was.
        AtomicFile.WriteAllBytes(output, package);

        sink.Message($"{spec.Name}: packed {Path.GetFileName(output)} -> {output}", important: true);
        return output;
    }

    private static (MetricsDocument, RunManifest) LoadTrainedModel(ArtifactPaths paths, ModelSpec spec)
    {
        var metrics = ArtifactJson.TryRead<MetricsDocument>(paths.Metrics);
        var manifest = ArtifactJson.TryRead<RunManifest>(paths.Manifest);
        if (metrics is null || manifest is null)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackModelMissing,
                $"Model '{paths.ModelName}' has not been trained: '{paths.Metrics}' is missing. Build the project before packing it."));
        if (!manifest.GatesPassed || !metrics.GatesPassed)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackGatesFailed,
                $"Model '{paths.ModelName}' failed its quality gates ({string.Join(", ", metrics.Gates.Where(g => !g.Passed).Select(g => g.Metric))}); a model that fails its gates is never packed."));
        if (!Reproducible.FileHasSha256(paths.Model, manifest.ModelSha256))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackModelMissing,
                $"The model file '{paths.Model}' is missing or does not match the one its gates passed for. Rebuild the project."));
        // The package carries the spec as it is now; it must be the one the model was made from.
        var trainedSpec = manifest.Inputs.FirstOrDefault(i => i.Role == "spec")?.Fingerprint;
        if (trainedSpec != ContentFingerprint.OfFile(spec.SpecPath))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackModelMissing,
                $"The spec '{spec.SpecPath}' changed after model '{paths.ModelName}' was trained. Build the project again before packing it."));
        return (metrics, manifest);
    }

    /// <summary>The ONNX export when the spec asked for one (metrics.json says so); it must be the file whose parity check passed.</summary>
    private static byte[]? OnnxFileOf(ArtifactPaths paths, MetricsDocument metrics)
    {
        if (metrics.Onnx is not { } onnx) return null;
        if (!onnx.Passed || !Reproducible.FileHasSha256(paths.Onnx, onnx.Sha256))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackModelMissing,
                $"The ONNX file '{paths.Onnx}' is missing or does not match the one its parity check passed for. Rebuild the project."));
        return File.ReadAllBytes(paths.Onnx);
    }

    private static PackageBuilder CreateBuilder(PackRequest request, NuGetVersion version, ModelSpec spec, string trainer, string? gitCommit, IDictionary<string, byte[]> files)
    {
        var builder = new PackageBuilder(deterministic: true)
        {
            Id = request.PackageId,
            Version = version,
            Description = request.Description ?? $"ML.NET {spec.Task.ToName()} model '{spec.Name}' predicting '{spec.Label}', trained and gated by MlBuildTasks.",
            Readme = "README.md",
        };
        builder.Authors.Add(string.IsNullOrWhiteSpace(request.Authors) ? request.PackageId : request.Authors);
        builder.Tags.Add("ml.net");
        builder.Tags.Add("machine-learning");
        builder.Tags.Add("model");
        foreach (var tag in (request.Tags ?? "").Split([';', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!builder.Tags.Contains(tag)) builder.Tags.Add(tag);
        // The commit ties the package to its source, as SourceLink-enabled SDK packs do.
        if (!string.IsNullOrWhiteSpace(request.RepositoryUrl)) builder.Repository = new RepositoryMetadata("git", request.RepositoryUrl, "", gitCommit ?? "");
        if (!string.IsNullOrWhiteSpace(request.License))
            builder.LicenseMetadata = new LicenseMetadata(LicenseType.Expression, request.License, NuGetLicenseExpression.Parse(request.License), null, LicenseMetadata.EmptyVersion);

        // The app needs ML.NET (and the trainer's package) to load the model, and MlBuildTasks.Runtime for the generated API.
        var packages = new SortedSet<string>(StringComparer.Ordinal) { "Microsoft.ML", TrainerCatalog.Get(spec.Task, trainer).RuntimePackage };
        var mlNet = VersionRange.Parse(EngineInfo.MlNetVersion);
        var dependencies = packages.Select(p => new PackageDependency(p, mlNet)).Append(new PackageDependency("MlBuildTasks.Runtime", VersionRange.Parse(EngineInfo.EngineVersion)));
        builder.DependencyGroups.Add(new PackageDependencyGroup(NuGetFramework.Parse("net10.0"), dependencies.OrderBy(d => d.Id, StringComparer.Ordinal).ToList()));
        // The generated API compiles into the referencing project (contentFiles; the default build action, said explicitly).
        builder.ContentFiles.Add(new ManifestContentFiles { Include = "cs/any/*.g.cs", BuildAction = "Compile", CopyToOutput = "false", Flatten = "true" });

        foreach (var (path, content) in files)
            builder.Files.Add(new InMemoryPackageFile(path, content));
        return builder;
    }

    private static void WriteZip(Stream stream, IDictionary<string, byte[]> files, PackRequest request, NuGetVersion version)
    {
        var manifest = new ZipManifest(1, request.PackageId, version.ToNormalizedString(),
            files.Select(f => new ZipManifestFile(f.Key, Reproducible.Sha256(f.Value))).ToList());
        var all = new SortedDictionary<string, byte[]>(files, StringComparer.Ordinal)
        {
            ["manifest.json"] = JsonSerializer.SerializeToUtf8Bytes(manifest, ArtifactJson.Options),
        };
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, content) in all)
        {
            using var to = OpenEntry(zip, path, content);
            to.Write(content);
        }
    }

    /// <summary>A new entry stamped with the time its content gives (<see cref="Reproducible.EntryTimeOf"/>), open for writing: no clock reaches a package.</summary>
    private static Stream OpenEntry(ZipArchive zip, string path, byte[] content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = Reproducible.EntryTimeOf(content);
        return entry.Open();
    }

    /// <summary>
    /// The package with every entry stamped by its content (<see cref="Reproducible.EntryTimeOf"/>): NuGet's PackageBuilder
    /// stamps its entries with the time of packing (its deterministic timestamps were reverted in NuGet 5.3, NuGet/Home#8601),
    /// so two packs of the same model a minute apart would differ. Entries are copied in order, byte for byte.
    /// </summary>
    private static byte[] WithFixedEntryTimes(byte[] package)
    {
        using var source = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
        return InMemory(stream =>
        {
            using var target = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var content = new MemoryStream();
                from.CopyTo(content);
                using var to = OpenEntry(target, entry.FullName, content.ToArray());
                content.Position = 0;
                content.CopyTo(to);
            }
        });
    }

    private static byte[] InMemory(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// MSBuild targets in the model package: copy the model's files (model, signature, metrics, profile, lineage, the
    /// SHA-256 list a loader checks them against, an ONNX export) to the output of the referencing project.
    /// IfDifferent (size or time), not PreserveNewest: package files carry times derived from their content, not the time
    /// of packing, so after an update the app's copy may look newer, but a changed file always has another time
    /// (<see cref="Reproducible.EntryTimeOf"/>). An unchanged file is not copied again, so incremental builds stay quiet.
    /// </summary>
    private static string ConsumerTargets(string modelName) => $"""
        <Project>
          <!-- Generated by MlBuildTasks: copies the model to the output of every project that references this package. -->
          <ItemGroup>
            <None Include="$(MSBuildThisFileDirectory)../model/{modelName}.*" Link="%(Filename)%(Extension)" CopyToOutputDirectory="IfDifferent" Visible="false" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>The zip format's <c>manifest.json</c>: identity and the SHA-256 of every file.</summary>
    internal sealed record ZipManifest(int SchemaVersion, string Id, string Version, IReadOnlyList<ZipManifestFile> Files);

    internal sealed record ZipManifestFile(string Path, string Sha256);

    /// <summary>A package file held in memory, with a fixed timestamp.</summary>
    private sealed class InMemoryPackageFile(string path, byte[] content) : IPackageFile
    {
        public string Path { get; } = path;
        public string EffectivePath => Path;
        public System.Runtime.Versioning.FrameworkName TargetFramework => null!;
        public NuGetFramework? NuGetFramework => null;
        public DateTimeOffset LastWriteTime => Reproducible.ZipEntryTime;
        public Stream GetStream() => new MemoryStream(content, writable: false);
    }
}
