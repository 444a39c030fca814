using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;
using NuGet.Packaging;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Tests.Packaging;

[TestClass]
public sealed class ModelPackagerTests
{
    private const string Id = "Contoso.Churn.Model";

    /// <summary>One binary model (fast-tree, gates passed), trained once and packed by every test into its own folder.</summary>
    private static ModelProject _trained = null!;

    private static readonly string[] ModelFiles =
        ["README.md", "contentFiles/cs/any/Churn.g.cs", "model/Churn.lineage.json", "model/Churn.metrics.json", "model/Churn.mlmodel.json", "model/Churn.profile.json",
         "model/Churn.sha256", "model/Churn.signature.json", "model/Churn.zip"];

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _trained = ModelProject.Binary();
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(_trained.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [ClassCleanup]
    public static void DeleteModel() => _trained.Dispose();

    private static PackRequest Request(string outputDirectory, PackageFormat format = PackageFormat.Nupkg, string id = Id, string version = "1.2.3-beta.1", ModelProject? project = null, string? artifactDirectory = null) =>
        new((project ?? _trained).SpecPath, artifactDirectory ?? (project ?? _trained).OutputDirectory, id, version, outputDirectory, format,
            Authors: "Contoso ML", License: "MIT", RepositoryUrl: "https://example.com/contoso/churn.git");

    private static byte[] Entry(PackageArchiveReader reader, string path)
    {
        using var stream = reader.GetStream(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Dictionary<string, byte[]> ZipEntries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [TestMethod]
    public void NupkgHasTheIdentityReadmeAndMetadata()
    {
        using var output = new TempFolder();
        var diagnostics = new DiagnosticList();

        var path = ModelPackager.Pack(Request(output.Path), diagnostics);

        Assert.AreEqual(Path.Combine(output.Path, Id + ".1.2.3-beta.1.nupkg"), path);
        Assert.IsEmpty(diagnostics.Items);
        using var reader = new PackageArchiveReader(path);
        var nuspec = reader.NuspecReader;
        Assert.AreEqual(Id, nuspec.GetId());
        Assert.AreEqual(NuGetVersion.Parse("1.2.3-beta.1"), nuspec.GetVersion());
        Assert.AreEqual("README.md", nuspec.GetReadme());
        Assert.AreEqual("Contoso ML", nuspec.GetAuthors());
        Assert.AreEqual("MIT", nuspec.GetLicenseMetadata()!.License);
        Assert.AreEqual("https://example.com/contoso/churn.git", nuspec.GetRepositoryMetadata().Url);
        Assert.Contains("'Churn' predicting 'Churned'", nuspec.GetDescription());

        var readme = Encoding.UTF8.GetString(Entry(reader, "README.md"));
        StringAssert.StartsWith(readme, $"# {Id} 1.2.3-beta.1");
        Assert.Contains("| auc |", readme);
        Assert.Contains("## Performance (build machine)", readme);
        Assert.Contains("| latency-p99-ms |", readme);
        Assert.Contains("| Usage | `Usage` | number | Single |", readme);
    }

    [TestMethod]
    public void NupkgHoldsTheModelArtifactsAndBuildTargets()
    {
        using var output = new TempFolder();
        var path = ModelPackager.Pack(Request(output.Path), new DiagnosticList());

        using var reader = new PackageArchiveReader(path);
        var files = reader.GetFiles().ToHashSet(StringComparer.Ordinal);
        foreach (var file in ModelFiles.Append($"build/{Id}.targets").Append($"buildTransitive/{Id}.targets"))
            Assert.Contains(file, files);

        var artifacts = _trained.Artifacts();
        CollectionAssert.AreEqual(File.ReadAllBytes(artifacts.Model), Entry(reader, "model/Churn.zip"));
        CollectionAssert.AreEqual(File.ReadAllBytes(artifacts.Metrics), Entry(reader, "model/Churn.metrics.json"));
        CollectionAssert.AreEqual(File.ReadAllBytes(_trained.SpecPath), Entry(reader, "model/Churn.mlmodel.json"));

        var targets = Encoding.UTF8.GetString(Entry(reader, $"build/{Id}.targets"));
        // Every model file (the loader checks them against the .sha256 beside them); IfDifferent, as a changed file's entry time changes with its content.
        Assert.Contains("Include=\"$(MSBuildThisFileDirectory)../model/Churn.*\" Link=\"%(Filename)%(Extension)\" CopyToOutputDirectory=\"IfDifferent\"", targets);
        Assert.AreEqual(targets, Encoding.UTF8.GetString(Entry(reader, $"buildTransitive/{Id}.targets")));
    }

    [TestMethod]
    public void FastTreeModelDependsOnMicrosoftMlFastTreeAndTheRuntime()
    {
        using var output = new TempFolder();
        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path), new DiagnosticList()));

        var group = reader.GetPackageDependencies().Single();
        Assert.AreEqual("net10.0", group.TargetFramework.GetShortFolderName());
        CollectionAssert.AreEqual(new[] { "Microsoft.ML", "Microsoft.ML.FastTree", "MlBuildTasks.Runtime" }, group.Packages.Select(p => p.Id).ToArray());
        foreach (var dependency in group.Packages.Where(p => p.Id.StartsWith("Microsoft.ML", StringComparison.Ordinal)))
            Assert.AreEqual(NuGetVersion.Parse(EngineInfo.MlNetVersion), dependency.VersionRange.MinVersion, dependency.ToString());
        // The generated API's runtime, at the version of the MlBuildTasks that packed it.
        Assert.AreEqual(NuGetVersion.Parse(EngineInfo.EngineVersion), group.Packages.Single(p => p.Id == "MlBuildTasks.Runtime").VersionRange.MinVersion);
    }

