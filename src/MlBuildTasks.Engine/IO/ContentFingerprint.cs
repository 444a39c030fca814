using System.IO.Hashing;
using System.Text;

namespace MlBuildTasks.Engine.IO;

/// <summary>
/// Content fingerprints: XxHash128 (fast, non-cryptographic) as 32 hex digits. Timestamps lie on a fresh
/// clone; content does not, so "did anything change?" is answered from these.
/// </summary>
public static class ContentFingerprint
{
    public static string OfFile(string path)
    {
        var hash = new XxHash128();
        using var stream = File.OpenRead(path);
        hash.Append(stream);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>A fingerprint of several named parts, order-sensitive.</summary>
    public static string Combine(IEnumerable<KeyValuePair<string, string>> parts)
    {
        var hash = new XxHash128();
        foreach (var (name, value) in parts)
        {
            hash.Append(Encoding.UTF8.GetBytes(name));
            hash.Append([0]);
            hash.Append(Encoding.UTF8.GetBytes(value));
            hash.Append([0]);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
