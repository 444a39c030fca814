using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>What a model is made from: fingerprints of the spec and each source, and the list of files MSBuild watches.</summary>
[TestClass]
public sealed class InputTrackingTests
{
    private static ModelSpec Load(string specPath) => SpecParser.Load(specPath, new DiagnosticList());

    [TestMethod]
    public void TheSpecAndEveryFileOfEverySourceAreFingerprintedInOrder()
    {
        using var folder = new TempFolder();
        var b = folder.Write("data/b.csv", "X,Y\n2,2\n");
        var a = folder.Write("data/a.csv", "X,Y\n1,1\n");
        var extra = folder.Write("extra.jsonl", "{\"X\": 3, \"Y\": 3}\n");
        var test = folder.Write("test.csv", "X,Y\n4,4\n");
        var specPath = folder.Write("M.mlmodel.json", "{ \"task\": \"regression\", \"data\": [\"data/*.csv\", \"extra.jsonl\"], \"testData\": \"test.csv\", \"label\": \"Y\" }");

        var inputs = InputTracking.Fingerprints(Load(specPath));

        CollectionAssert.AreEqual(new[]
        {
            new InputFingerprint("spec", specPath, ContentFingerprint.OfFile(specPath)),
            new InputFingerprint("data", a, ContentFingerprint.OfFile(a)),
            new InputFingerprint("data", b, ContentFingerprint.OfFile(b)),
            new InputFingerprint("data", extra, ContentFingerprint.OfFile(extra)),
            new InputFingerprint("testData", test, ContentFingerprint.OfFile(test)),
        }, inputs);
    }

    [TestMethod]
    public void AMissingDataFileIsMLB2001AtTheSpecsSource()
    {
        using var folder = new TempFolder();
        var specPath = folder.Write("M.mlmodel.json", "{\n  \"task\": \"regression\",\n  \"data\": [\n    \"a.csv\",\n    \"gone.csv\"\n  ],\n  \"label\": \"Y\"\n}\n");
        folder.Write("a.csv", "X,Y\n1,1\n");

        var error = DiagnosticAssert.Throws(() => InputTracking.Fingerprints(Load(specPath)), DiagnosticCodes.DataFileNotFound);

        DiagnosticAssert.At(error, specPath, 5, 5);
        Assert.Contains(folder.Combine("gone.csv"), error.Message);
    }

    [TestMethod]
    public void TheCombinedFingerprintChangesWithAnyInput()
    {
        InputFingerprint[] inputs = [new("spec", "/m.json", "a"), new("data", "/d.csv", "b")];
        var combined = InputTracking.Combined(inputs);

        Assert.AreEqual(combined, InputTracking.Combined([new("spec", "/elsewhere/m.json", "a"), new("data", "/d2.csv", "b")]), "paths do not count, content does");
        Assert.AreNotEqual(combined, InputTracking.Combined([inputs[0], inputs[1] with { Fingerprint = "c" }]));
        Assert.AreNotEqual(combined, InputTracking.Combined([inputs[0], inputs[1] with { Role = "testData" }]));
        Assert.AreNotEqual(combined, InputTracking.Combined([inputs[0]]));
        Assert.MatchesRegex("^[0-9a-f]{32}$", combined);
    }

    [TestMethod]
    public void TheInputListHasEveryFileOnceAndIsRewrittenOnlyWhenItChanges()
    {
        using var folder = new TempFolder();
        var paths = new ArtifactPaths(folder.CreateDirectory("obj"), "M");
        InputFingerprint[] inputs = [new("spec", "/p/M.mlmodel.json", "1"), new("data", "/p/a.csv", "2"), new("testData", "/p/a.csv", "2")];

        InputTracking.WriteInputList(paths, inputs);
        Assert.AreEqual("/p/M.mlmodel.json\n/p/a.csv\n", File.ReadAllText(paths.InputList));
        var longAgo = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(paths.InputList, longAgo);

        InputTracking.WriteInputList(paths, [.. inputs.Select(i => i with { Fingerprint = "changed" })]);

        Assert.AreEqual(longAgo, File.GetLastWriteTimeUtc(paths.InputList), "the same files: MSBuild's up-to-date check must not see a change");
    }

    [TestMethod]
    public void APostgresQueryIsWatchedThroughAPathThatNeverExists()
    {
        using var folder = new TempFolder();
        var paths = new ArtifactPaths(folder.CreateDirectory("obj"), "M");

        InputTracking.WriteInputList(paths, [new("spec", "/p/M.mlmodel.json", "1"), new("data", "postgres:0123456789ab", "2")]);

        var always = Path.Combine(paths.Directory, "postgres-source.always-check");
        Assert.AreEqual("/p/M.mlmodel.json\n" + always + "\n", File.ReadAllText(paths.InputList));
        Assert.IsFalse(File.Exists(always));
    }

    [TestMethod]
    public void APostgresSourceWhoseVariableIsNotSetIsMLB2016AtTheSpecsSource()
    {
        using var folder = new TempFolder();
        var variable = "MLBUILD_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var specPath = folder.Write("M.mlmodel.json",
            "{\n  \"task\": \"regression\",\n  \"data\": { \"format\": \"postgres\", \"connectionEnv\": \"" + variable + "\", \"query\": \"SELECT 1\" },\n  \"label\": \"Y\"\n}\n");

        var error = DiagnosticAssert.Throws(() => TrainingRun.Execute(new TrainRequest(specPath, folder.Combine("obj")), new DiagnosticList()), DiagnosticCodes.DataConnectionMissing);

        DiagnosticAssert.At(error, specPath, 3, 3);
        Assert.Contains($"'{variable}'", error.Message);
    }
}
