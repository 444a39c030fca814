using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Tests.Diagnostics;

[TestClass]
public sealed class DiagnosticTests
{
    [TestMethod]
    public void ErrorAtACellHasTheCanonicalMsBuildForm() =>
        Assert.AreEqual("data.csv(3,5): error MLB2005: bad value",
            Diagnostic.Error("MLB2005", "bad value", new SourceLocation("data.csv", 3, 5)).ToString());

    [TestMethod]
    public void UnknownColumnIsShownAsColumnOne() =>
        Assert.AreEqual("data.csv(3,1): warning MLB2005: w", Diagnostic.Warning("MLB2005", "w", new SourceLocation("data.csv", 3)).ToString());

    [TestMethod]
    public void FileWithoutLineHasNoPosition() =>
        Assert.AreEqual("data.csv: error MLB2002: empty", Diagnostic.Error("MLB2002", "empty", new SourceLocation("data.csv")).ToString());

    [TestMethod]
    public void NoFileIsMlbuild() =>
        Assert.AreEqual("mlbuild: error MLB0002: no", Diagnostic.Error("MLB0002", "no").ToString());

    [TestMethod]
    public void DiagnosticListCountsOnlyErrorsAndForwards()
    {
        var inner = new DiagnosticList();
        var outer = new DiagnosticList(inner);

        outer.Report(Diagnostic.Warning("MLB4002", "w"));
        outer.Message("hello", important: true);
        Assert.IsFalse(outer.HasErrors);

        outer.Report(Diagnostic.Error("MLB4001", "e"));
        Assert.IsTrue(outer.HasErrors);
        CollectionAssert.AreEqual(outer.Items.ToArray(), inner.Items.ToArray());
        CollectionAssert.AreEqual(new[] { "hello" }, inner.Messages);
    }

    [TestMethod]
    public void MlBuildExceptionCarriesItsDiagnostic()
    {
        var diagnostic = Diagnostic.Error("MLB2001", "missing");
        var exception = new MlBuildException(diagnostic);
        Assert.AreSame(diagnostic, exception.Diagnostic);
        Assert.AreEqual("missing", exception.Message);
    }
}
