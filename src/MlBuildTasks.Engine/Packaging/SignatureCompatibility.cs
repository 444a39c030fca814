using System.Text.Json;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Runtime;
using NuGet.Packaging;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// Whether a model's inputs still accept what callers of a released version send, the way package API validation
/// judges an assembly: a column removed or retyped, or a value newly required, breaks them; an optional column added does not.
/// </summary>
public static class SignatureCompatibility
{
    /// <summary>What breaks callers of <paramref name="released"/>, one line per column (empty when compatible).</summary>
    public static IReadOnlyList<string> BreakingChanges(IReadOnlyList<SignatureInput> released, IReadOnlyList<SignatureInput> current)
    {
        var now = current.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var before = released.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var old in released)
        {
            if (!now.TryGetValue(old.Name, out var column)) changes.Add($"'{old.Name}' was removed");
            else if (column.Type != old.Type || column.DataType != old.DataType)
                changes.Add($"'{old.Name}' changed type from {old.Type} ({old.DataType}) to {column.Type} ({column.DataType})");
            else if (column.Required && !old.Required) changes.Add($"'{old.Name}' is now required");
        }

        // A caller of the released version does not send a new column: fine when it may be missing, not when it is required.
        changes.AddRange(current.Where(c => c.Required && !before.Contains(c.Name)).Select(c => $"'{c.Name}' was added as a required column"));
        return changes;
    }

    /// <summary>
    /// The inputs of a released model package: its <c>model/&lt;Model&gt;.signature.json</c>, or for a package made before
    /// signatures the <c>inputs</c> of its metrics (every column optional, as nothing said otherwise); null when it has neither.
    /// </summary>
    public static IReadOnlyList<SignatureInput>? InputsOf(byte[] nupkg, string model)
    {
        using var reader = new PackageArchiveReader(new MemoryStream(nupkg, writable: false));
        var files = reader.GetFiles().ToHashSet(StringComparer.Ordinal);
        if (files.Contains($"model/{model}.signature.json"))
            return Read<ModelSignature>(reader, $"model/{model}.signature.json")?.Inputs;
        if (files.Contains($"model/{model}.metrics.json"))
            return Read<MetricsDocument>(reader, $"model/{model}.metrics.json")?.Inputs
                .Select(i => new SignatureInput(i.Name, i.ModelColumn, i.Kind.ToName(), i.DataType, Required: false)).ToList();
        return null;
    }

    private static T? Read<T>(PackageArchiveReader reader, string path)
    {
        using var stream = reader.GetStream(path);
        return JsonSerializer.Deserialize<T>(stream, ArtifactJson.Options);
    }
}
