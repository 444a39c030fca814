using System.Security.Cryptography;

namespace MlBuildTasks.Runtime;

/// <summary>
/// Checks model files against <c>&lt;Model&gt;.sha256</c>, the list the packer wrote next to them (one
/// <c>&lt;64 hex digits&gt;  &lt;file name&gt;</c> line per file, as <c>sha256sum</c> writes; docs/package.md#checksums).
/// A loader calls it before reading a file, so a tampered or truncated model never reaches ML.NET.
/// </summary>
public static class ModelIntegrity
{
    /// <summary>The checksum list of <paramref name="model"/> in <paramref name="directory"/>.</summary>
    public static string ChecksumFileOf(string directory, string model) => System.IO.Path.Combine(directory, model + ".sha256");

    /// <summary>Throws <see cref="ModelIntegrityException"/> unless every named file matches its line in the model's checksum list.</summary>
    public static void Verify(string directory, string model, params string[] fileNames)
    {
        var list = ChecksumFileOf(directory, model);
        if (!File.Exists(list))
            throw new ModelIntegrityException(
                $"'{list}' is missing, so the files of model '{model}' cannot be verified. A model package copies it next to the model; reinstall the package.", list);

        var expected = Parse(File.ReadAllLines(list));
        foreach (var name in fileNames)
        {
            var path = System.IO.Path.Combine(directory, name);
            if (!expected.TryGetValue(name, out var sha256))
                throw new ModelIntegrityException($"'{list}' has no checksum for '{name}', so it cannot be verified and is not loaded.", path);
            if (!File.Exists(path))
                throw new ModelIntegrityException($"Model file '{path}' is missing.", path);

            var actual = Sha256Of(path);
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
                throw new ModelIntegrityException(
                    $"Model file '{path}' does not match the SHA-256 its package recorded ({new FileInfo(path).Length:N0} bytes, SHA-256 {actual}; expected {sha256}). " +
                    "It was changed, truncated or replaced after packing and is not loaded. Restore the file from the model package.", path);
        }
    }

    /// <summary>The lower-case hex SHA-256 of a file, read in one streaming pass.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            // "<hash>  <name>" (text mode) or "<hash> *<name>" (binary mode), as sha256sum writes them.
            if (line.Length < 66 || line[64] != ' ') continue;
            var name = line[65] is ' ' or '*' ? line[66..] : line[65..];
            checksums[name] = line[..64];
        }

        return checksums;
    }
}
