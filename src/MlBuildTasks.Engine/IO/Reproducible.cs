using System.Security.Cryptography;

namespace MlBuildTasks.Engine.IO;

/// <summary>What makes written archives reproducible and checkable: one fixed entry time, one hash format.</summary>
public static class Reproducible
{
    /// <summary>The time every zip entry carries, so the same content gives the same bytes.</summary>
    public static readonly DateTimeOffset ZipEntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>SHA-256 as 64 lower-case hex digits.</summary>
    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Whether the file exists and has the given SHA-256.</summary>
    public static bool FileHasSha256(string path, string? expected) =>
        expected is not null && File.Exists(path) && Sha256(File.ReadAllBytes(path)) == expected;
}
