using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>The spec's <c>monitoring</c>: drift limits, per-column overrides and live-metric gates.</summary>
[TestClass]
public sealed class SpecReaderMonitoringTests
{
    private static string WithMonitoring(string monitoring) => SpecText.Minimal("binary-classification", more: "\"monitoring\": " + monitoring);

    [TestMethod]
    public void AbsentMeansTheDefaults()
    {
        Assert.IsNull(SpecText.Parse(SpecText.Minimal("binary-classification")).Monitoring);
        Assert.AreEqual(new DriftLimits(0.05, 0.1, 0.1, 0.25, 0.1, 0.1), MonitoringSpec.Default.Limits);
        Assert.AreEqual(0.5, MonitoringSpec.Default.DatasetDriftShare);
    }

    [TestMethod]
    public void LimitsColumnsAndGatesAreRead()
    {
        var monitoring = SpecText.Parse(WithMonitoring("""
            {
                "distance": 0.15, "datasetDriftShare": 0.3,
                "columns": { "Tenure": { "distance": 0.2, "maxMissingIncrease": 0.05 }, "Customer Id": { "ignore": true } },
                "gates": [ { "metric": "auc", "maxDrop": 0.05 } ]
              }
            """)).Monitoring!;

        Assert.AreEqual(new DriftLimits(Distance: 0.15), monitoring.Limits);
        Assert.AreEqual(0.3, monitoring.DatasetDriftShare);
        Assert.AreEqual(new DriftLimits(Distance: 0.2, MaxMissingIncrease: 0.05), monitoring.Columns["Tenure"].Limits);
        Assert.IsTrue(monitoring.Columns["Customer Id"].Ignore);
        Assert.AreEqual(("auc", 0.05), (monitoring.Gates.Single().Metric, monitoring.Gates.Single().MaxDrop));
        Assert.AreEqual(8, monitoring.Gates.Single().Location.Line);
    }

    [TestMethod]
    public void AColumnsLimitsFallBackToTheModelsThenTheDefaults()
    {
        var column = new DriftLimits(Distance: 0.2);
        var model = new DriftLimits(PValue: 0.01, Distance: 0.15);

        Assert.AreEqual(new DriftLimits(0.01, 0.2, 0.1, 0.25, 0.1, 0.1), column.Over(model.Over(DriftLimits.Defaults)));
    }

    [TestMethod]
    [DataRow("{ \"pValue\": 0 }", DiagnosticCodes.SpecInvalidValue, 5, "'pValue' must be above 0 and at most 1")]
    [DataRow("{ \"distance\": -0.1 }", DiagnosticCodes.SpecInvalidValue, 5, "'distance' must be a number above 0")]
    [DataRow("{ \"psiModerate\": 0.3, \"psiMajor\": 0.2 }", DiagnosticCodes.SpecInvalidValue, 5, "'psiMajor' (0.2) must be above 'psiModerate' (0.3)")]
    [DataRow("{ \"datasetDriftShare\": 1.5 }", DiagnosticCodes.SpecInvalidValue, 5, "'datasetDriftShare' must be above 0 and at most 1")]
    [DataRow("{ \"columns\": { \"Tenure\": { \"distanse\": 0.2 } } }", DiagnosticCodes.SpecUnknownField, 5, "Did you mean 'distance'?")]
    [DataRow("{ \"gates\": [ { \"metric\": \"auc\" } ] }", DiagnosticCodes.SpecMissingField, 5, "The gate on 'auc' has no bound")]
    [DataRow("\"weekly\"", DiagnosticCodes.SpecInvalidValue, 5, "'monitoring' must be an object")]
    public void AWrongValueIsAnErrorAtItsLine(string monitoring, string code, int line, string message)
    {
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => SpecText.Parse(WithMonitoring(monitoring), diagnostics), DiagnosticCodes.SpecInvalidValue);

        var error = DiagnosticAssert.Single(diagnostics, code);
        Assert.AreEqual(line, error.Line);
        StringAssert.Contains(error.Message, message);
    }
}
