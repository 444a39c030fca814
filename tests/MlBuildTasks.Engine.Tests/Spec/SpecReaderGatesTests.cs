using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>The spec's change-gate bounds and <c>baseline</c> object: values read, and each mistake reported at its field.</summary>
[TestClass]
public sealed class SpecReaderGatesTests
{
    /// <summary>A spec whose <paramref name="more"/> starts at line 5.</summary>
    private static string Spec(string more, string task = "binary-classification") => SpecText.Minimal(task, more: more);

    private static Diagnostic Fails(string json, string code)
    {
        var diagnostics = new DiagnosticList();
        Assert.ThrowsExactly<MlBuildException>(() => SpecText.Parse(json, diagnostics));
        return DiagnosticAssert.Single(diagnostics, code);
    }

    private static void AssertAt(Diagnostic diagnostic, string json, int line, string token)
    {
        var (expectedLine, column) = TextPosition.Of(json, line, token);
        DiagnosticAssert.At(diagnostic, SpecText.DefaultPath, expectedLine, column);
    }

    [TestMethod]
    public void ChangeBoundsAndBaselineAreRead()
    {
        var spec = SpecText.Parse(Spec("""
            "baseline": { "metrics": "baseline/Model.metrics.json", "optional": true },
              "gates": [
                { "metric": "auc", "min": 0.7, "maxDrop": 0.01, "maxRelativeDrop": 0.02, "minGain": -0.5 },
                { "metric": "log-loss", "maxRise": 0.03 }
              ]
            """));

        Assert.AreEqual(Path.Combine(Path.GetDirectoryName(SpecText.DefaultPath)!, "baseline", "Model.metrics.json"), spec.Baseline!.MetricsPath);
        Assert.IsTrue(spec.Baseline.Optional);
        Assert.AreEqual(5, spec.Baseline.Location.Line);
        var auc = spec.Gates[0];
        Assert.AreEqual((0.7, 0.01, 0.02, -0.5, "maxDrop"), (auc.Min, auc.MaxDrop, auc.MaxRelativeDrop, auc.MinGain, auc.DropField));
        Assert.AreEqual((0.03, "maxRise"), (spec.Gates[1].MaxDrop, spec.Gates[1].DropField));
        Assert.IsTrue(spec.Gates.All(g => g.HasChangeBounds));
    }

    [TestMethod]
    public void NoBaselineAndValueGatesOnly()
    {
        var spec = SpecText.Parse(Spec("\"gates\": [ { \"metric\": \"auc\", \"min\": 0.7 } ]"));
        Assert.IsNull(spec.Baseline);
        Assert.IsFalse(spec.Gates[0].HasChangeBounds);
    }

    [TestMethod]
    public void AGateWithOnlyAChangeBoundIsValid() =>
        Assert.AreEqual(0.01, SpecText.Parse(Spec("\"gates\": [ { \"metric\": \"auc\", \"maxDrop\": 0.01 } ]")).Gates[0].MaxDrop);

    [TestMethod]
    public void AGateWithNoBoundIsMLB1004NamingBothKinds()
    {
        var json = Spec("\"gates\": [\n    { \"metric\": \"auc\" }\n  ]");
        var error = Fails(json, DiagnosticCodes.SpecMissingField);
        AssertAt(error, json, 6, "{");
        StringAssert.Contains(error.Message, "'maxDrop', 'maxRise', 'maxRelativeDrop', 'minGain'");
    }

