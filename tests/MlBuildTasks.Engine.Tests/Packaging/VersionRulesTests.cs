using System.Text.Json;
using System.Text;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Runtime;
using NuGet.Packaging;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Tests.Packaging;

/// <summary>
/// The release rules against a folder feed: a released version is never replaced by other bytes (MLB5005), and inputs
/// that break callers of the previous release need a new major version (MLB5006). The model (Age, Plan, Usage; none
/// required) is trained once; earlier releases are written into the feed with the inputs each test needs.
/// </summary>
[TestClass]
public sealed class VersionRulesTests
{
    private const string Id = "Contoso.Churn.Model";
    private static ModelProject _trained = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _trained = ModelProject.Binary();
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(_trained.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [ClassCleanup]
    public static void DeleteModel() => _trained.Dispose();

    private static PackRequest Request(string output, string version, string? releaseFeed = null, bool accept = false) =>
        new(_trained.SpecPath, _trained.OutputDirectory, Id, version, output, Authors: "Contoso ML", ReleaseFeed: releaseFeed, AcceptBreakingChange: accept);

    private static SignatureInput Input(string name, string type = "number", bool required = false) =>
        new(name, name, type, type is "number" or "boolean" ? "Single" : "String", required);

    private static readonly SignatureInput[] CurrentInputs = [Input("Age"), Input("Plan", "category"), Input("Usage")];

    /// <summary>A released model package as an earlier version left it on the feed, with the given signature inputs.</summary>
    private static void Release(string feed, string version, IReadOnlyList<SignatureInput> inputs)
    {
        var signature = new ModelSignature(1, "Churn", "binary-classification", new SignatureLabel("Churned", "category"), inputs, []);
        WritePackage(feed, version, "model/Churn.signature.json", JsonSerializer.SerializeToUtf8Bytes(signature, ArtifactJson.Options));
    }

    private static void WritePackage(string feed, string version, string path, byte[] content)
    {
        var builder = new PackageBuilder(deterministic: true) { Id = Id, Version = NuGetVersion.Parse(version), Description = "released" };
        builder.Authors.Add("Contoso ML");
        builder.Files.Add(new PhysicalPackageFile(new MemoryStream(content)) { TargetPath = path });
        Directory.CreateDirectory(feed);
        using var stream = File.Create(Path.Combine(feed, $"{Id}.{version}.nupkg"));
        builder.Save(stream);
    }

    private static Lineage LineageOf(string nupkg)
    {
        using var reader = new PackageArchiveReader(nupkg);
        using var stream = reader.GetStream("model/Churn.lineage.json");
        return JsonSerializer.Deserialize<Lineage>(stream, ArtifactJson.Options)!;
    }

    [TestMethod]
    public void AVersionAlreadyInTheOutputFolderWithOtherContentsIsRefusedWithMLB5005()
    {
        using var feed = new TempFolder();
        var released = ModelPackager.Pack(Request(feed.Path, "1.0.0"), new DiagnosticList());
        var before = File.ReadAllBytes(released);

        var error = DiagnosticAssert.Throws(
            () => ModelPackager.Pack(Request(feed.Path, "1.0.0") with { Description = "Now with another description." }, new DiagnosticList()),
            DiagnosticCodes.PackVersionExists);

        Assert.Contains($"{Id} 1.0.0 already exists on the package output folder '{feed.Path}' with different contents", error.Message);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(released), "the released package was left as it was");
        Assert.HasCount(1, Directory.GetFiles(feed.Path));
    }

