using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary><c>mlbuild validate</c>: the data checks and profile of a spec's data, without training.</summary>
[TestClass]
public sealed class ValidationRunTests
{
    private static readonly ValidationOptions Options = new();

    [TestMethod]
    public void CleanDataPassesAndWritesValidationAndProfileOnly()
    {
        using var project = ModelProject.Binary();
        var diagnostics = new DiagnosticList();

        var document = ValidationRun.Execute(project.SpecPath, project.OutputDirectory, Options, diagnostics);

        Assert.IsTrue(document.Passed, DiagnosticAssert.Describe(diagnostics));
        Assert.IsEmpty(diagnostics.Items);
        Assert.AreEqual(("Churn", 300L, (long?)null), (document.Model, document.Rows, document.TestRows));
        Assert.IsEmpty(document.Skew, "no split, so no skew");
        Assert.IsFalse(document.Checks.Any(c => c.Check == "leakage"));
        CollectionAssert.AreEquivalent(new[] { "Churn.validation.json", "Churn.profile.json" },
            Directory.GetFiles(project.OutputDirectory).Select(Path.GetFileName).ToArray());
        Assert.IsFalse(File.Exists(project.Folder.Combine("Churn.mlmodel.lock.json")));

        using var written = JsonDocument.Parse(File.ReadAllBytes(project.Artifacts().Validation));
        Assert.IsTrue(written.RootElement.GetProperty("passed").GetBoolean());
        Assert.AreEqual(document.Checks.Count, written.RootElement.GetProperty("checks").GetArrayLength());
        Assert.AreEqual(300, ArtifactJson.TryRead<ProfileDocument>(project.Artifacts().Profile)!.Rows);

        var summary = diagnostics.Messages.Last();
        Assert.AreEqual($"Churn: {document.Checks.Count} of {document.Checks.Count} data checks passed on 300 rows.", summary);
    }

    [TestMethod]
    public void WithoutAnOutputFolderNothingIsWritten()
    {
        using var project = ModelProject.Binary();
        var document = ValidationRun.Execute(project.SpecPath, null, Options, new DiagnosticList());
        Assert.IsTrue(document.Passed);
        Assert.IsFalse(Directory.Exists(project.OutputDirectory));
    }

    [TestMethod]
    public void FailingDataIsReportedAtItsCellsAndRecorded()
    {
        using var project = ModelProject.Create(
            "{\n  \"task\": \"regression\",\n  \"data\": \"data.csv\",\n  \"label\": \"Price\",\n  \"columns\": { \"Size\": { \"type\": \"number\", \"max\": 100 } }\n}\n",
            "Size,Price\n10,1\n200,2\n30,3\n", "Prices.mlmodel.json");
        var diagnostics = new DiagnosticList();

        var document = ValidationRun.Execute(project.SpecPath, project.OutputDirectory, Options, diagnostics);

        Assert.IsFalse(document.Passed);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.DataAboveMax);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.DataAboveMax, project.DataPath, 3, 1);
        var max = document.Checks.Single(c => c.Check == "max");
        Assert.AreEqual(("Size", 3L, 1L, false), (max.Column, max.Evaluated, max.Failed, max.Passed));
        Assert.IsFalse(ArtifactJson.TryRead<ValidationDocument>(project.Artifacts().Validation)!.Passed);
        Assert.AreEqual("Prices: 4 of 5 data checks passed on 3 rows: max Size FAILED (33.3 %).", diagnostics.Messages.Last());
    }

    [TestMethod]
    public void WarningsPassUnlessWarningsAreErrors()
    {
        using var project = ModelProject.Create(SpecText.Minimal("regression", "Price"), "Size,Same,Price\n1,x,1\n2,x,2\n", "Prices.mlmodel.json");

        var lenient = new DiagnosticList();
        Assert.IsTrue(ValidationRun.Execute(project.SpecPath, null, Options, lenient).Passed);
        Assert.AreEqual(Severity.Warning, DiagnosticAssert.Single(lenient, DiagnosticCodes.DataConstantColumn).Severity);
        Assert.Contains("constant Same warning (100.0 %)", lenient.Messages.Last());

        var strict = new DiagnosticList();
        var document = ValidationRun.Execute(project.SpecPath, null, new ValidationOptions(WarningsAsErrors: true), strict);
        Assert.IsFalse(document.Passed);
        Assert.AreEqual(Severity.Error, DiagnosticAssert.Single(strict, DiagnosticCodes.DataConstantColumn).Severity);
        Assert.AreEqual(CheckSeverity.Error, document.Checks.Single(c => c.Check == "constant").Severity);
    }

    [TestMethod]
    public void TestDataIsValidatedTooWithTheTrainingSchema()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"testData\": \"test.csv\", \"label\": \"Price\" }",
            "Size,Price\n1,1\n2,2\n3,3\n", "Prices.mlmodel.json");
        var testPath = project.Folder.Write("test.csv", "Size,Price\n4,4\nbig,5\n6,6\n");
        var diagnostics = new DiagnosticList();

        var document = ValidationRun.Execute(project.SpecPath, project.OutputDirectory, Options, diagnostics);

        Assert.AreEqual((3L, (long?)3), (document.Rows, document.TestRows));
        Assert.IsFalse(document.Passed);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.DataTypeMismatch);
        DiagnosticAssert.At(diagnostics.Items[0], testPath, 3, 1);
        Assert.AreEqual(2, document.Checks.Count(c => c.Check == "type" && c.Column == "Size"));
        Assert.AreEqual(3, ArtifactJson.TryRead<ProfileDocument>(project.Artifacts().Profile)!.Rows, "the profile is of the training data");
    }

    [TestMethod]
    public void ModelNameNamesTheArtifacts()
    {
        using var project = ModelProject.Binary();
        var document = ValidationRun.Execute(project.SpecPath, project.OutputDirectory, Options, new DiagnosticList(), modelName: "Retention");
        Assert.AreEqual("Retention", document.Model);
        Assert.IsTrue(File.Exists(Path.Combine(project.OutputDirectory, "Retention.validation.json")));
        Assert.IsTrue(File.Exists(Path.Combine(project.OutputDirectory, "Retention.profile.json")));
    }

    [TestMethod]
    public void UnusableDataThrowsItsDiagnosticAndWritesNothing()
    {
        using var project = ModelProject.Create(SpecText.Minimal("regression", "Price"), "Size,Price\n1,2\n3\n");
        DiagnosticAssert.Throws(() => ValidationRun.Execute(project.SpecPath, project.OutputDirectory, Options, new DiagnosticList()), DiagnosticCodes.DataMalformed);
        Assert.IsFalse(Directory.Exists(project.OutputDirectory));
    }

    [TestMethod]
    public void RowCountAndConstantColumnChecksApplyToTheTrainingData()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"testData\": \"test.csv\", \"label\": \"Price\", \"checks\": { \"minRows\": 100 } }",
            SampleData.Regression(rows: 150), "Prices.mlmodel.json");
        var test = SampleData.Regression(rows: 30, seed: 9).Split('\n');
        project.Folder.Write("test.csv", string.Join("\n", test.Select((line, i) => i == 0 || line.Length == 0 ? line : "1" + line[line.IndexOf(',', StringComparison.Ordinal)..])));
        var diagnostics = new DiagnosticList();

        var document = ValidationRun.Execute(project.SpecPath, null, Options, diagnostics);

        Assert.IsTrue(document.Passed, DiagnosticAssert.Describe(diagnostics));
        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
    }
}
