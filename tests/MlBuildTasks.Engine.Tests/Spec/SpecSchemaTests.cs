using System.Text.Json;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>build/mlmodel.schema.json (editor completion) and SpecParser (the build) accept the same spec.</summary>
[TestClass]
public sealed class SpecSchemaTests
{
    private static JsonDocument _schema = null!;

    [ClassInitialize]
    public static void LoadSchema(TestContext context)
    {
        _schema = JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.PathOf("build", "mlmodel.schema.json")));
    }

    [ClassCleanup]
    public static void DisposeSchema() => _schema.Dispose();

    private static JsonElement Root => _schema.RootElement;
    private static JsonElement RootProperties => Root.GetProperty("properties");
    private static JsonElement ColumnSchema => RootProperties.GetProperty("columns").GetProperty("additionalProperties");
    private static JsonElement GateSchema => RootProperties.GetProperty("gates").GetProperty("items");

    private static string[] Keys(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private static string[] Enum(JsonElement property) => property.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();

    private static string[] Sorted(IEnumerable<string> names) => names.Distinct().Order(StringComparer.Ordinal).ToArray();

    private static readonly ModelTask[] Tasks = System.Enum.GetValues<ModelTask>();

    [TestMethod]
    public void RootFieldsMatchTheParser()
    {
        CollectionAssert.AreEqual(Sorted(SpecParser.RootFields), Keys(RootProperties));
        Assert.IsFalse(Root.GetProperty("additionalProperties").GetBoolean());
    }

    [TestMethod]
    public void RequiredRootFieldsAreTaskDataAndLabel() =>
        CollectionAssert.AreEqual(new[] { "data", "label", "task" }, Root.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray());

    [TestMethod]
    public void ColumnFieldsMatchTheParser()
    {
        CollectionAssert.AreEqual(Sorted(SpecParser.ColumnFields), Keys(ColumnSchema.GetProperty("properties")));
        Assert.IsFalse(ColumnSchema.GetProperty("additionalProperties").GetBoolean());
    }

    [TestMethod]
    public void ColumnTypesMatchTheParser() =>
        CollectionAssert.AreEqual(Sorted(ColumnTypeNames.All), Enum(ColumnSchema.GetProperty("properties").GetProperty("type")));

    [TestMethod]
    public void GateFieldsMatchTheParser()
    {
        CollectionAssert.AreEqual(Sorted(SpecParser.GateFields), Keys(GateSchema.GetProperty("properties")));
        Assert.IsFalse(GateSchema.GetProperty("additionalProperties").GetBoolean());
    }

    [TestMethod]
    public void TaskNamesMatchTheParser() =>
        CollectionAssert.AreEqual(Sorted(ModelTaskNames.All), Enum(RootProperties.GetProperty("task")));

    [TestMethod]
    public void TrainerNamesAreThoseOfEveryTask() =>
        CollectionAssert.AreEqual(Sorted(Tasks.SelectMany(TrainerCatalog.NamesFor)), Enum(RootProperties.GetProperty("trainer")));

    [TestMethod]
    public void MetricNamesAreThoseOfEveryTask() =>
        CollectionAssert.AreEqual(Sorted(Tasks.SelectMany(t => MetricCatalog.For(t).Select(m => m.Name))), Enum(GateSchema.GetProperty("properties").GetProperty("metric")));
}
