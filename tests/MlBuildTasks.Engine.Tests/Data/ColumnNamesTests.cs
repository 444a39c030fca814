using MlBuildTasks.Engine.Data;

namespace MlBuildTasks.Engine.Tests.Data;

[TestClass]
public sealed class ColumnNamesTests
{
    [TestMethod]
    public void PlainIdentifiersKeepTheirName() => Assert.AreEqual("Tenure", ColumnNames.ToModelName("Tenure"));

    [TestMethod]
    public void OtherCharactersBecomeUnderscores() => Assert.AreEqual("Body_Mass__g_", ColumnNames.ToModelName("Body Mass (g)"));

    [TestMethod]
    [DataRow("label")]
    [DataRow("Features")]
    [DataRow("PredictedLabel")]
    public void ReservedNamesGetASuffix(string name) => Assert.AreEqual(name + "_", ColumnNames.ToModelName(name));

    [TestMethod]
    public void LeadingDigitGetsAnUnderscore() => Assert.AreEqual("_2019_Sales", ColumnNames.ToModelName("2019 Sales"));

    [TestMethod]
    public void NamesAreTrimmed() => Assert.AreEqual("Age", ColumnNames.ToModelName("  Age "));

    [TestMethod]
    public void CollidingNamesGetANumericSuffix() =>
        CollectionAssert.AreEqual(new[] { "a_b", "a_b_2", "A_B_3", "c" }, ColumnNames.ToModelNames(["a b", "a-b", "A.B", "c"]).ToArray());
}
