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
    public void BaselineFieldsMatchTheParser()
    {
        var baseline = RootProperties.GetProperty("baseline");
        CollectionAssert.AreEqual(Sorted(SpecParser.BaselineFields), Keys(baseline.GetProperty("properties")));
        Assert.IsFalse(baseline.GetProperty("additionalProperties").GetBoolean());
    }

    [TestMethod]
    public void MonitoringFieldsMatchTheParser()
    {
        var monitoring = RootProperties.GetProperty("monitoring");
        CollectionAssert.AreEqual(Sorted(SpecParser.MonitoringFields), Keys(monitoring.GetProperty("properties")));
        var column = monitoring.GetProperty("properties").GetProperty("columns").GetProperty("additionalProperties");
        CollectionAssert.AreEqual(Sorted(SpecParser.MonitoringColumnFields), Keys(column.GetProperty("properties")));
        // Live-metric gates are gates: the same fields.
        CollectionAssert.AreEqual(Sorted(SpecParser.GateFields), Keys(monitoring.GetProperty("properties").GetProperty("gates").GetProperty("items").GetProperty("properties")));
    }

    [TestMethod]
    public void TaskNamesMatchTheParser() =>
        CollectionAssert.AreEqual(Sorted(ModelTaskNames.All), Enum(RootProperties.GetProperty("task")));

    [TestMethod]
    public void TrainerNamesAreThoseOfEveryTask() =>
        CollectionAssert.AreEqual(Sorted(Tasks.SelectMany(TrainerCatalog.NamesFor)), Enum(RootProperties.GetProperty("trainer")));

    [TestMethod]
    public void TrainingFieldsMatchTheParser()
    {
        var training = RootProperties.GetProperty("training");
        CollectionAssert.AreEqual(Sorted(SpecParser.TrainingFields), Keys(training.GetProperty("properties")));
        Assert.IsFalse(training.GetProperty("additionalProperties").GetBoolean());
        CollectionAssert.AreEqual(Sorted(Tasks.SelectMany(TrainerCatalog.NamesFor)), Enum(training.GetProperty("properties").GetProperty("trainers").GetProperty("items")));
    }

    [TestMethod]
    public void MetricNamesAreThoseOfEveryTask() =>
        CollectionAssert.AreEqual(Sorted(Tasks.SelectMany(t => MetricCatalog.Gateable(t).Select(m => m.Name))), Enum(GateSchema.GetProperty("properties").GetProperty("metric")));

    /// <summary>The object form of a field that is written as a value or an object (the second of its "oneOf").</summary>
    private static JsonElement ObjectForm(JsonElement property) =>
        property.GetProperty("oneOf").EnumerateArray().Single(o => o.TryGetProperty("type", out var type) && type.GetString() == "object");

    /// <summary>The source object of <c>data</c> or <c>testData</c>: as the field itself and as an array's item.</summary>
    private static IEnumerable<JsonElement> SourceObjects(string field)
    {
        var forms = RootProperties.GetProperty(field).GetProperty("oneOf").EnumerateArray().ToList();
        yield return ObjectForm(forms.Single(f => f.TryGetProperty("oneOf", out _)));
        yield return ObjectForm(forms.Single(f => f.TryGetProperty("items", out _)).GetProperty("items"));
    }

    [TestMethod]
    [DataRow("data")]
    [DataRow("testData")]
    public void SourceFieldsMatchTheParser(string field)
    {
        foreach (var source in SourceObjects(field))
        {
            CollectionAssert.AreEqual(Sorted(SpecParser.SourceFields), Keys(source.GetProperty("properties")));
            Assert.IsFalse(source.GetProperty("additionalProperties").GetBoolean());
            CollectionAssert.AreEqual(Sorted(SpecReader.FormatNames.Keys), Enum(source.GetProperty("properties").GetProperty("format")));
        }
    }

    [TestMethod]
    public void CheckFieldsMatchTheParser()
    {
        var checks = RootProperties.GetProperty("checks");
        CollectionAssert.AreEqual(Sorted(SpecParser.DatasetCheckFields), Keys(checks.GetProperty("properties")));
        Assert.IsFalse(checks.GetProperty("additionalProperties").GetBoolean());
        CollectionAssert.AreEqual(new[] { "error", "off", "warning" }, Enum(checks.GetProperty("properties").GetProperty("constantColumns")));
    }

    [TestMethod]
    [DataRow("required")]
    [DataRow("min")]
    [DataRow("max")]
    [DataRow("allowed")]
    [DataRow("regex")]
    public void RuleObjectsTakeTheParsersRuleFields(string rule)
    {
        var form = ObjectForm(ColumnSchema.GetProperty("properties").GetProperty(rule));
        CollectionAssert.AreEqual(Sorted(SpecParser.RuleFields), Keys(form.GetProperty("properties")));
        CollectionAssert.AreEqual(new[] { "value" }, form.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "error", "warning" }, Enum(form.GetProperty("properties").GetProperty("severity")));
    }

    [TestMethod]
    public void RulesCheckedOnceOfferNoMostly()
    {
        var rules = new[] { "maxMissing", "unique" }.Select(r => ColumnSchema.GetProperty("properties").GetProperty(r))
            .Concat(new[] { "minRows", "maxRows", "maxDuplicateRows", "minClassFraction", "maxLeakage", "maxSkew" }.Select(r => RootProperties.GetProperty("checks").GetProperty("properties").GetProperty(r)));
        foreach (var rule in rules)
            CollectionAssert.AreEqual(new[] { "severity", "value" }, Keys(ObjectForm(rule).GetProperty("properties")));
    }

    [TestMethod]
    public void OutlierObjectFieldsMatchTheParser()
    {
        var outliers = ColumnSchema.GetProperty("properties").GetProperty("outliers");
        CollectionAssert.AreEqual(Sorted(SpecParser.OutlierFields), Keys(ObjectForm(outliers).GetProperty("properties")));
        var methods = outliers.GetProperty("oneOf").EnumerateArray().Where(o => o.TryGetProperty("enum", out _)).SelectMany(o => o.GetProperty("enum").EnumerateArray()).Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "iqr", "zscore" }, methods);
    }

    [TestMethod]
    public void SliceFieldsMatchTheParser()
    {
        var forms = RootProperties.GetProperty("slices").GetProperty("items").GetProperty("anyOf").EnumerateArray().ToList();
        var objectForm = forms.Single(f => f.GetProperty("type").GetString() == "object");
        CollectionAssert.AreEqual(Sorted(SpecParser.SliceFields), Keys(objectForm.GetProperty("properties")));
        Assert.IsFalse(objectForm.GetProperty("additionalProperties").GetBoolean());
        Assert.IsTrue(forms.Any(f => f.GetProperty("type").GetString() == "string"), "a column name alone is a slice too");
    }
}
