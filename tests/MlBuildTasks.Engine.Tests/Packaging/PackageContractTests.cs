using System.IO.Compression;
using System.Text.Json;
using System.Text;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Runtime;
using NuGet.Packaging;

namespace MlBuildTasks.Engine.Tests.Packaging;

/// <summary>What a model package promises its users: the signature, the checksums of its files, and the same bytes from the same inputs.</summary>
[TestClass]
public sealed class PackageContractTests
{
    private const string Id = "Contoso.Churn.Model";

    /// <summary>A binary model on Age, Plan and Usage whose spec declares Usage required with bounds and Plan's allowed values.</summary>
    private static ModelProject _trained = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _trained = ModelProject.Create(
            """
            {
              "task": "binary-classification",
              "data": "data.csv",
              "label": "Churned",
              "trainer": "fast-tree",
              "columns": {
                "Usage": { "type": "number", "required": true, "min": 0, "max": 500 },
                "Plan": { "type": "category", "allowed": ["premium", "basic", "plus"] }
              },
              "gates": [ { "metric": "auc", "min": 0.8 } ]
            }
            """, SampleData.Binary());
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(_trained.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [ClassCleanup]
    public static void DeleteModel() => _trained.Dispose();

    private static PackRequest Request(string outputDirectory, PackageFormat format = PackageFormat.Nupkg) =>
        new(_trained.SpecPath, _trained.OutputDirectory, Id, "1.0.0", outputDirectory, format, Authors: "Contoso ML", License: "MIT",
            RepositoryUrl: "https://example.com/contoso/churn.git", Tags: "churn;customers");

    private static byte[] Entry(PackageArchiveReader reader, string path)
    {
        using var stream = reader.GetStream(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [TestMethod]
    public void SignatureHasTheInputsAsWrittenWithTypesRequiredRangesAndDomains()
    {
        using var output = new TempFolder();
        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path), new DiagnosticList()));

        var signature = JsonSerializer.Deserialize<ModelSignature>(Entry(reader, "model/Churn.signature.json"), ArtifactJson.Options)!;

        Assert.AreEqual(ModelSignature.CurrentSchemaVersion, signature.SchemaVersion);
        Assert.AreEqual(("Churn", "binary-classification"), (signature.Model, signature.Task));
        CollectionAssert.AreEqual(new[] { "Age|number|Single|False", "Plan|category|String|False", "Usage|number|Single|True" },
            signature.Inputs.Select(i => $"{i.Name}|{i.Type}|{i.DataType}|{i.Required}").ToArray());

        var usage = signature.Inputs.Single(i => i.Name == "Usage");
        var profile = ArtifactJson.TryRead<ProfileDocument>(_trained.Artifacts().Profile)!.Columns.Single(c => c.Name == "Usage");
        Assert.AreEqual(new NumberRange(profile.Min, profile.Max), usage.Range);
        Assert.IsLessThan(40.0, usage.Range!.Min!.Value, "the data has usage from 0 to 99");
        Assert.AreEqual(new NumberRange(0, 500), usage.ValidRange);

        var plan = signature.Inputs.Single(i => i.Name == "Plan").Categories!;
        CollectionAssert.AreEqual(new[] { "basic", "plus", "premium" }, plan.Values.ToArray());
        Assert.AreEqual(("spec", true), (plan.Source, plan.Complete));
        // Age is undeclared: its values come from the training data; as a number it has a range and no domain.
        Assert.IsNull(signature.Inputs.Single(i => i.Name == "Age").Categories);

        Assert.AreEqual("Churned", signature.Label.Name);
        // yes/no in the data is a boolean label: false/true to the model.
        CollectionAssert.AreEqual(new[] { "false", "true" }, signature.Label.Classes!.ToArray());
        Assert.AreEqual(("boolean", "true"), (signature.Label.Type, signature.Label.PositiveClass));
        CollectionAssert.AreEqual(new[] { "PredictedLabel|Boolean", "Score|Single", "Probability|Single" },
            signature.Outputs.Select(o => $"{o.Name}|{o.DataType}").ToArray());
    }

    [TestMethod]
    public void AnUndeclaredCategoryTakesItsValuesFromTheTrainingData()
    {
        using var project = ModelProject.Binary();
        Assert.IsTrue(project.Train().Succeeded);
        using var output = new TempFolder();
        var request = Request(output.Path) with { SpecPath = project.SpecPath, ArtifactDirectory = project.OutputDirectory };

        using var reader = new PackageArchiveReader(ModelPackager.Pack(request, new DiagnosticList()));

        var signature = JsonSerializer.Deserialize<ModelSignature>(Entry(reader, "model/Churn.signature.json"), ArtifactJson.Options)!;
        var plan = signature.Inputs.Single(i => i.Name == "Plan");
        Assert.IsFalse(plan.Required);
        var domain = plan.Categories!;
        CollectionAssert.AreEqual(new[] { "basic", "plus", "premium" }, domain.Values.ToArray());
        Assert.AreEqual(("training data", true, 3L), (domain.Source, domain.Complete, domain.Distinct));
        Assert.IsNull(plan.ValidRange);
    }