    [TestMethod]
    public void TheSameVersionPackedAgainToTheSameBytesPasses()
    {
        using var feed = new TempFolder();
        var first = File.ReadAllBytes(ModelPackager.Pack(Request(feed.Path, "1.0.0"), new DiagnosticList()));
        var diagnostics = new DiagnosticList();

        var again = ModelPackager.Pack(Request(feed.Path, "1.0.0"), diagnostics);

        CollectionAssert.AreEqual(first, File.ReadAllBytes(again));
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("already on the package output folder", StringComparison.Ordinal) && m.Contains("packed again unchanged", StringComparison.Ordinal)), string.Join("\n", diagnostics.Messages));
    }

    [TestMethod]
    public void AVersionOnTheReleaseFeedIsRefusedEvenWhenTheOutputFolderIsEmpty()
    {
        using var feed = new TempFolder();
        using var output = new TempFolder();
        Release(feed.Path, "1.0.0", CurrentInputs);
        Release(feed.Path, "1.1.0", CurrentInputs);

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, "1.1.0", feed.Path), new DiagnosticList()), DiagnosticCodes.PackVersionExists);

        Assert.Contains($"already exists on the release feed '{feed.Path}' (MlReleaseFeed)", error.Message);
        Assert.Contains("the highest there is 1.1.0", error.Message);
        Assert.IsEmpty(Directory.GetFiles(output.Path));
    }

    /// <summary>MlReleaseFeed may be the key of a NuGet.Config source (the one `dotnet nuget push -s` uses, with its credentials).</summary>
    [TestMethod]
    public void AReleaseFeedNamedByANuGetConfigKeyIsThatSource()
    {
        using var feed = new TempFolder();
        using var project = new TempFolder();
        using var output = new TempFolder();
        Release(feed.Path, "1.1.0", CurrentInputs);
        project.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="model-releases" value="{feed.Path}" />
              </packageSources>
            </configuration>
            """);

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, "1.1.0", "model-releases") with { ProjectDirectory = project.Path }, new DiagnosticList()),
            DiagnosticCodes.PackVersionExists);

        Assert.Contains("already exists on the release feed 'model-releases' (MlReleaseFeed)", error.Message);
    }

    [TestMethod]
    public void AReleaseFeedThatDoesNotExistIsMLB5007()
    {
        using var output = new TempFolder();
        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(output.Path, "1.0.0", output.Combine("no-such-feed")), new DiagnosticList()), DiagnosticCodes.PackReleaseFeedFailed);
        Assert.Contains("does not exist", error.Message);
        Assert.IsEmpty(Directory.GetFiles(output.Path));
    }

    [TestMethod]
    [DataRow("Contract", "category", "'Contract' was removed")]
    [DataRow("Plan", "number", "'Plan' changed type from number (Single) to category (String)")]
    public void ABreakingInputChangeWithinTheMajorVersionIsRefusedWithMLB5006(string column, string releasedType, string change)
    {
        using var feed = new TempFolder();
        Release(feed.Path, "1.0.0", [.. CurrentInputs.Where(i => i.Name != column), Input(column, releasedType)]);
        Release(feed.Path, "2.0.0-beta.1", []);   // a prerelease is never the release compared with

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(feed.Path, "1.1.0"), new DiagnosticList()), DiagnosticCodes.PackBreakingSignature);

        Assert.Contains($"break callers of the released {Id} 1.0.0: {change}", error.Message);
        Assert.Contains("set Version to 2.0.0 (not 1.1.0)", error.Message);
        Assert.AreEqual(_trained.SpecPath, error.File);
        Assert.IsFalse(File.Exists(Path.Combine(feed.Path, $"{Id}.1.1.0.nupkg")));
    }

    [TestMethod]
    public void TheSameBreakingChangeWithANewMajorVersionPassesAndIsRecorded()
    {
        using var feed = new TempFolder();
        Release(feed.Path, "1.3.0", [.. CurrentInputs, Input("Contract", "category")]);
        var diagnostics = new DiagnosticList();

        var lineage = LineageOf(ModelPackager.Pack(Request(feed.Path, "2.0.0"), diagnostics));

        Assert.IsFalse(diagnostics.Items.Any(d => d.Severity != Severity.Info), DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual(("1.3.0", false), (lineage.Signature!.ComparedWith, lineage.Signature.Accepted));
        CollectionAssert.AreEqual(new[] { "'Contract' was removed" }, lineage.Signature.BreakingChanges.ToArray());
    }

    [TestMethod]
    public void AcceptingABreakingChangeIsAWarningAndRecordedInTheLineageAndCard()
    {
        using var feed = new TempFolder();
        Release(feed.Path, "1.0.0", [.. CurrentInputs, Input("Contract", "category")]);
        var diagnostics = new DiagnosticList();

        var nupkg = ModelPackager.Pack(Request(feed.Path, "1.1.0", accept: true), diagnostics);

        var warning = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.PackBreakingSignature);
        Assert.AreEqual(Severity.Warning, warning.Severity);
        Assert.Contains("MlAcceptBreakingChange=true", warning.Message);
        var lineage = LineageOf(nupkg);
        Assert.IsTrue(lineage.Signature!.Accepted);
        using var reader = new PackageArchiveReader(nupkg);
        using var card = new StreamReader(reader.GetStream("README.md"));
        Assert.Contains("Inputs changed incompatibly since 1.0.0 (released anyway, MlAcceptBreakingChange): 'Contract' was removed", card.ReadToEnd());
    }

    [TestMethod]
    public void AnOptionalColumnAddedIsCompatible()
    {
        using var feed = new TempFolder();
        Release(feed.Path, "1.0.0", [.. CurrentInputs.Where(i => i.Name != "Age")]);

        var lineage = LineageOf(ModelPackager.Pack(Request(feed.Path, "1.1.0"), new DiagnosticList()));

        Assert.AreEqual("1.0.0", lineage.Signature!.ComparedWith);
        Assert.IsEmpty(lineage.Signature.BreakingChanges);
    }

    [TestMethod]
    public void APackageFromBeforeSignaturesIsComparedByItsMetricsInputs()
    {
        using var feed = new TempFolder();
        var metrics = JsonSerializer.Deserialize<MetricsDocument>(File.ReadAllBytes(_trained.Artifacts().Metrics), ArtifactJson.Options)!;
        var older = metrics with { Inputs = [.. metrics.Inputs.Select(i => i.Name == "Usage" ? i with { Kind = MlBuildTasks.Engine.Spec.ColumnType.Category, DataType = "String" } : i)] };
        WritePackage(feed.Path, "1.0.0", "model/Churn.metrics.json", JsonSerializer.SerializeToUtf8Bytes(older, ArtifactJson.Options));

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(Request(feed.Path, "1.0.1"), new DiagnosticList()), DiagnosticCodes.PackBreakingSignature);

        Assert.Contains("'Usage' changed type from category (String) to number (Single)", error.Message);
    }

    [TestMethod]
    public void RequiringAValueIsBreakingAndAddingARequiredColumnToo()
    {
        SignatureInput[] released = [Input("Age"), Input("Usage")];
        SignatureInput[] current = [Input("Age", required: true), Input("Usage"), Input("Plan", "category", required: true), Input("Region", "category")];

        CollectionAssert.AreEqual(new[] { "'Age' is now required", "'Plan' was added as a required column" },
            SignatureCompatibility.BreakingChanges(released, current).ToArray());
        Assert.IsEmpty(SignatureCompatibility.BreakingChanges(current, current));
    }
}