    [TestMethod]
    public void LinearModelDependsOnlyOnMicrosoftMl()
    {
        using var project = ModelProject.Binary(trainer: "lbfgs-logistic");
        Assert.IsTrue(project.Train().Succeeded);
        using var output = new TempFolder();

        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path, project: project), new DiagnosticList()));

        CollectionAssert.AreEqual(new[] { "Microsoft.ML", "MlBuildTasks.Runtime" }, reader.GetPackageDependencies().Single().Packages.Select(p => p.Id).ToArray());
    }

    /// <summary>Microsoft.ML.LightGbm brings FastTree and the native LightGBM package with it, so it is the one dependency to add.</summary>
    [TestMethod]
    public void LightGbmModelDependsOnMicrosoftMlAndMicrosoftMlLightGbm()
    {
        using var project = ModelProject.Binary(trainer: "lightgbm");
        Assert.IsTrue(project.Train().Succeeded);
        using var output = new TempFolder();

        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path, project: project), new DiagnosticList()));

        var group = reader.GetPackageDependencies().Single();
        CollectionAssert.AreEqual(new[] { "Microsoft.ML", "Microsoft.ML.LightGbm", "MlBuildTasks.Runtime" }, group.Packages.Select(p => p.Id).ToArray());
        foreach (var dependency in group.Packages.Where(p => p.Id.StartsWith("Microsoft.ML", StringComparison.Ordinal)))
            Assert.AreEqual(NuGetVersion.Parse(EngineInfo.MlNetVersion), dependency.VersionRange.MinVersion, dependency.ToString());
    }

    [TestMethod]
    public void LineageHasFingerprintsAndPathsRelativeToTheSpec()
    {
        using var output = new TempFolder();
        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path), new DiagnosticList()));

        var lineage = JsonSerializer.Deserialize<Lineage>(Entry(reader, "model/Churn.lineage.json"), ArtifactJson.Options)!;
        var manifest = ArtifactJson.TryRead<RunManifest>(_trained.Artifacts().Manifest)!;

        Assert.AreEqual(Lineage.CurrentSchemaVersion, lineage.SchemaVersion);
        Assert.AreEqual("Churn", lineage.Model);
        Assert.AreEqual(Id, lineage.PackageId);
        Assert.AreEqual("1.2.3-beta.1", lineage.Version);
        CollectionAssert.AreEqual(
            new[] { $"spec|Churn.mlmodel.json|{ContentFingerprint.OfFile(_trained.SpecPath)}", $"data|data.csv|{ContentFingerprint.OfFile(_trained.DataPath)}" },
            lineage.Inputs.Select(i => $"{i.Role}|{i.Path}|{i.Fingerprint}").ToArray());
        Assert.AreEqual(manifest.Fingerprint, lineage.Fingerprint);
        Assert.AreEqual("fast-tree", lineage.Trainer);
        Assert.AreEqual(42, lineage.Seed);
        Assert.AreEqual(EngineInfo.MlNetVersion, lineage.MlNetVersion);
        Assert.AreEqual(Sha256(File.ReadAllBytes(_trained.Artifacts().Model)), lineage.ModelSha256);
        Assert.AreEqual(manifest.TrainedAtUtc, lineage.TrainedAtUtc);
        Assert.IsNull(lineage.GitCommit, "the temp folder is not a git checkout");
    }

    [TestMethod]
    public void LineageHasTheCommitOfTheProjectFolder()
    {
        using var output = new TempFolder();
        using var repository = new TempFolder();
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        repository.Write(".git/HEAD", "ref: refs/heads/main\n");
        repository.Write(".git/refs/heads/main", commit + "\n");

        var request = Request(output.Path) with { ProjectDirectory = repository.Path };
        using var reader = new PackageArchiveReader(ModelPackager.Pack(request, new DiagnosticList()));

        var lineage = JsonSerializer.Deserialize<Lineage>(Entry(reader, "model/Churn.lineage.json"), ArtifactJson.Options)!;
        Assert.AreEqual(commit, lineage.GitCommit);
        Assert.Contains("- Git commit: " + commit, Encoding.UTF8.GetString(Entry(reader, "README.md")));
    }

    [TestMethod]
    public void ZipHasTheSameFilesAndAManifestOfTheirHashes()
    {
        using var output = new TempFolder();
        var path = ModelPackager.Pack(Request(output.Path, PackageFormat.Zip), new DiagnosticList());

        Assert.AreEqual(Path.Combine(output.Path, Id + ".1.2.3-beta.1.zip"), path);
        var entries = ZipEntries(path);
        CollectionAssert.AreEquivalent(ModelFiles.Append("manifest.json").ToArray(), entries.Keys.ToArray());
        CollectionAssert.AreEqual(File.ReadAllBytes(_trained.Artifacts().Model), entries["model/Churn.zip"]);

        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        Assert.AreEqual(Id, manifest.RootElement.GetProperty("id").GetString());
        Assert.AreEqual("1.2.3-beta.1", manifest.RootElement.GetProperty("version").GetString());
        var hashes = manifest.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString()!);
        CollectionAssert.AreEquivalent(ModelFiles, hashes.Keys.ToArray());
        foreach (var (file, hash) in hashes) Assert.AreEqual(Sha256(entries[file]), hash, file);
    }

    [TestMethod]
    [DataRow(PackageFormat.Nupkg)]
    [DataRow(PackageFormat.Zip)]
    public void PackingTwiceGivesTheSameBytes(PackageFormat format)
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var a = ModelPackager.Pack(Request(first.Path, format), new DiagnosticList());
        var b = ModelPackager.Pack(Request(second.Path, format), new DiagnosticList());
        CollectionAssert.AreEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [TestMethod]
    public void VersionIsNormalised()
    {
        using var output = new TempFolder();
        var path = ModelPackager.Pack(Request(output.Path, version: "1.0"), new DiagnosticList());
        Assert.AreEqual(Id + ".1.0.0.nupkg", Path.GetFileName(path));
    }

    [TestMethod]
    public void ModelThatMissedItsGatesIsRefusedWithMLB5001()
    {
        using var project = ModelProject.Binary(gates: "{ \"metric\": \"auc\", \"max\": 0.5 }");
        Assert.IsFalse(project.Train().Succeeded);
        using var output = new TempFolder();

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, project: project), new DiagnosticList()), DiagnosticCodes.PackGatesFailed);

        Assert.Contains("failed its quality gates (auc)", error.Message);
        Assert.IsEmpty(Directory.GetFiles(output.Path));
    }

    [TestMethod]
    public void ModelNeverTrainedIsRefusedWithMLB5002()
    {
        using var output = new TempFolder();
        var error = DiagnosticAssert.Throws(
            () => ModelPackager.Pack(Request(output.Path, artifactDirectory: output.Combine("no-artifacts")), new DiagnosticList()), DiagnosticCodes.PackModelMissing);
        Assert.Contains("has not been trained", error.Message);
    }

    [TestMethod]
    public void ModelFileChangedAfterTrainingIsRefusedWithMLB5002()
    {
        using var copy = new TempFolder();
        var artifacts = _trained.Artifacts();
        foreach (var file in new[] { artifacts.Model, artifacts.Metrics, artifacts.Manifest })
            File.Copy(file, copy.Combine(Path.GetFileName(file)));
        var model = File.ReadAllBytes(artifacts.Model);
        model[model.Length / 2] ^= 0xFF;
        File.WriteAllBytes(copy.Combine("Churn.zip"), model);

        var error = DiagnosticAssert.Throws(
            () => ModelPackager.Pack(Request(copy.Combine("out"), artifactDirectory: copy.Path), new DiagnosticList()), DiagnosticCodes.PackModelMissing);

        Assert.Contains("does not match the one its gates passed for", error.Message);
        Assert.IsFalse(Directory.Exists(copy.Combine("out")));
    }

    [TestMethod]
    public void SpecEditedAfterTrainingIsRefusedWithMLB5002()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Succeeded);
        File.AppendAllText(project.SpecPath, "\n");
        using var output = new TempFolder();

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, project: project), new DiagnosticList()), DiagnosticCodes.PackModelMissing);

        Assert.Contains("changed after model", error.Message);
        Assert.IsEmpty(Directory.GetFiles(output.Path));
    }

    [TestMethod]
    public void ModelFileDeletedAfterTrainingIsRefusedWithMLB5002()
    {
        using var copy = new TempFolder();
        var artifacts = _trained.Artifacts();
        foreach (var file in new[] { artifacts.Metrics, artifacts.Manifest })
            File.Copy(file, copy.Combine(Path.GetFileName(file)));

        DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(copy.Combine("out"), artifactDirectory: copy.Path), new DiagnosticList()), DiagnosticCodes.PackModelMissing);
    }

    [TestMethod]
    [DataRow("1.2.3.4.5")]
    [DataRow("one")]
    [DataRow("")]
    public void InvalidVersionIsMLB5003(string version)
    {
        using var output = new TempFolder();
        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, version: version), new DiagnosticList()), DiagnosticCodes.PackInvalidVersion);
        Assert.Contains($"'{version}' is not a valid package version", error.Message);
        Assert.IsEmpty(Directory.GetFiles(output.Path));
    }

    [TestMethod]
    [DataRow("Contoso Churn")]
    [DataRow("Churn/Model")]
    [DataRow(".Churn")]
    public void InvalidIdIsMLB5004(string id)
    {
        using var output = new TempFolder();
        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, id: id), new DiagnosticList()), DiagnosticCodes.PackInvalidId);
        Assert.Contains($"'{id}' is not a valid NuGet package id", error.Message);
    }
}
