using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Gates;

/// <summary>Reading the baseline metrics file a spec names: present, missing (required or optional) and broken.</summary>
[TestClass]
public sealed class BaselineMetricsTests
{
    private static ModelSpec Spec(TempFolder folder, bool optional = false) => SpecText.Parse(
        SpecText.Minimal("binary-classification", more: $"\"baseline\": {{ \"metrics\": \"baseline/Model.metrics.json\", \"optional\": {(optional ? "true" : "false")} }}"),
        path: folder.Combine("Model.mlmodel.json"));

    [TestMethod]
    public void ReadsTheMetricsOfAnEarlierBuild()
    {
        using var folder = new TempFolder();
        folder.Write("baseline/Model.metrics.json", """{ "schemaVersion": 1, "task": "binary-classification", "metrics": { "auc": 0.85, "log-loss": null } }""");
        var baseline = BaselineMetrics.Load(Spec(folder))!;
        Assert.AreEqual(0.85, baseline.Metrics["auc"]);
        Assert.IsNull(baseline.Metrics["log-loss"]);
        Assert.AreEqual(folder.Combine("baseline/Model.metrics.json"), baseline.Path);
    }

    [TestMethod]
    public void NoBaselineInTheSpecIsNull() =>
        Assert.IsNull(BaselineMetrics.Load(SpecText.Parse(SpecText.Minimal("binary-classification"))));

    [TestMethod]
    public void AMissingRequiredFileIsMLB4004AtTheBaseline()
    {
        using var folder = new TempFolder();
        var error = DiagnosticAssert.Throws(() => BaselineMetrics.Load(Spec(folder)), DiagnosticCodes.BaselineNotFound);
        DiagnosticAssert.At(error, folder.Combine("Model.mlmodel.json"), 5, 3);
        StringAssert.Contains(error.Message, "\"optional\": true");
    }

    [TestMethod]
    public void AMissingOptionalFileIsNoBaselineYet()
    {
        using var folder = new TempFolder();
        Assert.IsNull(BaselineMetrics.Load(Spec(folder, optional: true)));
    }

    [TestMethod]
    [DataRow("{ \"auc\": ", "is not valid JSON")]
    [DataRow("[1, 2]", "has no \"metrics\" object")]
    [DataRow("{ \"metrics\": [0.8] }", "has no \"metrics\" object")]
    [DataRow("{ \"metrics\": { \"auc\": \"high\" } }", "has a non-number value for 'auc'")]
    [DataRow("{ \"task\": \"regression\", \"metrics\": { \"rmse\": 1 } }", "is from a 'regression' model, but this spec's task is 'binary-classification'")]
    public void AMalformedFileIsMLB4005AtTheBaseline(string content, string reason)
    {
        using var folder = new TempFolder();
        folder.Write("baseline/Model.metrics.json", content);
        var error = DiagnosticAssert.Throws(() => BaselineMetrics.Load(Spec(folder, optional: true)), DiagnosticCodes.BaselineInvalid);
        DiagnosticAssert.At(error, folder.Combine("Model.mlmodel.json"), 5, 3);
        StringAssert.Contains(error.Message, reason);
    }
}
