using System.Text.Json;

namespace MlBuildTasks.Runtime;

/// <summary>Reads <c>&lt;Model&gt;.signature.json</c> (docs/package.md, schema version 1).</summary>
public static class SignatureFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };

    public static ModelSignature Read(string path)
    {
        var signature = JsonSerializer.Deserialize<ModelSignature>(File.ReadAllBytes(path), Options)
            ?? throw new InvalidDataException($"'{path}' holds no model signature.");
        if (signature.SchemaVersion > ModelSignature.CurrentSchemaVersion)
            throw new InvalidDataException(
                $"'{path}' has signature schema version {signature.SchemaVersion}; this MlBuildTasks.Runtime reads up to {ModelSignature.CurrentSchemaVersion}. Update the MlBuildTasks.Runtime package.");
        return signature;
    }
}
