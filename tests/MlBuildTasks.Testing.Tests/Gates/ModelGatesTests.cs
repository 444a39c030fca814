using System.Reflection;
using System.Runtime.Serialization;
using MlBuildTasks.Testing.Gates;
using MlBuildTasks.Testing.Tests.Support;

namespace MlBuildTasks.Testing.Tests.Gates;

[TestClass]
public sealed class ModelGatesTests
{
    private static readonly MethodInfo Method = typeof(ModelGatesTests).GetMethod(nameof(DataSourceYieldsOneCasePerGateNamedByItsBounds))!;

    private static List<GateResult> Cases(string directory, string model = TinyModel.Name) =>
        new ModelGatesAttribute(model) { Directory = directory }.GetData(Method).Select(row => (GateResult)row.Single()!).ToList();

    [TestMethod]
    public void DataSourceYieldsOneCasePerGateNamedByItsBounds()
    {
        var attribute = new ModelGatesAttribute(TinyModel.Name) { Directory = TinyModel.Directory };
        var names = attribute.GetData(Method).Select(row => attribute.GetDisplayName(Method, row)).ToList();

        CollectionAssert.AreEqual(new[]
        {
            "auc >= 0.78",
            "0.7 <= accuracy <= 0.99",
            "auc drop <= 0.02 vs baseline",
            "recall >= 0.6 (slice Contract=Month-to-month)",
        }, names);
    }

    [TestMethod]
    public void RelativeDropAndGainBoundsAreNamedToo()
    {
        var gate = new GateResult { Metric = "f1", Min = 0.5, MaxRelativeDrop = 0.05, MinGain = -0.01 };
        Assert.AreEqual("f1 >= 0.5, relative drop <= 5%, gain >= -0.01 vs baseline", gate.DisplayName);
    }

    [TestMethod]
    public void PassingGatesHold()
    {
        foreach (var gate in Cases(TinyModel.Directory)) gate.AssertHolds();
        Assert.HasCount(4, Cases(TinyModel.Directory));
    }

    [TestMethod]
    public void AMissedValueBoundFailsWithTheCodeMetricValueBoundAndLine()
    {
        var gate = new GateResult { Model = "ChurnModel", Metric = "auc", Slice = "Tenure < 12", Value = 0.8123, Min = 0.99, Passed = false, Line = 24, Code = "MLB4001" };

        var failure = Assert.ThrowsExactly<AssertFailedException>(gate.AssertHolds);

        StringAssert.Contains(failure.Message, "MLB4001: ChurnModel: gate 'auc >= 0.99 (slice Tenure < 12)' (spec line 24) failed: auc of slice 'Tenure < 12' = 0.8123, min 0.99.");
    }

    [TestMethod]
    public void AMissedChangeBoundNamesTheBaselineChangeAndBound()
    {
        var gate = new GateResult { Metric = "auc", Value = 0.8, Baseline = 0.85, Change = -0.05, MaxDrop = 0.02, Passed = false, Line = 26 };

        var failure = Assert.ThrowsExactly<AssertFailedException>(gate.AssertHolds);

        // Without a recorded code (metrics.json from before codes were recorded), the code follows from what was missed.
        StringAssert.Contains(failure.Message, "MLB4003: gate 'auc drop <= 0.02 vs baseline' (spec line 26) failed: auc = 0.8, baseline 0.85, change -0.05, maxDrop 0.02.");
    }

    [TestMethod]
    public void AnUnmeasuredMetricIsMLB4002()
    {
        var gate = new GateResult { Metric = "log-loss", Max = 0.5, Passed = false, Code = "MLB4002" };
        StringAssert.StartsWith(Assert.ThrowsExactly<AssertFailedException>(gate.AssertHolds).Message, "Assert.Fail failed. MLB4002: gate 'log-loss <= 0.5' could not be checked");
    }

    [TestMethod]
    public void AnAcceptedRegressionHolds()
    {
        var gate = new GateResult { Metric = "auc", Value = 0.8, Baseline = 0.85, MaxDrop = 0.02, Passed = false, AcceptedRegression = true, Code = "MLB4003" };
        Assert.IsTrue(gate.Holds);
        gate.AssertHolds();
    }

    [TestMethod]
    public void GateCasesSurviveDataContractSerialization()
    {
        // MSTest unfolds a data source into separate test cases only when its data serializes.
        var gate = Cases(TinyModel.Directory)[3];
        var serializer = new DataContractSerializer(typeof(GateResult));
        using var stream = new MemoryStream();
        serializer.WriteObject(stream, gate);
        stream.Position = 0;

        Assert.AreEqual(gate, serializer.ReadObject(stream));
    }

    [TestMethod]
    public void AMissingMetricsFileSaysToAddAProjectReference()
    {
        var failure = Assert.ThrowsExactly<FileNotFoundException>(() => Cases(TinyModel.Directory, "ChurnModel"));

        StringAssert.Contains(failure.Message, "ChurnModel.zip and ChurnModel.metrics.json not found in");
        StringAssert.Contains(failure.Message, "the models there are TinyChurn");
        StringAssert.Contains(failure.Message, "Add a ProjectReference to the project that trains ChurnModel");
    }

    [TestMethod]
    public void AModelWithoutGatesIsAnErrorRatherThanNoCases()
    {
        var directory = Directory.CreateTempSubdirectory("mlb-gates-").FullName;
        File.Copy(Path.Combine(TinyModel.Directory, TinyModel.Name + ".zip"), Path.Combine(directory, "NoGates.zip"));
        TinyModel.WriteMetrics(directory, "NoGates", "[]");

        var failure = Assert.ThrowsExactly<InvalidOperationException>(() => Cases(directory, "NoGates"));

        StringAssert.Contains(failure.Message, "NoGates has no gates");
    }

    [TestMethod]
    public void AFileThatIsNotAMetricsFileIsNamed()
    {
        var directory = Directory.CreateTempSubdirectory("mlb-gates-").FullName;
        File.WriteAllText(Path.Combine(directory, "Broken.zip"), "");
        File.WriteAllText(Path.Combine(directory, "Broken.metrics.json"), "{ not json");

        var failure = Assert.ThrowsExactly<InvalidDataException>(() => Cases(directory, "Broken"));

        StringAssert.Contains(failure.Message, "Broken.metrics.json is not a metrics file written by MlBuildTasks");
    }
}
