using System.Text;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Parses spec text held in a test, as if it were a file (SpecParser.Parse does not touch the disk).</summary>
internal static class SpecText
{
    /// <summary>Where parsed specs claim to live; diagnostics carry this file name.</summary>
    public static readonly string DefaultPath = Path.Combine(Path.GetTempPath(), "mlbuild-engine-tests", "Model.mlmodel.json");

    public static ModelSpec Parse(string json, DiagnosticList? sink = null, string? path = null, string? modelName = null) =>
        SpecParser.Parse(path ?? DefaultPath, Encoding.UTF8.GetBytes(json), sink ?? new DiagnosticList(), modelName);

    /// <summary>
    /// A spec with a fixed layout, so that '/task' is at (2,3), '/data' at (3,3), '/label' at (4,3) and, when
    /// given, '/positiveClass' at (5,3). <paramref name="more"/> is appended as further root fields.
    /// </summary>
    public static string Minimal(string task, string label = "Label", string? positiveClass = null, string? more = null)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append($"  \"task\": \"{task}\",\n");
        text.Append("  \"data\": \"data.csv\",\n");
        text.Append($"  \"label\": \"{label}\"");
        if (positiveClass is not null) text.Append($",\n  \"positiveClass\": \"{positiveClass}\"");
        if (more is not null) text.Append(",\n  ").Append(more);
        text.Append("\n}\n");
        return text.ToString();
    }
}
