using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Data;

[TestClass]
public sealed class ResolvedSchemaTests
{
    private static DataTable Table(params string[][] rows) =>
        new("data.csv", rows[0], rows.Skip(1).ToList(), Enumerable.Range(2, rows.Length - 1).ToList());

    [TestMethod]
    public void DeclaredTypesWinAndOthersAreInferred()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price", more: "\"columns\": { \"Zip\": { \"type\": \"category\" } }"));
        var table = Table(["Zip", "Rooms", "Price"], ["1000", "2", "10"], ["2000", "3", "20"], ["1000", "2", "30"]);

        var schema = ResolvedSchema.Resolve(spec, table, new DiagnosticList());

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
        var table = Table(["Customer Id", "Price"], ["C1", "10"], ["C2", "20"], ["C3", "30"]);
        var diagnostics = new DiagnosticList();

        var schema = ResolvedSchema.Resolve(spec, table, diagnostics);

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
        var table = Table(["Note", "Price"], ["good", "10"], ["bad", "20"]);
        var schema = ResolvedSchema.Resolve(spec, table, new DiagnosticList());
        Assert.IsFalse(schema.Columns[0].Ignored);
        Assert.AreEqual("Note", schema.Features.Single().ModelName);
    }

    [TestMethod]
    public void ColumnNamesBecomeUniqueModelNames()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Price"));
        var table = Table(["Body Mass (g)", "Body_Mass__g_", "Score", "Price"], ["1", "2", "3", "4"], ["1", "2", "3", "4"]);
        var schema = ResolvedSchema.Resolve(spec, table, new DiagnosticList());
        CollectionAssert.AreEqual(new[] { "Body_Mass__g_", "Body_Mass__g__2", "Score_", "Label" }, schema.Columns.Select(c => c.ModelName).ToArray());
    }

    [TestMethod]
    public void LabelNotInTheDataIsMLB1007AtTheSpecsLabel()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", "Prise"));
        var table = Table(["Size", "Price"], ["1", "2"]);
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => ResolvedSchema.Resolve(spec, table, diagnostics), DiagnosticCodes.SpecColumnNotInData);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecLabelNotInData);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.SpecLabelNotInData, SpecText.DefaultPath, 4, 3);
        Assert.Contains("Did you mean 'Price'?", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void DeclaredColumnNotInTheDataIsMLB1008AtTheColumn()
    {
        var json = SpecText.Minimal("regression", "Price", more: "\"columns\": {\n    \"Sise\": { \"type\": \"number\" }\n  }");
        var spec = SpecText.Parse(json);
        var table = Table(["Size", "Price"], ["1", "2"]);
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => ResolvedSchema.Resolve(spec, table, diagnostics), DiagnosticCodes.SpecColumnNotInData);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecColumnNotInData);
        DiagnosticAssert.IsError(diagnostics.Items[0], DiagnosticCodes.SpecColumnNotInData, SpecText.DefaultPath, 6, 5);
        Assert.Contains("Did you mean 'Size'?", diagnostics.Items[0].Message);
    }
}
