using System.Text.Json;

namespace MlBuildTasks.Runtime;

/// <summary>
/// What the model package says about the loaded model: its package id and version (from the lineage), its signature,
/// test metrics and gate results (<c>.metrics.json</c>) and lineage (<c>.lineage.json</c>), as JSON for a <c>GET /model</c>.
/// </summary>
public sealed record ModelInfo(string Name, string? PackageId, string? Version, ModelSignature Signature, JsonElement? Metrics, JsonElement? Lineage)
{
    internal static ModelInfo Read(string directory, string model, ModelSignature signature)
    {
        var metrics = ReadJson(directory, model + ".metrics.json");
        var lineage = ReadJson(directory, model + ".lineage.json");
        return new ModelInfo(model, Text(lineage, "packageId"), Text(lineage, "version"), signature, metrics, lineage);
    }

    private static JsonElement? ReadJson(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path)) return null;
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static string? Text(JsonElement? document, string property) =>
        document is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
