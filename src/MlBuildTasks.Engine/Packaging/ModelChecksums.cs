using System.Text;
using MlBuildTasks.Engine.IO;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>A file of the package and its SHA-256 (64 lower-case hex digits).</summary>
public sealed record ModelFileChecksum(string Path, string Sha256);

/// <summary>
/// <c>model/&lt;Model&gt;.sha256</c>: the SHA-256 of every other file in <c>model/</c>, in the format of <c>sha256sum</c>
/// (<c>cd model &amp;&amp; sha256sum -c Churn.sha256</c> checks them). A nuspec cannot hold it: NuGet's nuspec schema has
/// no element for custom metadata, so the checksums are a package file that a loader finds by the model's name.
/// </summary>
public static class ModelChecksums
{
    public static string PathOf(string model) => $"model/{model}.sha256";

    /// <summary>A model file proper (the ML.NET zip, an ONNX export): what a loader loads, as opposed to the JSON documents about it.</summary>
    public static bool IsModelFile(string path) =>
        path.StartsWith("model/", StringComparison.Ordinal) && !path.EndsWith(".json", StringComparison.Ordinal) && !path.EndsWith(".sha256", StringComparison.Ordinal);

    public static IReadOnlyList<ModelFileChecksum> Of(IEnumerable<KeyValuePair<string, byte[]>> files) =>
        files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new ModelFileChecksum(f.Key, Reproducible.Sha256(f.Value))).ToList();

    /// <summary>One <c>&lt;sha256&gt;  &lt;file name&gt;</c> line per file under <c>model/</c>, names relative to that folder, '\n' line ends.</summary>
    public static string Render(IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        var text = new StringBuilder();
        foreach (var file in Of(files.Where(f => f.Key.StartsWith("model/", StringComparison.Ordinal))))
            text.Append(file.Sha256).Append("  ").Append(file.Path["model/".Length..]).Append('\n');
        return text.ToString();
    }
}
