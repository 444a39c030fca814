using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Onnx;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Onnx;

/// <summary>
/// The parts the converter cannot export: each is refused before training with MLB5011 naming it, and each is really
/// refused by ML.NET's converter (so a converter that learns one shows here, and the rule can go).
/// </summary>
[TestClass]
public sealed class OnnxExportabilityTests
{
    /// <summary>The binary sample data with a date column, "Signup", added.</summary>
    private static string DataWithDates() =>
        string.Join("\n", SampleData.Binary(rows: 120).TrimEnd('\n').Split('\n').Select((line, i) => line + (i == 0 ? ",Signup" : $",2024-0{1 + i % 9}-1{i % 9}"))) + "\n";

    private static string Spec(string trainer, string columns, bool onnx) =>
        "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n" +
        $"  \"trainer\": \"{trainer}\",\n  \"columns\": {{ {columns} }},\n  \"gates\": []{(onnx ? ",\n  \"onnx\": true" : "")}\n}}\n";

    [TestMethod]
    [DataRow("fast-tree", "\"Signup\": { \"type\": \"date\" }", "column 'Signup': its date features")]
    [DataRow("fast-tree", "\"Plan\": { \"type\": \"text\" }", "column 'Plan': text featurization (n-grams) has no ONNX conversion")]
    [DataRow("fast-tree", "\"Usage\": { \"type\": \"number\", \"impute\": \"median\" }", "column 'Usage': \"impute\": \"median\" has no ONNX conversion")]
    [DataRow("fast-tree", "\"Age\": { \"type\": \"number\", \"impute\": 0 }", "column 'Age': a constant 'impute' has no ONNX conversion")]
    [DataRow("fast-tree", "\"Age\": { \"type\": \"number\", \"scale\": \"bin\" }", "column 'Age': \"scale\": \"bin\" has no ONNX conversion")]
    [DataRow("fast-tree", "\"Age\": { \"type\": \"number\", \"scale\": \"log-mean-variance\" }", "column 'Age': \"scale\": \"log-mean-variance\" has no ONNX conversion")]
    [DataRow("gam", "", "trainer 'gam' has no ONNX conversion")]
    public void APartTheConverterRejectsIsRefusedBeforeTrainingAndTheConverterReallyRejectsIt(string trainer, string columns, string obstacle)
    {
        using var project = ModelProject.Create(Spec(trainer, columns, onnx: true), DataWithDates());

        var error = DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.OnnxNotExportable);

        StringAssert.Contains(error.Message, obstacle);
        Assert.AreEqual(project.SpecPath, error.File);
        Assert.AreEqual(8, error.Line);

        // The same model without 'onnx' trains, and the converter fails on it.
        File.WriteAllText(project.SpecPath, Spec(trainer, columns, onnx: false));
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(project.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
        var ml = new MLContext(1);
        var model = ml.Model.Load(project.Artifacts().Model, out var inputSchema);
        var rows = new InMemoryDataView(inputSchema.Select(c => (c.Name, c.Type, c.Type is TextDataViewType ? (Array)new[] { "2024-01-02".AsMemory() } : new[] { 1f })).ToList());
        Assert.Throws<Exception>(() => OnnxExporter.Convert(ml, model, rows, ModelTask.BinaryClassification));
    }

    [TestMethod]
    public void ASearchThatMayChooseGamIsRefused()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"binary-classification\", \"data\": \"data.csv\", \"label\": \"Churned\", \"training\": { \"trainers\": [\"fast-tree\", \"gam\"] }, \"onnx\": true }",
            SampleData.Binary());

        var error = DiagnosticAssert.Throws(() => project.Train(), DiagnosticCodes.OnnxNotExportable);

        StringAssert.Contains(error.Message, "trainer 'gam' has no ONNX conversion. Remove 'gam' from 'training.trainers', or remove 'onnx'.");
    }
}