    [TestMethod]
    public void MulticlassSignatureListsTheClassesInTheScoreOrder()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"multiclass-classification\", \"data\": \"data.csv\", \"label\": \"Size\", \"trainer\": \"sdca-maximum-entropy\" }",
            SampleData.Multiclass(), "Iris.mlmodel.json");
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(project.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
        using var output = new TempFolder();

        using var reader = new PackageArchiveReader(ModelPackager.Pack(
            new PackRequest(project.SpecPath, project.OutputDirectory, "Iris", "1.0.0", output.Path), new DiagnosticList()));

        var signature = JsonSerializer.Deserialize<ModelSignature>(Entry(reader, "model/Iris.signature.json"), ArtifactJson.Options)!;
        var predicted = signature.Outputs.Single(o => o.Name == "PredictedLabel");
        var score = signature.Outputs.Single(o => o.Name == "Score");
        Assert.AreEqual(("String", "Single[]"), (predicted.DataType, score.DataType));
        CollectionAssert.AreEquivalent(signature.Label.Classes!.ToArray(), score.Classes!.ToArray());
        CollectionAssert.AreEqual(predicted.Classes!.ToArray(), score.Classes!.ToArray());
    }

    [TestMethod]
    public void EveryFileInModelHasItsSha256InTheChecksumFileAndTheModelFilesInTheLineage()
    {
        using var output = new TempFolder();
        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path), new DiagnosticList()));

        var modelFiles = reader.GetFiles().Where(f => f.StartsWith("model/", StringComparison.Ordinal) && f != "model/Churn.sha256").Order(StringComparer.Ordinal).ToList();
        var lines = Encoding.UTF8.GetString(Entry(reader, "model/Churn.sha256")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // sha256sum's format: the hash, two spaces, the name relative to model/.
        CollectionAssert.AreEqual(modelFiles.Select(f => $"{Reproducible.Sha256(Entry(reader, f))}  {f["model/".Length..]}").ToArray(), lines);
        Assert.HasCount(6, lines); // zip, metrics, spec, signature, profile, lineage

        var lineage = JsonSerializer.Deserialize<Lineage>(Entry(reader, "model/Churn.lineage.json"), ArtifactJson.Options)!;
        var zip = lineage.ModelFiles!.Single();
        Assert.AreEqual(("model/Churn.zip", Reproducible.Sha256(File.ReadAllBytes(_trained.Artifacts().Model))), (zip.Path, zip.Sha256));
        Assert.AreEqual(lineage.ModelSha256, zip.Sha256);
        Assert.IsNull(lineage.Signature, "a first release has nothing to compare with");
    }

    [TestMethod]
    public void ProfileAndMetadataFromTheProjectAreInThePackage()
    {
        using var output = new TempFolder();
        using var repository = new TempFolder();
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        repository.Write(".git/HEAD", commit + "\n");

        using var reader = new PackageArchiveReader(ModelPackager.Pack(Request(output.Path) with { ProjectDirectory = repository.Path }, new DiagnosticList()));

        CollectionAssert.AreEqual(File.ReadAllBytes(_trained.Artifacts().Profile), Entry(reader, "model/Churn.profile.json"));
        var nuspec = reader.NuspecReader;
        Assert.AreEqual(commit, nuspec.GetRepositoryMetadata().Commit);
        CollectionAssert.IsSubsetOf(new[] { "ml.net", "model", "churn", "customers" }, nuspec.GetTags().Split(' '));

        var card = Encoding.UTF8.GetString(Entry(reader, "README.md"));
        Assert.Contains("| Usage | `Usage` | number | Single | yes |", card);
        Assert.Contains("| Plan | `Plan` | category | String | no | basic, plus, premium |", card);
        Assert.Contains("| Probability | Single |", card);
        Assert.Contains("## Limits", card);
    }

    [TestMethod]
    public void PackingTwiceFromTheSameInputsGivesTheSameBytes()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        var a = File.ReadAllBytes(ModelPackager.Pack(Request(first.Path), new DiagnosticList()));
        var b = File.ReadAllBytes(ModelPackager.Pack(Request(second.Path), new DiagnosticList()));
        var zipA = File.ReadAllBytes(ModelPackager.Pack(Request(first.Path, PackageFormat.Zip), new DiagnosticList()));
        var zipB = File.ReadAllBytes(ModelPackager.Pack(Request(second.Path, PackageFormat.Zip), new DiagnosticList()));

        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreEqual(zipA, zipB);
        // Two packs a second apart would still agree if the clock leaked in at a coarser grain (zip times are 2 s steps,
        // and NuGet stamps its entries with the time of packing): every entry carries the time its content gives, and
        // files with different contents get different times (so MSBuild's size-and-time copy sees a changed model file).
        foreach (var package in new[] { a, zipA })
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            var contents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var content = new MemoryStream();
                stream.CopyTo(content);
                Assert.AreEqual(Reproducible.EntryTimeOf(content.ToArray()).DateTime, entry.LastWriteTime.DateTime, entry.FullName);
                contents.Add(Reproducible.Sha256(content.ToArray()));
            }

            // build/ and buildTransitive/ hold the same targets: one time for one content.
            Assert.AreEqual(contents.Count, zip.Entries.Select(e => e.LastWriteTime).Distinct().Count(), "files with other contents get other times");
        }
        // The bytes carry what was packed: a different version is a different package.
        var other = File.ReadAllBytes(ModelPackager.Pack(Request(first.Path) with { Version = "1.0.1" }, new DiagnosticList()));
        CollectionAssert.AreNotEqual(a, other);
    }

    [TestMethod]
    public void ZipHasTheSignatureChecksumsAndAManifest()
    {
        using var output = new TempFolder();
        using var zip = ZipFile.OpenRead(ModelPackager.Pack(Request(output.Path, PackageFormat.Zip), new DiagnosticList()));

        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in new[] { "manifest.json", "model/Churn.signature.json", "model/Churn.sha256", "model/Churn.profile.json" })
            Assert.Contains(file, entries);
    }
}
