using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Data;

[TestClass]
public sealed class SchemaInferenceTests
{
    [TestMethod]
    public void NumbersAreNumberWithMinAndMax()
    {
        var column = SchemaInference.Infer("Price", ["12.5", "-3", "1e3", "7"]);
        Assert.AreEqual(new InferredColumn("Price", ColumnType.Number, false, false, -3, 1000, 4), column);
    }

    [TestMethod]
    public void NumbersUseTheInvariantCulture() =>
        Assert.AreEqual(ColumnType.Category, SchemaInference.Infer("Price", ["1,5", "2,5", "1,5"]).Type);

    [TestMethod]
    public void YesNoWordsAreBoolean()
    {
        var column = SchemaInference.Infer("Active", ["yes", "No", "YES", "no"]);
        Assert.AreEqual(ColumnType.Boolean, column.Type);
        Assert.IsNull(column.Min);
        Assert.IsFalse(column.LooksLikeId);
    }

    [TestMethod]
    public void TrueFalseMixedWithOneAndZeroIsBoolean() =>
        Assert.AreEqual(ColumnType.Boolean, SchemaInference.Infer("Flag", ["true", "0", "false", "1"]).Type);

    [TestMethod]
    public void ZeroOneColumnIsANumber()
    {
        var column = SchemaInference.Infer("Senior", ["0", "1", "1", "0"]);
        Assert.AreEqual(new InferredColumn("Senior", ColumnType.Number, false, false, 0, 1, 2), column);
    }

    [TestMethod]
    public void RepeatedWordsAreACategory()
    {
        var column = SchemaInference.Infer("Plan", ["basic", "plus", "basic", "premium", "plus"]);
        Assert.AreEqual(new InferredColumn("Plan", ColumnType.Category, false, false, null, null, 3), column);
    }

    [TestMethod]
    public void MoreThanMaxCategoriesDistinctValuesIsText()
    {
        var values = Enumerable.Range(0, SchemaInference.MaxCategories + 1).Select(i => "word" + i).Concat(["word0"]).ToList();
        var column = SchemaInference.Infer("Comment", values);
        Assert.AreEqual(ColumnType.Text, column.Type);
        Assert.IsFalse(column.LooksLikeId);
        Assert.AreEqual(SchemaInference.MaxCategories + 1, column.DistinctCount);
    }

    [TestMethod]
    public void ExactlyMaxCategoriesDistinctValuesIsStillACategory()
    {
        var values = Enumerable.Range(0, SchemaInference.MaxCategories).Select(i => "v" + i).Concat(["v0"]).ToList();
        Assert.AreEqual(ColumnType.Category, SchemaInference.Infer("Code", values).Type);
    }

    [TestMethod]
    public void UniqueTextLooksLikeAnIdentifier()
    {
        var column = SchemaInference.Infer("CustomerId", ["C-001", "C-002", "C-003"]);
        Assert.AreEqual(ColumnType.Text, column.Type);
        Assert.IsTrue(column.LooksLikeId);
    }

    [TestMethod]
    public void UniqueNumbersAreNotAnIdentifier() =>
        Assert.IsFalse(SchemaInference.Infer("Amount", ["1", "2", "3"]).LooksLikeId);

    [TestMethod]
    public void SingleTextValueIsNotAnIdentifier() =>
        Assert.IsFalse(SchemaInference.Infer("Note", ["hello"]).LooksLikeId);

    [TestMethod]
    public void MissingValuesAreSkippedAndFlagged()
    {
        var column = SchemaInference.Infer("Income", ["100", "", "  ", "250"]);
        Assert.AreEqual(new InferredColumn("Income", ColumnType.Number, true, false, 100, 250, 2), column);
    }

    [TestMethod]
    public void AllMissingIsTextWithNoValues() =>
        Assert.AreEqual(new InferredColumn("Empty", ColumnType.Text, true, false, null, null, 0), SchemaInference.Infer("Empty", ["", " "]));

    [TestMethod]
    public void OneNonNumberMakesANumericColumnACategory() =>
        Assert.AreEqual(ColumnType.Category, SchemaInference.Infer("Age", ["30", "n/a", "30", "41"]).Type);
}
