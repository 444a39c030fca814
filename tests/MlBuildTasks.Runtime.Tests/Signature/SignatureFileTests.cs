using System.Text.Json;
using System.Text.Json.Serialization;
using MlBuildTasks.Runtime.Tests.Support;

namespace MlBuildTasks.Runtime.Tests.Signature;

[TestClass]
public sealed class SignatureFileTests
{
    /// <summary>The example of docs/package.md#signature, as a package writes it.</summary>
    private const string DocsExample = """
        {
          "schemaVersion": 1,
          "model": "ChurnModel",
          "task": "binary-classification",
          "label": { "name": "Churned", "type": "boolean", "classes": ["false", "true"], "positiveClass": "true" },
          "inputs": [
            { "name": "Tenure", "modelColumn": "Tenure", "type": "number", "dataType": "Single", "required": true,
              "range": { "min": 0, "max": 72 }, "validRange": { "min": 0, "max": 120 } },
            { "name": "Contract", "modelColumn": "Contract", "type": "category", "dataType": "String", "required": false,
              "categories": { "values": ["Month-to-month", "One year", "Two year"], "complete": true, "distinct": 3, "source": "spec" } },
            { "name": "SignupDate", "modelColumn": "SignupDate", "type": "date", "dataType": "String", "required": false, "dateFormat": "yyyy-MM-dd" }
          ],
          "outputs": [
            { "name": "PredictedLabel", "dataType": "Boolean", "meaning": "true when the model predicts true for 'Churned'" },
            { "name": "Score", "dataType": "Single", "meaning": "the raw score; higher means more likely true" },
            { "name": "Probability", "dataType": "Single", "meaning": "the calibrated probability of true" }
          ]
        }
        """;

    private string _directory = "";

    [TestInitialize]
    public void MakeDirectory() => _directory = Checksums.NewDirectory();

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_directory, "ChurnModel.signature.json");
        File.WriteAllText(path, json);
        return path;
    }

    [TestMethod]
    public void ReadsTheSignatureAPackageWrites()
    {
        var signature = SignatureFile.Read(Write(DocsExample));

        Assert.AreEqual(1, signature.SchemaVersion);
        Assert.AreEqual("ChurnModel", signature.Model);
        Assert.AreEqual("binary-classification", signature.Task);
        Assert.AreEqual("Churned", signature.Label.Name);
        Assert.AreEqual("boolean", signature.Label.Type);
        CollectionAssert.AreEqual(new[] { "false", "true" }, signature.Label.Classes!.ToArray());
        Assert.AreEqual("true", signature.Label.PositiveClass);

        Assert.HasCount(3, signature.Inputs);
        var tenure = signature.Inputs[0];
        Assert.AreEqual(("Tenure", "Tenure", "number", "Single", true), (tenure.Name, tenure.ModelColumn, tenure.Type, tenure.DataType, tenure.Required));
        Assert.AreEqual(new NumberRange(0, 72), tenure.Range);
        Assert.AreEqual(new NumberRange(0, 120), tenure.ValidRange);
        Assert.IsNull(tenure.Categories);
        Assert.IsNull(tenure.DateFormat);

        var contract = signature.Inputs[1];
        Assert.IsFalse(contract.Required);
        Assert.IsNull(contract.Range);
        Assert.IsNotNull(contract.Categories);
        CollectionAssert.AreEqual(new[] { "Month-to-month", "One year", "Two year" }, contract.Categories.Values.ToArray());
        Assert.IsTrue(contract.Categories.Complete);
        Assert.AreEqual(3L, contract.Categories.Distinct);
        Assert.AreEqual("spec", contract.Categories.Source);

        Assert.AreEqual("yyyy-MM-dd", signature.Inputs[2].DateFormat);

        CollectionAssert.AreEqual(new[] { "PredictedLabel", "Score", "Probability" }, signature.Outputs.Select(o => o.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Boolean", "Single", "Single" }, signature.Outputs.Select(o => o.DataType).ToArray());
        Assert.AreEqual("the calibrated probability of true", signature.Outputs[2].Meaning);
        Assert.IsNull(signature.Outputs[0].Classes);
    }

    [TestMethod]
    public void ReadsBackWhatIsWrittenWithThePackersSettings()
    {
        // camelCase with nulls left out, as the engine's ArtifactJson writes a signature.
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        var written = new ModelSignature(1, "Flowers", "multiclass-classification",
            new SignatureLabel("Species", "category", ["setosa", "versicolor"]),
            [
                new SignatureInput("Petal length", "Petal_length", "number", "Single", true, Range: new NumberRange(0.1, null)),
                new SignatureInput("Garden", "Garden", "category", "String", false,
                    Categories: new CategoryDomain(["North", "South"], Complete: false, Distinct: null, Source: "training data")),
            ],
            [new SignatureOutput("Score", "Single[]", "one probability per class", ["setosa", "versicolor"])]);
        var json = JsonSerializer.Serialize(written, options);
        Assert.DoesNotContain("null", json);

        var read = SignatureFile.Read(Write(json));

        Assert.AreEqual(json, JsonSerializer.Serialize(read, options));
        Assert.AreEqual(new NumberRange(0.1, null), read.Inputs[0].Range);
        Assert.IsNull(read.Inputs[1].Categories!.Distinct);
        Assert.IsNull(read.Label.PositiveClass);
    }

    [TestMethod]
    public void AnUnknownPropertyWithinVersionOneIsIgnored()
    {
        var signature = SignatureFile.Read(Write(DocsExample.Replace("\"task\":", "\"comment\": \"added later\", \"task\":", StringComparison.Ordinal)));

        Assert.AreEqual("binary-classification", signature.Task);
    }

    [TestMethod]
    public void ANewerSchemaVersionIsRefusedNamingBothVersions()
    {
        var path = Write(DocsExample.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => SignatureFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("schema version 2", error.Message);
        Assert.Contains($"up to {ModelSignature.CurrentSchemaVersion}", error.Message);
        Assert.Contains("Update the MlBuildTasks.Runtime package", error.Message);
    }

    [TestMethod]
    public void ANullDocumentIsRefused()
    {
        var path = Write("null");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => SignatureFile.Read(path));

        Assert.Contains("holds no model signature", error.Message);
    }

    [TestMethod]
    public void ASignatureWithoutInputsIsRefusedNamingTheFile()
    {
        var path = Write("""{ "schemaVersion": 1, "model": "Churn", "task": "regression", "label": { "name": "Price", "type": "number" }, "outputs": [] }""");

        var error = Assert.ThrowsExactly<InvalidDataException>(() => SignatureFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("needs 'model', 'inputs' and 'outputs'", error.Message);
    }
}
