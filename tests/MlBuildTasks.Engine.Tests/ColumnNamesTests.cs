using MlBuildTasks.Engine.Data;

namespace MlBuildTasks.Engine.Tests;

[TestClass]
public sealed class ColumnNamesTests
{
    [TestMethod]
    public void PlainIdentifiersKeepTheirName() => Assert.AreEqual("Tenure", ColumnNames.ToModelName("Tenure"));

    [TestMethod]
    public void OtherCharactersBecomeUnderscores() => Assert.AreEqual("Body_Mass__g_", ColumnNames.ToModelName("Body Mass (g)"));

    [TestMethod]
    public void ReservedNamesGetASuffix() => Assert.AreEqual("label_", ColumnNames.ToModelName("label"));
}
