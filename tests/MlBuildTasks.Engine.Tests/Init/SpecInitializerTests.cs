using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Init;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Init;

[TestClass]
public sealed class SpecInitializerTests
{
    /// <summary>
    /// 20 customers: a unique id, Age 20..58, Plan of three values, Active yes/no, Income with one missing
    /// value, Outcome "churned"/"stayed", Churned yes/no and Senior 0/1.
    /// </summary>
    private static string Customers()
    {
        var plans = new[] { "basic", "plus", "premium" };
        var text = new StringBuilder("CustomerId,Age,Plan,Active,Income,Outcome,Churned,Senior\n");
        for (var i = 0; i < 20; i++)
        {
            var income = i == 7 ? "" : (30000 + i * 1500).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture,
                $"C{i:000},{20 + i * 2},{plans[i % 3]},{(i % 2 == 0 ? "yes" : "no")},{income},{(i % 4 == 0 ? "churned" : "stayed")},{(i % 4 == 0 ? "yes" : "no")},{i % 2}\n");
        }

        return text.ToString();
    }

    private static JsonObject Init(TempFolder folder, string label, string? task = null, string output = "Customers.mlmodel.json", DiagnosticList? diagnostics = null)
    {
        var data = folder.Write("customers.csv", Customers());
        var path = SpecInitializer.Write(data, label, task, folder.Combine(output), overwrite: false, diagnostics ?? new DiagnosticList());
        Assert.AreEqual(folder.Combine(output), path);
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private static string? Text(JsonObject spec, string field) => spec[field]?.GetValue<string>();

    [TestMethod]
    public void YesNoLabelIsBinaryWithoutPositiveClass()
    {
        using var folder = new TempFolder();
        var diagnostics = new DiagnosticList();
        var spec = Init(folder, "Churned", diagnostics: diagnostics);

        Assert.AreEqual(SpecInitializer.SchemaReference, Text(spec, "$schema"));
        Assert.AreEqual("binary-classification", Text(spec, "task"));
        Assert.AreEqual("customers.csv", Text(spec, "data"));
        Assert.AreEqual("Churned", Text(spec, "label"));
        Assert.AreEqual("fast-tree", Text(spec, "trainer"));
        Assert.AreEqual(42, spec["seed"]!.GetValue<int>());
        Assert.AreEqual(0.2, spec["testFraction"]!.GetValue<double>());
        Assert.IsFalse(spec.ContainsKey("positiveClass"));
        Assert.IsEmpty(spec["gates"]!.AsArray());
        Assert.IsEmpty(diagnostics.Items);
        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("task binary-classification, label 'Churned', 7 feature column(s)", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ColumnsGetTheirInferredTypesAndTheRulesTheDataMeets()
    {
        using var folder = new TempFolder();
        var columns = Init(folder, "Churned")["columns"]!.AsObject();

        CollectionAssert.AreEqual(new[] { "CustomerId", "Age", "Plan", "Active", "Income", "Outcome", "Senior" }, columns.Select(c => c.Key).ToArray());
        Assert.AreEqual("""{"type":"text","required":true,"ignore":true}""", columns["CustomerId"]!.ToJsonString());
        Assert.AreEqual("""{"type":"number","required":true,"min":20,"max":58}""", columns["Age"]!.ToJsonString());
        Assert.AreEqual("""{"type":"category","required":true,"allowed":["basic","plus","premium"]}""", columns["Plan"]!.ToJsonString());
        Assert.AreEqual("""{"type":"boolean","required":true}""", columns["Active"]!.ToJsonString());
        Assert.AreEqual("""{"type":"number","min":30000,"max":58500}""", columns["Income"]!.ToJsonString());
        Assert.AreEqual("""{"type":"number","required":true,"min":0,"max":1}""", columns["Senior"]!.ToJsonString());
    }

    [TestMethod]
    public void ManyNumbersLabelIsRegression()
    {
        using var folder = new TempFolder();
        Assert.AreEqual("regression", Text(Init(folder, "Age"), "task"));
    }

    [TestMethod]
    public void CategoryLabelIsMulticlass()
    {
        using var folder = new TempFolder();
        var spec = Init(folder, "Plan");
        Assert.AreEqual("multiclass-classification", Text(spec, "task"));
        Assert.AreEqual("lbfgs-maximum-entropy", Text(spec, "trainer"));
    }

    [TestMethod]
    public void ZeroOneLabelIsBinaryWithoutPositiveClass()
    {
        using var folder = new TempFolder();
        var spec = Init(folder, "Senior");
        Assert.AreEqual("binary-classification", Text(spec, "task"));
        Assert.IsFalse(spec.ContainsKey("positiveClass"));
    }

    [TestMethod]
    public void TwoClassNamesAreBinaryWithAPositiveClass()
    {
        using var folder = new TempFolder();
        var spec = Init(folder, "Outcome");
        Assert.AreEqual("binary-classification", Text(spec, "task"));
        Assert.AreEqual("stayed", Text(spec, "positiveClass"));
    }

    [TestMethod]
    public void GivenTaskOverridesTheGuess()
    {
        using var folder = new TempFolder();
        Assert.AreEqual("multiclass-classification", Text(Init(folder, "Churned", task: "multiclass-classification"), "task"));
    }

    [TestMethod]
    public void UnknownTaskIsMLB0002()
    {
        using var folder = new TempFolder();
        var data = folder.Write("customers.csv", Customers());
        var error = DiagnosticAssert.Throws(
            () => SpecInitializer.Write(data, "Churned", "clustering", folder.Combine("x.mlmodel.json"), false, new DiagnosticList()), DiagnosticCodes.InvalidArguments);
        Assert.Contains("Unknown task 'clustering'", error.Message);
        Assert.IsFalse(File.Exists(folder.Combine("x.mlmodel.json")));
    }

    [TestMethod]
    public void LabelNotInTheDataIsMLB0002WithASuggestion()
    {
        using var folder = new TempFolder();
        var data = folder.Write("customers.csv", Customers());
        var error = DiagnosticAssert.Throws(
            () => SpecInitializer.Write(data, "Churn", null, folder.Combine("x.mlmodel.json"), false, new DiagnosticList()), DiagnosticCodes.InvalidArguments);
        Assert.Contains("The label column 'Churn' is not in", error.Message);
        Assert.Contains("Did you mean 'Churned'?", error.Message);
    }

    [TestMethod]
    public void ExistingSpecIsNotOverwrittenWithoutForce()
    {
        using var folder = new TempFolder();
        var data = folder.Write("customers.csv", Customers());
        var existing = folder.Write("Customers.mlmodel.json", "{ \"mine\": true }");

        var error = DiagnosticAssert.Throws(
            () => SpecInitializer.Write(data, "Churned", null, existing, overwrite: false, new DiagnosticList()), DiagnosticCodes.InvalidArguments);

        Assert.Contains("already exists", error.Message);
        Assert.AreEqual("{ \"mine\": true }", File.ReadAllText(existing));

        SpecInitializer.Write(data, "Churned", null, existing, overwrite: true, new DiagnosticList());
        Assert.AreEqual("binary-classification", JsonNode.Parse(File.ReadAllText(existing))!["task"]!.GetValue<string>());
    }

    [TestMethod]
    public void DataPathIsRelativeToTheSpecFolder()
    {
        using var folder = new TempFolder();
        Assert.AreEqual("../customers.csv", Text(Init(folder, "Churned", output: "models/Churn.mlmodel.json"), "data"));
    }

    [TestMethod]
    [DataRow("Churned")]
    [DataRow("Outcome")]
    [DataRow("Plan")]
    [DataRow("Age")]
    public void WrittenSpecParsesAndItsRulesHoldOnItsOwnData(string label)
    {
        using var folder = new TempFolder();
        Init(folder, label, output: "models/Customers.mlmodel.json");
        var diagnostics = new DiagnosticList();

        var spec = SpecParser.Load(folder.Combine("models/Customers.mlmodel.json"), diagnostics);
        var scan = DataScan.Run(spec, spec.Data, null, new ValidationOptions(), collect: false, diagnostics);

        Assert.AreEqual("Customers", spec.Name);
        Assert.AreEqual(folder.Combine("customers.csv"), spec.Data.Single().Path);
        Assert.AreEqual(label, spec.Label);
        Assert.IsTrue(scan.Checks.All(c => c.Passed), DiagnosticAssert.Describe(diagnostics));
        Assert.IsEmpty(diagnostics.Items);
        Assert.IsTrue(spec.FindColumn("CustomerId")!.Ignore);
    }

    [TestMethod]
    public void AJsonLinesFileIsReadLikeACsvFile()
    {
        using var folder = new TempFolder();
        var data = folder.Write("customers.jsonl", SampleData.ToJsonLines(Customers()));

        var path = SpecInitializer.Write(data, "Churned", null, folder.Combine("Customers.mlmodel.json"), overwrite: false, new DiagnosticList());

        var spec = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.AreEqual("customers.jsonl", Text(spec, "data"));
        Assert.AreEqual("binary-classification", Text(spec, "task"));
        Assert.AreEqual(Init(folder, "Churned", output: "FromCsv.mlmodel.json")["columns"]!.ToJsonString(), spec["columns"]!.ToJsonString());
        Assert.AreEqual(SourceFormat.JsonLines, SpecParser.Load(path, new DiagnosticList()).Data.Single().Format);
    }

    [TestMethod]
    public void ATabSeparatedFileIsReadByItsExtension()
    {
        using var folder = new TempFolder();
        var data = folder.Write("customers.tsv", Customers().Replace(',', '\t'));
        var path = SpecInitializer.Write(data, "Plan", null, folder.Combine("Customers.mlmodel.json"), overwrite: false, new DiagnosticList());
        var columns = JsonNode.Parse(File.ReadAllText(path))!["columns"]!.AsObject();
        Assert.AreEqual("""{"type":"number","required":true,"min":20,"max":58}""", columns["Age"]!.ToJsonString());
    }

    [TestMethod]
    public void HeaderOnlyDataIsMLB2003AndWritesNoSpec()
    {
        using var folder = new TempFolder();
        var data = folder.Write("customers.csv", "CustomerId,Churned\n");
        var error = DiagnosticAssert.Throws(
            () => SpecInitializer.Write(data, "Churned", null, folder.Combine("x.mlmodel.json"), false, new DiagnosticList()), DiagnosticCodes.DataNoRows);
        Assert.AreEqual(data, error.File);
        Assert.IsFalse(File.Exists(folder.Combine("x.mlmodel.json")));
    }
}
