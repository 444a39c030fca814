using System.Text.Json.Serialization;
using System.Text.Json;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Runtime;

namespace MlBuildTasks.Engine.Artifacts;

/// <summary>The artifact types, for System.Text.Json's source generator.</summary>
[JsonSerializable(typeof(MetricsDocument))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(TrialsDocument))]
[JsonSerializable(typeof(Caching.CacheEntry))]
[JsonSerializable(typeof(ValidationDocument))]
[JsonSerializable(typeof(ProfileDocument))]
[JsonSerializable(typeof(Packaging.Lineage))]
[JsonSerializable(typeof(ModelSignature))]
[JsonSerializable(typeof(Monitoring.DriftDocument))]
[JsonSerializable(typeof(Pipeline.LockFile))]
[JsonSerializable(typeof(Packaging.ModelPackager.ZipManifest))]
[JsonSerializable(typeof(Monitoring.Drift.ColumnDrift))]
[JsonSerializable(typeof(Monitoring.Drift.DatasetDrift))]
internal sealed partial class ArtifactJsonContext : JsonSerializerContext;

/// <summary>How every JSON artifact is written and read: camelCase, indented, nulls left out, atomic writes.</summary>
public static class ArtifactJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // Generated metadata: no reflection at run time, which spares the engine's start-up the JIT cost.
        TypeInfoResolver = ArtifactJsonContext.Default,
    };

    public static void Write<T>(string path, T value) =>
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, Options));

    /// <summary>Reads an artifact, or returns null when it is missing or unreadable (it is then rebuilt).</summary>
    public static T? TryRead<T>(string path) where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
