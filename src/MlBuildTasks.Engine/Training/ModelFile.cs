using System.IO.Compression;
using Microsoft.ML;
using MlBuildTasks.Engine.IO;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// Saves an ML.NET model zip so that the same model gives the same bytes: ML.NET stamps each zip entry
/// with the current time, so entries are rewritten with a fixed timestamp in their original order.
/// </summary>
public static class ModelFile
{
    /// <returns>The SHA-256 of the bytes written.</returns>
    public static string Save(MLContext ml, ITransformer model, Microsoft.ML.DataViewSchema inputSchema, string path)
    {
        var bytes = Bytes(ml, model, inputSchema);
        AtomicFile.WriteAllBytes(path, bytes);
        return Reproducible.Sha256(bytes);
    }

    /// <summary>The bytes <see cref="Save"/> would write.</summary>
    public static byte[] Bytes(MLContext ml, ITransformer model, Microsoft.ML.DataViewSchema inputSchema)
    {
        using var raw = new MemoryStream();
        ml.Model.Save(model, inputSchema, raw);
        raw.Position = 0;

        using var normalised = new MemoryStream();
        using (var source = new ZipArchive(raw, ZipArchiveMode.Read))
        using (var target = new ZipArchive(normalised, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = Reproducible.ZipEntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return normalised.ToArray();
    }
}
