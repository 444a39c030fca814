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
        // Records read from JSON leave a missing list null; say which file is incomplete rather than fail later.
        if (signature.Inputs is null || signature.Outputs is null || signature.Model is null)
            throw new InvalidDataException($"'{path}' is not a complete model signature: it needs 'model', 'inputs' and 'outputs' (docs/package.md#signature).");
        return signature;
    }
}
