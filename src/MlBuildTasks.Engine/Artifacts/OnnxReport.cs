namespace MlBuildTasks.Engine.Artifacts;

/// <summary>
/// metrics.json <c>onnx</c>: the model's ONNX export (<see cref="File"/> beside the model, written only for a model that
/// passed its gates and this check; <see cref="Sha256"/> of its bytes) and its parity with the ML.NET model on the
/// <see cref="Rows"/> test rows: the <see cref="Outputs"/> compared, the largest difference of a score or
/// probability (absolute within ±1, relative to ML.NET's value beyond), the <see cref="Tolerance"/>, and the first differing row when it failed.
/// </summary>
public sealed record OnnxReport(
    string File,
    string Sha256,
    int Rows,
    IReadOnlyList<string> Outputs,
    double MaxDifference,
    double Tolerance,
    bool Passed,
    string? FirstDifference = null);