    [TestMethod]
    public void MaxRiseOnAHigherIsBetterMetricIsMLB1005AtTheField()
    {
        var json = Spec("\"gates\": [\n    { \"metric\": \"auc\", \"maxRise\": 0.01 }\n  ]");
        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);
        AssertAt(error, json, 6, "\"maxRise\"");
        StringAssert.Contains(error.Message, "use 'maxDrop'");
    }

    [TestMethod]
    public void MaxRiseWithMaxDropIsMLB1005()
    {
        var json = Spec("\"gates\": [\n    { \"metric\": \"rmse\", \"maxDrop\": 1, \"maxRise\": 1 }\n  ]", task: "regression");
        AssertAt(Fails(json, DiagnosticCodes.SpecInvalidValue), json, 6, "\"maxRise\"");
    }

    [TestMethod]
    [DataRow("maxDrop")]
    [DataRow("maxRelativeDrop")]
    public void ANegativeDropBoundIsMLB1005(string field)
    {
        var json = Spec($"\"gates\": [\n    {{ \"metric\": \"auc\", \"{field}\": -0.01 }}\n  ]");
        AssertAt(Fails(json, DiagnosticCodes.SpecInvalidValue), json, 6, $"\"{field}\"");
    }

    [TestMethod]
    public void APackageBaselineIsReadWithItsPinFeedAndFallback()
    {
        var spec = SpecText.Parse(Spec("\"baseline\": { \"package\": \"Contoso.Churn\", \"version\": \"1.2.0\", \"source\": \"../feed\", \"metrics\": \"baseline/Model.metrics.json\" }"));

        var folder = Path.GetDirectoryName(SpecText.DefaultPath)!;
        var baseline = spec.Baseline!;
        Assert.AreEqual(("Contoso.Churn", "1.2.0", Path.GetFullPath(Path.Combine(folder, "../feed"))), (baseline.Package, baseline.Version, baseline.Source));
        Assert.AreEqual(Path.Combine(folder, "baseline", "Model.metrics.json"), baseline.MetricsPath);
        Assert.IsNull(baseline.ModelPath);
    }

    [TestMethod]
    public void AFeedUrlIsKeptAsWrittenAndAModelFileIsResolvedAgainstTheSpec()
    {
        var package = SpecText.Parse(Spec("\"baseline\": { \"package\": \"Churn\", \"source\": \"https://feed.example/v3/index.json\" }")).Baseline!;
        var model = SpecText.Parse(Spec("\"baseline\": { \"model\": \"baseline/Model.zip\" }")).Baseline!;

        Assert.AreEqual(("https://feed.example/v3/index.json", null), (package.Source, package.Version));
        Assert.AreEqual(Path.Combine(Path.GetDirectoryName(SpecText.DefaultPath)!, "baseline", "Model.zip"), model.ModelPath);
        Assert.IsNull(model.Package);
    }

    [TestMethod]
    [DataRow("\"package\": \"not a package id\"", "\"package\"", "not a valid NuGet package id")]
    [DataRow("\"package\": \"Churn\", \"version\": \"1.x\"", "\"version\"", "not a valid package version")]
    [DataRow("\"metrics\": \"m.json\", \"version\": \"1.0.0\"", "\"version\"", "belongs to a package baseline")]
    [DataRow("\"model\": \"m.zip\", \"source\": \"feed\"", "\"source\"", "belongs to a package baseline")]
    [DataRow("\"package\": \"Churn\", \"model\": \"m.zip\"", "\"model\"", "stands alone")]
    [DataRow("\"model\": \"m.zip\", \"metrics\": \"m.json\"", "\"model\"", "stands alone")]
    public void AMisusedBaselineFieldIsMLB1005AtTheField(string fields, string token, string message)
    {
        var json = Spec($"\"baseline\": {{ {fields} }}");
        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);
        AssertAt(error, json, 5, token);
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void BaselineWithoutMetricsIsMLB1004AtTheBaseline()
    {
        var json = Spec("\"baseline\": { \"optional\": true }");
        AssertAt(Fails(json, DiagnosticCodes.SpecMissingField), json, 5, "\"baseline\"");
    }

    [TestMethod]
    public void UnknownBaselineFieldIsMLB1003WithASuggestion()
    {
        var json = Spec("\"baseline\": { \"metrics\": \"m.json\", \"optinal\": true }");
        var error = Fails(json, DiagnosticCodes.SpecUnknownField);
        AssertAt(error, json, 5, "\"optinal\"");
        StringAssert.Contains(error.Message, "Did you mean 'optional'?");
    }

    [TestMethod]
    public void BaselineThatIsNotAnObjectIsMLB1005()
    {
        var json = Spec("\"baseline\": \"baseline/Model.metrics.json\"");
        AssertAt(Fails(json, DiagnosticCodes.SpecInvalidValue), json, 5, "\"baseline\"");
    }
}
