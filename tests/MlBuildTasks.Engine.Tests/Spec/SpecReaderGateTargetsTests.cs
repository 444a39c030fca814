using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>What a gate can target besides the task's metrics: performance figures and slices, each mistake at its line.</summary>
[TestClass]
public sealed class SpecReaderGateTargetsTests
{
    /// <summary>A binary spec with <c>slices</c> at line 5 and its gates from line 7.</summary>
    private static string Spec(string gates, string slices = "[\"Contract\", { \"column\": \"Tenure\", \"bins\": [12, 24] }]") =>
        SpecText.Minimal("binary-classification", more: $"\"slices\": {slices},\n  \"gates\": [\n    {gates}\n  ]");

    private static Diagnostic Fails(string json, string code)
    {
        var diagnostics = new DiagnosticList();
        Assert.ThrowsExactly<MlBuildException>(() => SpecText.Parse(json, diagnostics));
        return DiagnosticAssert.Single(diagnostics, code);
    }

    private static void AssertAt(Diagnostic diagnostic, string json, int line, string token)
    {
        var (expectedLine, column) = TextPosition.Of(json, line, token);
        DiagnosticAssert.IsError(diagnostic, diagnostic.Code, SpecText.DefaultPath, expectedLine, column);
    }

    [TestMethod]
    public void PerformanceAndSliceGatesAreRead()
    {
        var spec = SpecText.Parse(Spec("""
            { "metric": "latency-p99-ms", "max": 1 },
                { "metric": "model-size-bytes", "max": 5000000, "maxRelativeDrop": 0.2 },
                { "metric": "throughput-rows-per-second", "min": 1000 },
                { "metric": "auc", "slice": "Contract=Month-to-month", "min": 0.7 },
                { "metric": "auc", "slice": "Tenure in [12, 24)", "min": 0.6 }
            """));

        CollectionAssert.AreEqual(new[] { "latency-p99-ms", "model-size-bytes", "throughput-rows-per-second", "auc", "auc" }, spec.Gates.Select(g => g.Metric).ToArray());
        CollectionAssert.AreEqual(new[] { null, null, null, "Contract=Month-to-month", "Tenure in [12, 24)" }, spec.Gates.Select(g => g.Slice).ToArray());
        Assert.AreEqual(10, spec.Gates[3].Location.Line);
    }

    [TestMethod]
    public void AMisspelledPerformanceFigureIsUnknownWithASuggestion()
    {
        var json = Spec("{ \"metric\": \"latency-p99\", \"max\": 1 }");

        var error = Fails(json, DiagnosticCodes.SpecUnknownMetric);

        AssertAt(error, json, 7, "\"metric\"");
        StringAssert.Contains(error.Message, "Did you mean 'latency-p99-ms'?");
        StringAssert.Contains(error.Message, "memory-bytes");
    }

    [TestMethod]
    public void MaxRiseOfThroughputIsRefusedLikeAnyHigherIsBetterMetric()
    {
        var json = Spec("{ \"metric\": \"throughput-rows-per-second\", \"maxRise\": 10 }");

        StringAssert.Contains(Fails(json, DiagnosticCodes.SpecInvalidValue).Message, "higher-is-better");
    }

    [TestMethod]
    public void ASliceOfAColumnNotDeclaredIsMLB1005AtTheGateWithASuggestion()
    {
        var json = Spec("{ \"metric\": \"auc\", \"slice\": \"Contrat=Month-to-month\", \"min\": 0.7 }");

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        AssertAt(error, json, 7, "\"slice\"");
        StringAssert.Contains(error.Message, "Slice 'Contrat=Month-to-month' is not one of the spec's slices");
        StringAssert.Contains(error.Message, "Did you mean 'Contract'?");
    }

    [TestMethod]
    public void ASliceGateWithoutSlicesIsMLB1005()
    {
        var json = SpecText.Minimal("binary-classification", more: "\"gates\": [\n    { \"metric\": \"auc\", \"slice\": \"Contract=Month-to-month\", \"min\": 0.7 }\n  ]");

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        AssertAt(error, json, 6, "\"slice\"");
        StringAssert.Contains(error.Message, "declares no 'slices'");
    }

    [TestMethod]
    public void ABinnedSlicesGroupMustBeOneOfItsBuckets()
    {
        var json = Spec("{ \"metric\": \"auc\", \"slice\": \"Tenure in [12, 25)\", \"min\": 0.7 }");

        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);

        AssertAt(error, json, 7, "\"slice\"");
        StringAssert.Contains(error.Message, "Expected one of: Tenure < 12, Tenure in [12, 24), Tenure >= 24, Tenure missing.");
        StringAssert.Contains(error.Message, "Did you mean 'Tenure in [12, 24)'?");
    }

    [TestMethod]
    public void APerformanceFigureHasNoSlices()
    {
        var json = Spec("{ \"metric\": \"latency-p99-ms\", \"slice\": \"Contract=Month-to-month\", \"max\": 1 }");

        StringAssert.Contains(Fails(json, DiagnosticCodes.SpecInvalidValue).Message, "measured for the whole model, not per slice");
    }
}
