using System.Reflection;
using MlBuildTasks.Testing.Models;

namespace MlBuildTasks.Testing.Gates;

/// <summary>
/// One test case per gate of a model, read from <c>&lt;Model&gt;.metrics.json</c> beside the test assembly:
/// <code>
/// [TestMethod, ModelGates("ChurnModel")]
/// public void Gate(GateResult gate) => gate.AssertHolds();
/// </code>
/// Each case is named by the gate (<c>auc &gt;= 0.78</c>), so Test Explorer and TRX list, and CI servers chart, every gate.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ModelGatesAttribute(string model) : Attribute, ITestDataSource
{
    public string Model { get; } = model;

    /// <summary>Where the metrics file is; empty (the default) is the test assembly's folder.</summary>
    public string Directory { get; set; } = "";

    public IEnumerable<object?[]> GetData(MethodInfo methodInfo)
    {
        var directory = Directory.Length > 0 ? Directory : Path.GetDirectoryName(methodInfo.DeclaringType!.Assembly.Location)!;
        var metrics = ModelMetrics.Read(ModelFiles.Locate(Model, directory).MetricsFile);
        if (metrics.Gates.Count == 0)
            throw new InvalidOperationException($"{Model} has no gates: add some to its spec's \"gates\" (such as {{ \"metric\": \"auc\", \"min\": 0.78 }}) or remove [ModelGates(\"{Model}\")].");
        return metrics.Gates.Select(g => new object?[] { g });
    }

    public string? GetDisplayName(MethodInfo methodInfo, object?[]? data) =>
        data is [GateResult gate] ? gate.DisplayName : null;
}
