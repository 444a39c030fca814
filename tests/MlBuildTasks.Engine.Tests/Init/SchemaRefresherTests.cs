using System.Text.Json.Nodes;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Init;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Data.Sources;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Init;

/// <summary><c>mlbuild infer-schema</c>: adds a spec's undeclared columns with their inferred types and rules.</summary>
[TestClass]
public sealed class SchemaRefresherTests
{
    /// <summary>Id unique text, Age 20..38, Plan of two values, Price the label.</summary>
    private static string Customers()
    {
        var text = new System.Text.StringBuilder("Id,Age,Plan,Price\n");
        for (var i = 0; i < 10; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"C{i},{20 + 2 * i},{(i % 2 == 0 ? "basic" : "plus")},{100 + i}\n");
        return text.ToString();
    }

    private static JsonObject Columns(string specPath) => JsonNode.Parse(File.ReadAllText(specPath))!["columns"]!.AsObject();

    [TestMethod]
    public void UndeclaredColumnsAreAddedInDataOrderAndDeclaredOnesAreKept()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", Customers());
        var specPath = folder.Write("Prices.mlmodel.json",
            "{\n  // prices\n  \"task\": \"regression\",\n  \"data\": \"data.csv\",\n  \"label\": \"Price\",\n  \"columns\": { \"Age\": { \"type\": \"number\", \"min\": { \"value\": 0, \"mostly\": 0.9 } } },\n}\n");
        var diagnostics = new DiagnosticList();

        var added = SchemaRefresher.Refresh(specPath, replace: false, diagnostics);

        Assert.AreEqual(2, added);
        Assert.IsEmpty(diagnostics.Items);
        var columns = Columns(specPath);
        CollectionAssert.AreEqual(new[] { "Age", "Id", "Plan" }, columns.Select(c => c.Key).ToArray());
        Assert.AreEqual("""{"type":"number","min":{"value":0,"mostly":0.9}}""", columns["Age"]!.ToJsonString());
        Assert.AreEqual("""{"type":"text","required":true,"ignore":true}""", columns["Id"]!.ToJsonString());
        Assert.AreEqual("""{"type":"category","required":true,"allowed":["basic","plus"]}""", columns["Plan"]!.ToJsonString());
        Assert.AreEqual($"{specPath}: added 2 column(s) from the data's first 10,000 rows. Review the types and rules.", diagnostics.Messages.Single());
    }

    [TestMethod]
    public void TheRestOfTheSpecIsKept()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", Customers());
        var specPath = folder.Write("Prices.mlmodel.json",
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"seed\": 7, \"gates\": [ { \"metric\": \"rmse\", \"max\": 5 } ] }");

        SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList());

        var spec = SpecParser.Load(specPath, new DiagnosticList());
        Assert.AreEqual((ModelTask.Regression, "Price", 7), (spec.Task, spec.Label, spec.Seed));
        Assert.AreEqual(5.0, spec.Gates.Single().Max);
        CollectionAssert.AreEqual(new[] { "Id", "Age", "Plan" }, spec.Columns.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void ReplaceInfersEveryColumnAgain()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", Customers());
        var specPath = folder.Write("Prices.mlmodel.json",
            "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"columns\": { \"Age\": { \"type\": \"text\" }, \"Gone\": { \"type\": \"number\" } } }");
        var diagnostics = new DiagnosticList();

        var added = SchemaRefresher.Refresh(specPath, replace: true, diagnostics);

        Assert.AreEqual(3, added);
        var columns = Columns(specPath);
        CollectionAssert.AreEqual(new[] { "Id", "Age", "Plan" }, columns.Select(c => c.Key).ToArray(), "a declared column the data lacks goes too");
        Assert.AreEqual("""{"type":"number","required":true,"min":20,"max":38}""", columns["Age"]!.ToJsonString());
        StringAssert.StartsWith(diagnostics.Messages.Single(), $"{specPath}: inferred 3 column(s)");
    }

    [TestMethod]
    public void ASpecThatDeclaresEveryColumnGainsNothing()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", "A,Price\n1,2\n");
        var specPath = folder.Write("Prices.mlmodel.json", "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"columns\": { \"A\": { \"type\": \"number\" } } }");
        Assert.AreEqual(0, SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList()));
        Assert.AreEqual("""{"A":{"type":"number"}}""", Columns(specPath).ToJsonString());
    }

    [TestMethod]
    public void TheRefreshedSpecHoldsOnItsOwnData()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", Customers());
        var specPath = folder.Write("Prices.mlmodel.json", "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\" }");
        SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList());
        var diagnostics = new DiagnosticList();

        var spec = SpecParser.Load(specPath, diagnostics);
        var scan = DataScan.Run(spec, spec.Data, null, new ValidationOptions(), collect: false, diagnostics);

        Assert.IsTrue(scan.Checks.All(c => c.Passed), DiagnosticAssert.Describe(diagnostics));
        Assert.IsEmpty(diagnostics.Items);
        Assert.IsTrue(scan.Schema.Columns.All(c => c.IsLabel || c.TypeDeclared));
    }

    [TestMethod]
    public void ColumnsOfAnySourceAreInferred()
    {
        using var folder = new TempFolder();
        SqliteRowReaderTests.CreateDatabase(folder, SampleData.ToSql(Customers(), "customers"), "customers.db");
        var specPath = folder.Write("Prices.mlmodel.json",
            "{ \"task\": \"regression\", \"data\": { \"path\": \"customers.db\", \"query\": \"SELECT Age, Plan, Price FROM customers\" }, \"label\": \"Price\" }");

        Assert.AreEqual(2, SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList()));

        var columns = Columns(specPath);
        Assert.AreEqual("""{"type":"number","required":true,"min":20,"max":38}""", columns["Age"]!.ToJsonString());
        Assert.AreEqual("category", columns["Plan"]!["type"]!.GetValue<string>());
    }

    [TestMethod]
    public void AnInvalidSpecIsNotRewritten()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", Customers());
        const string text = "{ \"task\": \"regresion\", \"data\": \"data.csv\", \"label\": \"Price\" }";
        var specPath = folder.Write("Prices.mlmodel.json", text);

        DiagnosticAssert.Throws(() => SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList()), DiagnosticCodes.SpecInvalidValue);

        Assert.AreEqual(text, File.ReadAllText(specPath));
    }

    [TestMethod]
    public void HeaderOnlyDataIsMLB2003AtTheDataFilesFirstLine()
    {
        using var folder = new TempFolder();
        var data = folder.Write("data.csv", "Age,Price\n");
        var specPath = folder.Write("Prices.mlmodel.json", "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\" }");

        var error = DiagnosticAssert.Throws(() => SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList()), DiagnosticCodes.DataNoRows);

        DiagnosticAssert.At(error, data, 1, 1);
    }

    [TestMethod]
    public void HeaderOnlyDataIsMLB2003AndLeavesTheSpecAsItWas()
    {
        using var folder = new TempFolder();
        folder.Write("data.csv", "Age,Price\n");
        const string text = "{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\" }";
        var specPath = folder.Write("Prices.mlmodel.json", text);

        DiagnosticAssert.Throws(() => SchemaRefresher.Refresh(specPath, replace: false, new DiagnosticList()), DiagnosticCodes.DataNoRows);

        Assert.AreEqual(text, File.ReadAllText(specPath));
    }
}
