using System.Text;

namespace MlBuildTasks.Engine.IO;

/// <summary>
/// Writes a file all at once or not at all: the content goes to a temporary file beside the target,
/// which then replaces it by rename. A crash or Ctrl+C leaves the last good file, never half of one.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, byte[] content) => Write(path, stream => stream.Write(content));

    public static void WriteAllText(string path, string content) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(content));

    /// <summary>Writes via a callback into a temporary file, then renames it into place.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
