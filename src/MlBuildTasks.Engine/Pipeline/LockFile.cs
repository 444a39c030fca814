using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>One source's entry in the lock file.</summary>
public sealed record LockedSource(string Role, string Format, string Source, string Fingerprint);

/// <summary>
/// <c>&lt;Model&gt;.mlmodel.lock.json</c>, beside the spec and meant to be committed: the content
/// fingerprint of every data source, so a data update shows in a diff and retrains even when
/// timestamps lie. Rewritten only when a fingerprint changes.
/// </summary>
public sealed record LockFile(int SchemaVersion, IReadOnlyList<LockedSource> Sources)
{
    public const int CurrentSchemaVersion = 1;

    public static string PathFor(ModelSpec spec)
    {
        var file = Path.GetFileName(spec.SpecPath);
        var stem = file.EndsWith(SpecParser.SpecSuffix, StringComparison.OrdinalIgnoreCase) ? file[..^SpecParser.SpecSuffix.Length] : Path.GetFileNameWithoutExtension(file);
        return Path.Combine(Path.GetDirectoryName(spec.SpecPath)!, stem + ".mlmodel.lock.json");
    }

    /// <summary>Writes the lock file when its content differs from what is there; returns whether it did.</summary>
    public static bool Update(ModelSpec spec, IReadOnlyList<LockedSource> sources)
    {
        var path = PathFor(spec);
        var content = System.Text.Json.JsonSerializer.Serialize(new LockFile(CurrentSchemaVersion, sources), ArtifactJson.Options) + "\n";
        if (File.Exists(path) && File.ReadAllText(path) == content) return false;
        AtomicFile.WriteAllText(path, content);
        return true;
    }
}
