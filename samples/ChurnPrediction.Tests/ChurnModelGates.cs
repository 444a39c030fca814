using MlBuildTasks.Testing.Gates;

namespace ChurnPrediction.Tests;

/// <summary>Every gate of ChurnModel.mlmodel.json as its own test case (auc >= 0.78, accuracy >= 0.72), charted by CI from the TRX.</summary>
[TestClass]
public sealed class ChurnModelGates
{
    [TestMethod, ModelGates("ChurnModel")]
    public void Gate(GateResult gate) => gate.AssertHolds();
}
