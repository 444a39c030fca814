using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Data;

[TestClass]
public sealed class ResolvedSchemaTests
{
    /// <summary>Resolves <paramref name="spec"/> against a header (the first row) and the sample of the rows after it.</summary>
    private static ResolvedSchema Resolve(ModelSpec spec, DiagnosticList diagnostics, params string[][] rows) =>
        ResolvedSchema.Resolve(spec, rows[0], i => rows.Skip(1).Select(r => r[i]), diagnostics);

    [TestMethod]
    public void DeclaredTypesWinAndOthersAreInferred()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price", more: "\"columns\": { \"Zip\": { \"type\": \"category\" } }"));
        string[][] table = [["Zip", "Rooms", "Price"], ["1000", "2", "10"], ["2000", "3", "20"], ["1000", "2", "30"]];

        var schema = Resolve(spec, new DiagnosticList(), table);

        Assert.AreEqual(ColumnType.Category, schema.Columns[0].Type);
        Assert.IsTrue(schema.Columns[0].TypeDeclared);
        Assert.AreEqual(ColumnType.Number, schema.Columns[1].Type);
        Assert.IsFalse(schema.Columns[1].TypeDeclared);
        Assert.AreEqual("Price", schema.Label.Name);
        Assert.AreEqual(ColumnNames.Label, schema.Label.ModelName);
        CollectionAssert.AreEqual(new[] { "Zip", "Rooms" }, schema.Features.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void IdentifierColumnIsIgnoredWithAMessage()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price"));
        string[][] table = [["Customer Id", "Price"], ["C1", "10"], ["C2", "20"], ["C3", "30"]];
        var diagnostics = new DiagnosticList();

        var schema = Resolve(spec, diagnostics, table);

        Assert.IsTrue(schema.Columns[0].Ignored);
        Assert.IsEmpty(schema.Features);
        Assert.IsEmpty(diagnostics.Items);
        Assert.HasCount(1, diagnostics.Messages);
        Assert.Contains("'Customer Id'", diagnostics.Messages[0]);
    }

    [TestMethod]
    public void DeclaredIdentifierLikeColumnIsKept()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price", more: "\"columns\": { \"Note\": { \"type\": \"text\" } }"));
        string[][] table = [["Note", "Price"], ["good", "10"], ["bad", "20"]];
        var schema = Resolve(spec, new DiagnosticList(), table);
        Assert.IsFalse(schema.Columns[0].Ignored);
        Assert.AreEqual("Note", schema.Features.Single().ModelName);
    }

    [TestMethod]
    public void ColumnNamesBecomeUniqueModelNames()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price"));
        string[][] table = [["Body Mass (g)", "Body_Mass__g_", "Score", "Price"], ["1", "2", "3", "4"], ["1", "2", "3", "4"]];
        var schema = Resolve(spec, new DiagnosticList(), table);
        CollectionAssert.AreEqual(new[] { "Body_Mass__g_", "Body_Mass__g__2", "Score_", "Label" }, schema.Columns.Select(c => c.ModelName).ToArray());
    }

    [TestMethod]
    public void LabelNotInTheDataIsMLB1007AtTheSpecsLabel()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Prise"));
        string[][] table = [["Size", "Price"], ["1", "2"]];
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => Resolve(spec, diagnostics, table), DiagnosticCodes.SpecColumnNotInData);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecLabelNotInData);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.SpecLabelNotInData, SpecText.DefaultPath, 4, 3);
        Assert.Contains("Did you mean 'Price'?", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void DeclaredColumnNotInTheDataIsMLB1008AtTheColumn()
    {
        var json = SpecText.Minimal("regression", "Price", more: "\"columns\": {\n    \"Sise\": { \"type\": \"number\" }\n  }");
        var spec = SpecText.Parse(json);
        string[][] table = [["Size", "Price"], ["1", "2"]];
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => Resolve(spec, diagnostics, table), DiagnosticCodes.SpecColumnNotInData);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecColumnNotInData);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.SpecColumnNotInData, SpecText.DefaultPath, 6, 5);
        Assert.Contains("Did you mean 'Size'?", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void OnlyUndeclaredColumnsAreInferredFromTheSample()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price", more: "\"columns\": { \"Zip\": { \"type\": \"category\" } }"));
        var sampled = new List<int>();

        var schema = ResolvedSchema.Resolve(spec, ["Zip", "Rooms", "Price"], i =>
        {
            sampled.Add(i);
            return ["1"];
        }, new DiagnosticList());

        CollectionAssert.AreEqual(new[] { 1 }, sampled, "Zip is declared and the label's type follows from the task");
        Assert.AreEqual(ColumnType.Number, schema.Columns[1].Type);
    }

    [TestMethod]
    [DataRow("regression", null, ColumnType.Number)]
    [DataRow("binary-classification", null, ColumnType.Boolean)]
    [DataRow("binary-classification", "dog", ColumnType.Category)]
    [DataRow("multiclass-classification", null, ColumnType.Category)]
    public void LabelTypeFollowsFromTheTask(string task, string? positiveClass, ColumnType type)
    {
        var spec = SpecText.Parse(SpecText.Minimal(task, "Y", positiveClass));
        var schema = Resolve(spec, new DiagnosticList(), ["X", "Y"], ["1", "text"], ["2", "more text"]);
        Assert.AreEqual(type, schema.Label.Type);
        Assert.IsFalse(schema.Label.TypeDeclared);
    }

    [TestMethod]
    public void InferenceIsNeededWhileAnyFeatureColumnIsUndeclared()
    {
        var declared = SpecText.Parse(SpecText.Minimal("regression", "Y", more: "\"columns\": { \"A\": { \"type\": \"number\" }, \"B\": { \"type\": \"text\" } }"));
        Assert.IsFalse(ResolvedSchema.NeedsInference(declared, ["A", "B", "Y"]));
        Assert.IsTrue(ResolvedSchema.NeedsInference(declared, ["A", "B", "C", "Y"]));

        var ignoredOnly = SpecText.Parse(SpecText.Minimal("regression", "Y", more: "\"columns\": { \"A\": { \"ignore\": true } }"));
        Assert.IsTrue(ResolvedSchema.NeedsInference(ignoredOnly, ["A", "Y"]), "an ignored column without a type is still inferred");
    }

    [TestMethod]
    public void DateColumnsAreFeatures()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price", more: "\"columns\": { \"Day\": { \"type\": \"date\" } }"));
        var schema = Resolve(spec, new DiagnosticList(), ["Day", "Rooms", "Price"], ["2024-01-01", "2", "10"], ["2024-01-02", "3", "20"]);

        Assert.AreEqual(ColumnType.Date, schema.Columns[0].Type);
        Assert.IsFalse(schema.Columns[0].Ignored);
        CollectionAssert.AreEqual(new[] { "Day", "Rooms" }, schema.Features.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void HeaderOnlyDataInfersText()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price"));
        var schema = Resolve(spec, new DiagnosticList(), ["Size", "Price"]);
        Assert.AreEqual(ColumnType.Text, schema.Columns[0].Type);
        Assert.IsFalse(schema.Columns[0].Ignored);
    }
}
