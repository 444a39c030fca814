using System.IO.Compression;
using System.Text;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Packaging;

/// <summary>A model trained with <c>"onnx": true</c>: both package formats carry its ONNX export, and the card its parity figures.</summary>
[TestClass]
public sealed class ModelPackagerOnnxTests
{
    private static ModelProject _trained = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext context)
    {
        _trained = ModelProject.Create(
            "{ \"task\": \"binary-classification\", \"data\": \"data.csv\", \"label\": \"Churned\", \"trainer\": \"fast-tree\", \"onnx\": true }",
            SampleData.Binary());
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(_trained.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
    }

    [ClassCleanup]
    public static void DeleteModel() => _trained.Dispose();

    private static Dictionary<string, byte[]> Entries(string path)
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

    [TestMethod]
    [DataRow(PackageFormat.Nupkg)]
    [DataRow(PackageFormat.Zip)]
    public void ThePackageCarriesTheOnnxExportAndTheCardItsParity(PackageFormat format)
    {
        using var output = new TempFolder();

        var path = ModelPackager.Pack(new PackRequest(_trained.SpecPath, _trained.OutputDirectory, "Churn.Model", "1.0.0", output.Path, format), new DiagnosticList());

        var entries = Entries(path);
        CollectionAssert.AreEqual(File.ReadAllBytes(_trained.Artifacts().Onnx), entries["model/Churn.onnx"]);
        var card = Encoding.UTF8.GetString(entries["README.md"]);
        var onnx = _trained.Train().Metrics!.Onnx!;
        StringAssert.Contains(card, $"- ONNX: `model/Churn.onnx` (SHA-256 `{onnx.Sha256}`), checked with ONNX Runtime against the ML.NET model on {onnx.Rows} test rows");
        StringAssert.Contains(card, "tolerance 0.0001");
    }

    [TestMethod]
    public void AnOnnxFileChangedAfterTrainingIsRefusedWithMLB5002()
    {
        // A copy of the artifacts: tests run in parallel and the others pack the trained ones.
        using var artifacts = new TempFolder();
        foreach (var file in Directory.GetFiles(_trained.OutputDirectory)) File.Copy(file, Path.Combine(artifacts.Path, Path.GetFileName(file)));
        var onnxPath = Path.Combine(artifacts.Path, "Churn.onnx");
        File.WriteAllBytes(onnxPath, [.. File.ReadAllBytes(onnxPath), 0]);
        using var output = new TempFolder();

        var error = DiagnosticAssert.Throws(() => ModelPackager.Pack(new PackRequest(_trained.SpecPath, artifacts.Path, "Churn.Model", "1.0.0", output.Path), new DiagnosticList()),
            DiagnosticCodes.PackModelMissing);

        StringAssert.Contains(error.Message, "does not match the one its parity check passed for");
        Assert.IsEmpty(Directory.GetFiles(output.Path));
    }
}
