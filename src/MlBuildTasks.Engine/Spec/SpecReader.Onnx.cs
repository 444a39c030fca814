using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary><c>onnx</c>: <c>true</c>, or <c>{ "tolerance": 1e-4 }</c>, asks for an ONNX copy of the model checked against it.</summary>
internal sealed partial class SpecReader
{
    private OnnxSpec? ReadOnnx(JsonElement root)
    {
        if (!root.TryGetProperty("onnx", out var element)) return null;
        var location = at.At("/onnx");
        switch (element.ValueKind)
        {
            case JsonValueKind.True: return new OnnxSpec(OnnxSpec.DefaultTolerance, location);
            case JsonValueKind.False: return null;
            case JsonValueKind.Object:
                CheckFields(element, "/onnx", OnnxFields, "'onnx'");
                if (!element.TryGetProperty("tolerance", out var tolerance)) return new OnnxSpec(OnnxSpec.DefaultTolerance, location);
                if (tolerance.ValueKind == JsonValueKind.Number && tolerance.GetDouble() is >= 0 and var value && double.IsFinite(value)) return new OnnxSpec(value, location);
                Error(DiagnosticCodes.SpecInvalidValue, "/onnx/tolerance", $"'tolerance' must be a number of 0 or more (the largest difference allowed between the ONNX and the ML.NET model's scores and probabilities), such as 1e-4; found {Describe(tolerance)}.");
                return null;
            default:
                Error(DiagnosticCodes.SpecInvalidValue, "/onnx", $"'onnx' must be true, false or an object such as {{ \"tolerance\": 1e-4 }}; found {Describe(element)}.");
                return null;
        }
    }
}
