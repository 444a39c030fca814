using System.Diagnostics;
using System.Security.Cryptography;

namespace MlBuildTasks.Runtime.Tests.Support;

/// <summary>Writes and checks <c>&lt;Model&gt;.sha256</c> lists the way the packer and <c>sha256sum</c> do.</summary>
public static class Checksums
{
    /// <summary>The lower-case hex SHA-256 of a file, computed here rather than by the code under test.</summary>
    public static string Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>One <c>&lt;hash&gt;  &lt;name&gt;</c> line per file, sorted, as <c>sha256sum</c> writes in text mode.</summary>
    public static string ListOf(string directory, IEnumerable<string> names) =>
        string.Concat(names.Order(StringComparer.Ordinal).Select(name => $"{Of(Path.Combine(directory, name))}  {name}\n"));

    /// <summary>Writes <c>&lt;model&gt;.sha256</c> covering <paramref name="names"/>; returns its path.</summary>
    public static string Write(string directory, string model, params string[] names)
    {
        var path = Path.Combine(directory, model + ".sha256");
        File.WriteAllText(path, ListOf(directory, names));
        return path;
    }

    /// <summary>
    /// Runs <c>sha256sum -c</c> on a list in its folder: true when every line verifies, false when one fails, null when
    /// the machine has no <c>sha256sum</c>.
    /// </summary>
    public static bool? VerifiesWithSha256sum(string directory, string listName)
    {
        try
        {
            var start = new ProcessStartInfo("sha256sum", ["-c", "--quiet", listName])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A fresh temp folder for one test.</summary>
    public static string NewDirectory() => Directory.CreateTempSubdirectory("mlb-runtime-").FullName;
}
