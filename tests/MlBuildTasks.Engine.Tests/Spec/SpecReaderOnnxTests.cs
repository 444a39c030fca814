using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>The spec's <c>onnx</c>: true, false or <c>{ "tolerance": n }</c>.</summary>
[TestClass]
public sealed class SpecReaderOnnxTests
{
    private static string WithOnnx(string onnx) => SpecText.Minimal("binary-classification", more: "\"onnx\": " + onnx);

    [TestMethod]
    public void TrueAsksForAnExportWithTheDefaultToleranceAtItsLine()
    {
        var spec = SpecText.Parse(WithOnnx("true"));

        Assert.IsNotNull(spec.Onnx);
        Assert.AreEqual(OnnxSpec.DefaultTolerance, spec.Onnx.Tolerance);
        Assert.AreEqual((5, 3), (spec.Onnx.Location.Line, spec.Onnx.Location.Column));
    }

    [TestMethod]
    public void AnObjectStatesTheTolerance() => Assert.AreEqual(0.002, SpecText.Parse(WithOnnx("{ \"tolerance\": 0.002 }")).Onnx!.Tolerance);

    [TestMethod]
    public void FalseOrAbsentAsksForNone()
    {
        Assert.IsNull(SpecText.Parse(WithOnnx("false")).Onnx);
        Assert.IsNull(SpecText.Parse(SpecText.Minimal("binary-classification")).Onnx);
    }

    [TestMethod]
    [DataRow("{ \"tolerance\": -1 }", DiagnosticCodes.SpecInvalidValue, "'tolerance' must be a number of 0 or more")]
    [DataRow("{ \"tolerance\": \"small\" }", DiagnosticCodes.SpecInvalidValue, "'tolerance' must be a number of 0 or more")]
    [DataRow("\"yes\"", DiagnosticCodes.SpecInvalidValue, "'onnx' must be true, false or an object")]
    [DataRow("{ \"tolerence\": 0.1 }", DiagnosticCodes.SpecUnknownField, "Did you mean 'tolerance'?")]
    public void AWrongValueIsAnErrorAtTheOnnxLine(string onnx, string code, string message)
    {
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => SpecText.Parse(WithOnnx(onnx), diagnostics), DiagnosticCodes.SpecInvalidValue);

        var error = DiagnosticAssert.Single(diagnostics, code);
        Assert.AreEqual(5, error.Line);
        StringAssert.Contains(error.Message, message);
    }
}
