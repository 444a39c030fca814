using System.Globalization;
using Microsoft.ML;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Onnx;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>The spec's <c>onnx</c>: export the model to ONNX and check it predicts what the ML.NET model predicts.</summary>
public static partial class TrainingRun
{
    /// <summary>An ONNX export: its bytes and what metrics.json says about it.</summary>
    private sealed record OnnxExport(byte[] Bytes, OnnxReport Report);

    /// <summary>MLB5011 at the spec's <c>onnx</c> line, before training, for a part of the model the converter cannot export.</summary>
    private static void CheckExportable(ModelSpec spec, ResolvedSchema schema)
    {
        if (spec.Onnx is not { } onnx || OnnxExportability.FirstObstacle(spec, schema) is not { } obstacle) return;
        throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.OnnxNotExportable,
            $"Model '{spec.Name}' cannot be exported to ONNX: {obstacle}", onnx.Location));
    }

    /// <summary>
    /// Converts the saved model (<paramref name="modelBytes"/>, the bytes that ship, whether just trained or restored from
    /// the training cache) to ONNX and compares its predictions on the test rows with ML.NET's; a difference beyond the
    /// tolerance is MLB5010, naming the first differing row. The cache keeps no ONNX file: converting takes a fraction of
    /// a second, the parity check must run on this run's test rows anyway, and the key leaves 'onnx' out, so turning it
    /// on for a cached model needs no retraining.
    /// </summary>
    private static OnnxExport ExportOnnx(ModelSpec spec, OnnxSpec onnx, byte[] modelBytes, TrainingData test, DataSplit split, CellLocator locator, IDiagnosticSink sink)
    {
        var ml = new MLContext(spec.Seed);
        var model = ml.Model.Load(new MemoryStream(modelBytes), out _);
        var rows = test.ToDataView(split.Test);
        byte[] bytes;
        OnnxParityResult parity;
        try
        {
            bytes = OnnxExporter.Convert(ml, model, rows, spec.Task);
            parity = OnnxParity.Check(model, bytes, rows, spec.Task, onnx.Tolerance);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or NotSupportedException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.OnnxNotExportable,
                $"Model '{spec.Name}' cannot be exported to ONNX: ML.NET's ONNX converter or ONNX Runtime failed on it ({ex.Message.Split('\n')[0].TrimEnd('.')}). Change the featurization or trainer to ones the converter supports (see docs/spec.md#onnx), or remove 'onnx'.",
                onnx.Location));
        }

        string? firstDifference = null;
        if (parity.First is { } first)
        {
            var at = locator.Locate(test.Tags[split.Test[first.Row]]);
            var file = Path.GetRelativePath(Path.GetDirectoryName(spec.SpecPath)!, at.File).Replace('\\', '/');
            var where = at.Line > 0 ? $"test row {first.Row + 1} ({file} line {at.Line})" : $"test row {first.Row + 1} ({file})";
            firstDifference = $"{where}: {first.Output} is {first.MlNet} in ML.NET and {first.Onnx} in ONNX Runtime";
            sink.Report(Diagnostic.Error(DiagnosticCodes.OnnxParityFailed,
                $"The ONNX export of model '{spec.Name}' does not predict what the ML.NET model predicts: at {firstDifference}, beyond the tolerance {Number(onnx.Tolerance)} " +
                $"({parity.Rows} test rows compared, largest difference {Number(parity.MaxDifference)}). Raise 'onnx.tolerance' if the difference is float rounding, or remove 'onnx'; no ONNX file is written.",
                onnx.Location));
        }
        else
        {
            sink.Message($"{spec.Name}: ONNX export matches ML.NET on {parity.Rows} test rows ({string.Join(", ", parity.Outputs)}; largest difference {Number(parity.MaxDifference)}, tolerance {Number(onnx.Tolerance)}).", important: true);
        }

        return new OnnxExport(bytes, new OnnxReport(Path.GetFileName(new ArtifactPaths("", spec.Name).Onnx), Reproducible.Sha256(bytes), parity.Rows, parity.Outputs,
            parity.MaxDifference, onnx.Tolerance, parity.Passed, firstDifference));
    }

    private static string Number(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
