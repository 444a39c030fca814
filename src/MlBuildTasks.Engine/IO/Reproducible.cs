using System.Security.Cryptography;

namespace MlBuildTasks.Engine.IO;

/// <summary>What makes written archives reproducible and checkable: one fixed entry time, one hash format.</summary>
public static class Reproducible
{
    /// <summary>The time every zip entry carries, so the same content gives the same bytes.</summary>
    public static readonly DateTimeOffset ZipEntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The time a package entry carries: <see cref="ZipEntryTime"/> plus up to about 8 years, by the SHA-256 of the
    /// entry's content, in the zip format's 2-second steps. The same content gets the same time (so packing stays
    /// reproducible), and a changed file gets another time: NuGet extracts files with their entry's time and MSBuild's
    /// copies compare size and time, so one fixed time for every file would hide a model file changed at the same size.
    /// </summary>
    public static DateTimeOffset EntryTimeOf(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        const uint steps = 8u * 365 * 24 * 3600 / 2;
        return ZipEntryTime.AddSeconds(2.0 * (BitConverter.ToUInt32(hash) % steps));
    }

    /// <summary>SHA-256 as 64 lower-case hex digits.</summary>
    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Whether the file exists and has the given SHA-256.</summary>
    public static bool FileHasSha256(string path, string? expected) =>
        expected is not null && File.Exists(path) && Sha256(File.ReadAllBytes(path)) == expected;
}
