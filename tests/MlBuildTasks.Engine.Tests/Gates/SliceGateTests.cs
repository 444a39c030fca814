using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Gates;

/// <summary>Gates on one slice group's metric: boundaries, the slice named in messages, undefined and absent groups.</summary>
[TestClass]
public sealed class SliceGateTests
{
    /// <summary>A binary spec sliced by Contract, with one gate at line 7, column 5.</summary>
    private static ModelSpec Gate(string gate) => SpecText.Parse(SpecText.Minimal("binary-classification", more:
        $"\"slices\": [\"Contract\"],\n  \"gates\": [\n    {gate}\n  ]"));

    private static readonly IReadOnlyList<SliceResult> Slices =
    [
        new("Contract", "Contract=Month-to-month", 40, new Dictionary<string, double?> { ["auc"] = 0.7, ["accuracy"] = 0.8 }),
        new("Contract", "Contract=Two year", 3, new Dictionary<string, double?> { ["auc"] = null, ["accuracy"] = 1.0 }),
    ];

    private static readonly Dictionary<string, double> Whole = new() { ["auc"] = 0.9, ["accuracy"] = 0.85 };

    private static (GateVerdict Verdict, DiagnosticList Diagnostics) Judge(ModelSpec spec, BaselineMetrics? baseline = null)
    {
        var diagnostics = new DiagnosticList();
        return (GateEvaluator.Evaluate(spec, Whole, baseline, acceptRegression: false, diagnostics, Slices), diagnostics);
    }

    [TestMethod]
    public void ASliceGateAtItsBoundaryPassesAndReadsTheSlicesValue()
    {
        var (verdict, diagnostics) = Judge(Gate("{ \"metric\": \"auc\", \"slice\": \"Contract=Month-to-month\", \"min\": 0.7 }"));

        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual(new GateResult("auc", 0.7, 0.7, null, true, Slice: "Contract=Month-to-month", Line: 7), verdict.Results.Single());
    }

    [TestMethod]
    public void ASliceGateJustMissedIsMLB4001NamingTheSlice()
    {
        var (verdict, diagnostics) = Judge(Gate("{ \"metric\": \"auc\", \"slice\": \"Contract=Month-to-month\", \"min\": 0.7001 }"));

        Assert.IsFalse(verdict.Passed);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateFailed);
        DiagnosticAssert.IsError(error, DiagnosticCodes.GateFailed, SpecText.DefaultPath, 7, 5);
        StringAssert.Contains(error.Message, "auc of slice 'Contract=Month-to-month' = 0.7 is below the minimum 0.7001");
    }

    [TestMethod]
    public void ASliceWhoseMetricIsUndefinedIsMLB4002()
    {
        var (verdict, diagnostics) = Judge(Gate("{ \"metric\": \"auc\", \"slice\": \"Contract=Two year\", \"min\": 0.5 }"));

        Assert.IsFalse(verdict.Passed);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        DiagnosticAssert.IsError(error, DiagnosticCodes.GateMetricUnavailable, SpecText.DefaultPath, 7, 5);
        StringAssert.Contains(error.Message, "auc of slice 'Contract=Two year'");
        StringAssert.Contains(error.Message, "undefined on the slice's 3 test rows");
    }

    [TestMethod]
    public void AGroupTheTestPartDoesNotHaveIsMLB4002WithASuggestion()
    {
        var (_, diagnostics) = Judge(Gate("{ \"metric\": \"accuracy\", \"slice\": \"Contract=Two years\", \"min\": 0.5 }"));

        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateMetricUnavailable);
        StringAssert.Contains(error.Message, "no slice group 'Contract=Two years'");
        StringAssert.Contains(error.Message, "Did you mean 'Contract=Two year'?");
    }

    [TestMethod]
    public void ASliceChangeGateComparesWithTheBaselinesSlice()
    {
        var spec = Gate("{ \"metric\": \"accuracy\", \"slice\": \"Contract=Month-to-month\", \"maxDrop\": 0.05 }");
        var baseline = new BaselineMetrics("baseline.metrics.json", new Dictionary<string, double?> { ["accuracy"] = 0.8 },
            new Dictionary<string, IReadOnlyDictionary<string, double?>> { ["Contract=Month-to-month"] = new Dictionary<string, double?> { ["accuracy"] = 0.86 } });

        var (verdict, diagnostics) = Judge(spec, baseline);

        Assert.IsFalse(verdict.Passed);
        StringAssert.Contains(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.GateRegressed).Message, "accuracy of slice 'Contract=Month-to-month' = 0.8 against the baseline 0.86");
        Assert.AreEqual(0.86, verdict.Results.Single().Baseline);
    }
}
